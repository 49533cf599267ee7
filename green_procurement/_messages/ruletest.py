"""Rule test files and the ``test`` command (``ruletest.py``)."""

from __future__ import annotations

#: id: (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
}
