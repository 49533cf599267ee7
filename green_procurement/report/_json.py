"""The JSON report: ``{"version", "evaluated_on", "lang", "rules", "items", "summary"}``,
deterministic, UTF-8.

It is sized for large runs (a million rows): every rule's severity, basis, title and points are
written once under ``rules``; an item's findings carry ``rule_id``, ``outcome``, ``points`` and, for a
finding not met, the ``message`` in the report language.  The full per-item shape of the Python API
(``RequestResult.to_dict``) has every message in both languages; ``green-procurement explain``
gives the same detail for one row.

The summary comes last because it is known last: the items are written straight into the report
as the run goes, so a large report is written once, with no temporary copy of its items (the items of
a million rows are 2 GB)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from ._common import Writer

if TYPE_CHECKING:
    from ..batch import ItemRecord, Summary
    from ..catalog import Catalog

#: Bytes of items buffered before they are written.
WRITE_CHUNK = 1 << 20


def _dumps(obj: Any, indent: int | None = None) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=indent)


class JsonWriter(Writer):
    """``.json``: one object with ``version``, ``evaluated_on``, ``lang``, ``rules``, ``items``
    (:meth:`ItemRecord.to_report_json`, one per line, in input order) and ``summary``
    (:meth:`Summary.to_dict`).

    The head is written when the writer opens, the items as they come, and the summary by
    :meth:`close`, so memory stays flat.  The same input gives a byte-identical file (no time
    stamps; stable key order)."""

    format = "json"

    def _start(self) -> None:
        self._out: IO[bytes] = open(self._tmp_path, "wb")   # closed by _finish or _discard
        self._buffer: list[bytes] = []
        self._buffered = 0
        head = {"version": self.version,
                "evaluated_on": self.evaluated_on.isoformat() if self.evaluated_on else None,
                "lang": self.lang}
        rules = {r.id: {"severity": r.severity, "max_points": r.points if r.severity in ("requirement", "criterion")
                        else 0, "basis": r.basis, "title": r.title.to_dict()} for r in self.rules}
        out = self._out
        out.write(b"{\n")
        for key, value in head.items():
            out.write(f"  {_dumps(key)}: {_dumps(value)},\n".encode())
        out.write(b'  "rules": {')
        out.write(",".join(f"\n    {_dumps(k)}: {_dumps(v)}" for k, v in rules.items()).encode())
        out.write(b'\n  },\n  "items": [')

    @classmethod
    def fragment(cls, record: ItemRecord, lang: str, catalog: Catalog | None) -> bytes:
        """The record's JSON (:meth:`ItemRecord.to_report_json`), encoded."""
        return record.to_report_json_bytes(lang)

    def _write_fragment(self, fragment: bytes) -> None:
        self._buffer.append(b",\n    " if self.rows_written else b"\n    ")
        self._buffer.append(fragment)
        self._buffered += len(fragment)
        if self._buffered >= WRITE_CHUNK:
            self._flush()

    @classmethod
    def pack(cls, fragments: list[bytes]) -> bytes:
        """The JSON of consecutive records, one per line."""
        return b",\n    ".join(fragments)

    def _write_pack(self, pack: bytes) -> None:
        if self._buffer:
            self._flush()
        self._out.write(b",\n    " if self.rows_written else b"\n    ")
        self._out.write(pack)
        self._written(self._out)

    def _flush(self) -> None:
        self._out.write(b"".join(self._buffer))
        self._buffer.clear()
        self._buffered = 0
        self._written(self._out)

    def _finish(self, summary: Summary) -> None:
        self._flush()
        out = self._out
        out.write(b"\n  ],\n" if self.rows_written else b"],\n")
        out.write(b'  "summary": ')
        _write_summary(out, summary.iter_dict())
        out.write(b"\n}\n")
        out.close()

    def _discard(self) -> None:
        self._out.close()


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
                out.write(("," if n else "").encode() + ",".join(f"\n      {_entry_json(v)}" for v in batch)
                          .encode("utf-8", "replace"))
                n += len(batch)
            out.write(b"\n    ]" if n else b"]")
        else:
            out.write(_dumps(value).encode("utf-8", "replace"))
    out.write(b"\n  }")


def _reusable_encoder() -> Any:
    """json's C encoder made once, as ``json.dumps(..., ensure_ascii=False, allow_nan=False)``
    makes it on every call (the cost of a small dict is mostly that), or None without the C
    accelerator."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:      # pragma: no cover - CPython has it
        return None
    return make(None, json.JSONEncoder().default, json.encoder.encode_basestring, None, ": ", ", ", False, False,
                False)


_ENCODER = _reusable_encoder()


def _entry_json(entry: Any) -> str:
    """``json.dumps(entry, ensure_ascii=False, allow_nan=False)``, byte for byte, with the encoder
    made once: a run may have a hundred thousand requests, and the summary is written while nothing
    else runs."""
    if _ENCODER is None:  # pragma: no cover
        return _dumps(entry)
    return "".join(_ENCODER(entry, 0))


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
                yield ("" if i == 0 else ", ") + ", ".join(_entry_json(v) for v in batch)
            yield "]"
        else:
            yield _dumps(value)
    yield "}"
