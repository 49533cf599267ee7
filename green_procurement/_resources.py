"""Where the shipped catalogue and rules live.

In an installed wheel they are package data under ``green_procurement/_data/``; in a source checkout
(or an editable install) they are the top-level ``catalog/`` and ``rules/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The shipped ``catalog`` or ``rules`` directory."""
    inside = _PKG / "_data" / name
    if inside.is_dir():
        return inside
    return _PKG.parent / name
