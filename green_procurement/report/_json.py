"""The JSON report: ``{"version", "evaluated_on", "summary", "items"}``, deterministic, UTF-8."""

from __future__ import annotations

import json
import shutil
from typing import IO, TYPE_CHECKING, Any

from ._common import Writer

if TYPE_CHECKING:
    from ..batch import ItemRecord, Summary

#: Bytes copied at a time when the items are appended to the report.
COPY_CHUNK = 1 << 20


def _dumps(obj: Any, indent: int | None = None) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=indent)


class JsonWriter(Writer):
    """``.json``: one object with ``version``, ``evaluated_on``, ``summary`` (:meth:`Summary.to_dict`)
    and ``items`` (:meth:`ItemRecord.to_dict`, one per line, in input order).

    The items are streamed to an anonymous temporary file while the run goes on; :meth:`close` writes
    the head and the summary, then copies the items after it, so memory stays flat.  The same input
    gives a byte-identical file (no time stamps; stable key order)."""

    format = "json"

    def _start(self) -> None:
        self._items: IO[bytes] = self._side_file()

    def _write(self, record: ItemRecord) -> None:
        sep = ",\n    " if self.rows_written else "\n    "
        self._items.write((sep + _dumps(record.to_dict())).encode("utf-8", "replace"))

    def _finish(self, summary: Summary) -> None:
        head = {"version": self.version,
                "evaluated_on": self.evaluated_on.isoformat() if self.evaluated_on else None}
        summary_text = _dumps(summary.to_dict(), indent=2).replace("\n", "\n  ")
        with open(self._tmp_path, "wb") as out:
            out.write(b"{\n")
            for key, value in head.items():
                out.write(f"  {_dumps(key)}: {_dumps(value)},\n".encode())
            out.write(f'  "summary": {summary_text},\n  "items": ['.encode("utf-8", "replace"))
            self._items.seek(0)
            shutil.copyfileobj(self._items, out, COPY_CHUNK)
            out.write(b"\n  ]\n}\n" if self.rows_written else b"]\n}\n")
        self._items.close()

    def _discard(self) -> None:
        self._items.close()
