"""The JSON report: ``{"version", "evaluated_on", "lang", "rules", "summary", "items"}``,
deterministic, UTF-8.

It is sized for large runs (a million rows): every rule's severity, basis, title and points are
written once under ``rules``; an item's findings carry ``rule_id``, ``outcome``, ``points`` and, for a
finding not met, the ``message`` in the report language.  The full per-item shape of the Python API
(``RequestResult.to_dict``) has every message in both languages; ``green-procurement explain``
gives the same detail for one row."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from ._common import Writer

if TYPE_CHECKING:
    from ..batch import ItemRecord, Summary
    from ..catalog import Catalog

#: Bytes copied at a time when the items are appended to the report.
COPY_CHUNK = 1 << 20


def _dumps(obj: Any, indent: int | None = None) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=indent)


class JsonWriter(Writer):
    """``.json``: one object with ``version``, ``evaluated_on``, ``lang``, ``rules``, ``summary``
    (:meth:`Summary.to_dict`) and ``items`` (:meth:`ItemRecord.to_report_json`, one per line, in input
    order).

    The items are streamed to an anonymous temporary file while the run goes on; :meth:`close` writes
    the head and the summary, then copies the items after it, so memory stays flat.  The same input
    gives a byte-identical file (no time stamps; stable key order)."""

    format = "json"

    def _start(self) -> None:
        self._items: IO[bytes] = self._side_file()
        self._buffer: list[bytes] = []
        self._buffered = 0

    @classmethod
    def fragment(cls, record: ItemRecord, lang: str, catalog: Catalog | None) -> bytes:
        """The record's JSON (:meth:`ItemRecord.to_report_json`), encoded."""
        return record.to_report_json(lang).encode("utf-8", "replace")

    def _write_fragment(self, fragment: bytes) -> None:
        self._buffer.append(b",\n    " if self.rows_written else b"\n    ")
        self._buffer.append(fragment)
        self._buffered += len(fragment)
        if self._buffered >= COPY_CHUNK:
            self._flush()

    @classmethod
    def pack(cls, fragments: list[bytes]) -> bytes:
        """The JSON of consecutive records, one per line."""
        return b",\n    ".join(fragments)

    def _write_pack(self, pack: bytes) -> None:
        blob = (b",\n    " if self.rows_written else b"\n    ") + pack
        self._buffer.append(blob)
        self._buffered += len(blob)
        if self._buffered >= COPY_CHUNK:
            self._flush()

    def _flush(self) -> None:
        self._items.write(b"".join(self._buffer))
        self._buffer.clear()
        self._buffered = 0

    def _finish(self, summary: Summary) -> None:
        self._flush()
        head = {"version": self.version,
                "evaluated_on": self.evaluated_on.isoformat() if self.evaluated_on else None,
                "lang": self.lang}
        rules = {r.id: {"severity": r.severity, "max_points": r.points if r.severity in ("requirement", "criterion")
                        else 0, "basis": r.basis, "title": r.title.to_dict()} for r in self.rules}
        with open(self._tmp_path, "wb") as out:
            out.write(b"{\n")
            for key, value in head.items():
                out.write(f"  {_dumps(key)}: {_dumps(value)},\n".encode())
            out.write(b'  "rules": {')
            out.write(",".join(f"\n    {_dumps(k)}: {_dumps(v)}" for k, v in rules.items()).encode())
            out.write(b'\n  },\n  "summary": ')
            _write_summary(out, summary.iter_dict())
            out.write(b',\n  "items": [')
            _append(self._items, out)
            out.write(b"\n  ]\n}\n" if self.rows_written else b"]\n}\n")
        self._items.close()

    def _discard(self) -> None:
        self._items.close()


def _append(src: IO[bytes], out: IO[bytes]) -> None:
    """Append the whole of ``src`` to ``out``: in the kernel where it can (``copy_file_range``, no
    copy through Python; the items of a million rows are 2 GB), else by chunks."""
    src.flush()
    size = src.seek(0, os.SEEK_END)
    src.seek(0)
    out.flush()
    copy_range = getattr(os, "copy_file_range", None)
    done = 0
    if copy_range is not None:
        try:
            while done < size:
                n = copy_range(src.fileno(), out.fileno(), size - done)
                if n == 0:
                    break
                done += n
        except OSError:         # not supported between these files (e.g. standard output): copy
            pass
    src.seek(done)
    shutil.copyfileobj(src, out, COPY_CHUNK)


def _write_summary(out: IO[bytes], entries: Iterable[tuple[str, Any]]) -> None:
    """The summary (:meth:`Summary.iter_dict`) with one line per key, and one line per entry of its
    lists, written as they come (a run may have a hundred thousand requests)."""
    out.write(b"{")
    first = True
    for key, value in entries:
        out.write((b"" if first else b",") + f"\n    {_dumps(key)}: ".encode())
        first = False
        if isinstance(value, (list, Iterator)):
            out.write(b"[")
            n = 0
            for batch in _batched(value, 1000):
                out.write(("," if n else "").encode() + ",".join(f"\n      {_dumps(v)}" for v in batch)
                          .encode("utf-8", "replace"))
                n += len(batch)
            out.write(b"\n    ]" if n else b"]")
        else:
            out.write(_dumps(value).encode("utf-8", "replace"))
    out.write(b"\n  }")


def _batched(values: Iterable[Any], n: int) -> Iterator[list[Any]]:
    it = iter(values)
    while batch := list(itertools.islice(it, n)):
        yield batch


def compact_json(entries: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """``json.dumps(dict(entries), ensure_ascii=False)`` in pieces, the values that are iterators
    written as lists one element at a time (the summary of a large run on standard output)."""
    yield "{"
    first = True
    for key, value in entries:
        yield ("" if first else ", ") + _dumps(key) + ": "
        first = False
        if isinstance(value, Iterator):
            yield "["
            for i, batch in enumerate(_batched(value, 1000)):
                yield ("" if i == 0 else ", ") + ", ".join(_dumps(v) for v in batch)
            yield "]"
        else:
            yield _dumps(value)
    yield "}"
