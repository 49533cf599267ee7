"""``python -m green_procurement`` runs the command line."""

from .cli import main

raise SystemExit(main())
