"""Helpers shared by the tests of green_procurement.io: reading a file, writing one (the ``catalog``
fixture is in conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from green_procurement.catalog import Catalog
from green_procurement.io import Row, read_rows


def read(path: Path | str, catalog: Catalog, **kw: Any) -> list[Row]:
    with read_rows(path, catalog, **kw) as rows:
        return list(rows)


def write(tmp_path: Path, text: str, name: str = "list.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def err(r: Row) -> str | None:
    """A row's error in English (its Vietnamese is tested in tests/test_messages.py)."""
    return None if r.error is None else r.error.en


def only(rows: list[Row]) -> Row:
    assert len(rows) == 1, rows
    return rows[0]
