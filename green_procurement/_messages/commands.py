"""The output of the policy commands: ``validate``, ``diff`` and ``catalog``."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
}
