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
import math
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, TYPE_CHECKING

from ..model import json_number
from ..results import Finding, ItemRecord, Summary
from ._writer import Fragment, Pack, Writer

if TYPE_CHECKING:
    from ..catalog import Catalog

#: Bytes of items buffered before they are written.
WRITE_CHUNK = 1 << 20


#: json.dumps's encoder with the report's settings, made once: json.dumps makes a new one for every
#: call with settings of its own (a few microseconds, on every item of a million-row report).
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


#: The same for a report's items, without the check for circular references (a table of every
#: container it is in, kept for each call): an item contains itself nowhere.
_ITEM_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, check_circular=False)


def _dumps(obj: object, indent: int | None = None) -> str:
    """``json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=indent)``."""
    if indent is None:
        return _ENCODER.encode(obj)
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=indent)


def compact_findings(findings: Iterable[Finding], lang: str) -> list[dict[str, object]]:
    """An item's findings as the JSON report writes them: ``rule_id``, ``outcome``, ``points`` and,
    when not met, the ``message`` in ``lang`` (a rule's severity, basis, title and maximum points are
    written once, under ``rules``; a met finding's text is its rule's ``message.met``)."""
    vi = lang == "vi"
    return [{"rule_id": f.rule_id, "outcome": f.outcome, "points": f.points} if f.outcome == "met" else
            {"rule_id": f.rule_id, "outcome": f.outcome, "points": f.points,
             "message": f.message.vi if vi else f.message.en} for f in findings]


def report_item(record: ItemRecord, lang: str, *, findings: object = None) -> dict[str, object]:
    """The entry of one record under ``items``: where it came from, the item result with compact
    findings (:func:`compact_findings`; ``findings``, when given, stands in their place), and the
    row's error in ``lang`` when it could not be read."""
    res = record.result
    return {
        "source": record.source, "row": res.row if res.row is not None else record.row,
        "request_id": record.request_id, "entity": record.entity, "item_id": res.item_id,
        "description": res.description, "product_group": res.product_group, "priority": res.priority,
        "value": json_number(res.value), "score": res.score, "status": res.status,
        "findings": compact_findings(res.findings, lang) if findings is None else findings,
        "classified_by": res.classified_by, "evidence": res.evidence, "package": res.package,
        "groups_found": list(res.groups_found),
        **({} if res.error is None else {"error": res.error.get(lang)})}


#: A finding's JSON, encoded, by (rule id, outcome, points, message text or None); bounded: a rule
#: message that names the item's own values makes a new text for every item, and those are encoded
#: each time once the table is full.
_FINDING_JSON: dict[tuple[str, str, int, str | None], bytes] = {}
_FINDING_JSON_SIZE = 4096


def _finding_json(f: Finding, lang: str) -> bytes:
    """One finding as :func:`compact_findings` writes it, encoded (UTF-8, unpaired surrogates replaced)."""
    message = None if f.outcome == "met" else (f.message.vi if lang == "vi" else f.message.en)
    key = (f.rule_id, f.outcome, f.points, message)
    data = _FINDING_JSON.get(key)
    if data is None:
        entry: dict[str, object] = {"rule_id": f.rule_id, "outcome": f.outcome, "points": f.points}
        if message is not None:
            entry["message"] = message
        data = _dumps(entry).encode("utf-8", "replace")
        if len(_FINDING_JSON) < _FINDING_JSON_SIZE:
            _FINDING_JSON[key] = data
    return data


#: What :meth:`JsonWriter.fragment` puts under ``findings`` to encode an item in one call, and how it
#: shows in the text: a ``"`` that is not part of a text is never preceded by a space inside one (it is
#: written ``\\"`` there), so this is found only where the encoder wrote the key itself.
_SLOT = 0
_SLOT_TEXT = ', "findings": 0, '
_SLOT_BYTES = _SLOT_TEXT.encode()


class _Unwritten(Exception):
    """A value :func:`_item_parts` does not write (the encoder then writes the item)."""


def _text(value: object) -> str:
    """A text (or None) as the encoder writes it."""
    if type(value) is str:
        return _ENCODER.encode(value)
    if value is None:
        return "null"
    raise _Unwritten


def _item_parts(record: ItemRecord, lang: str) -> tuple[str, str]:
    """``_dumps(report_item(record, lang))`` in two parts: the text before the findings' list (up to
    its ``[``) and the text after it (from its ``]``), written value by value as the encoder writes
    them: texts by the encoder itself, whole numbers and ``true``/``false`` by the same rules (``int``
    as ``repr``, a finite ``float`` as ``repr``); :class:`_Unwritten` for any other value."""
    res = record.result
    row = res.row if res.row is not None else record.row
    value, score = res.value, res.score
    if type(row) is not int or type(res.priority) is not bool or type(res.package) is not bool:
        raise _Unwritten
    if value is None:
        money = "null"
    elif type(value) is int:
        money = int.__repr__(value)
    elif type(value) is Decimal:
        money = _ENCODER.encode(format(value, "f"))
    else:
        raise _Unwritten
    if score is None:
        points = "null"
    elif type(score) is float and math.isfinite(score):
        points = float.__repr__(score)
    else:
        raise _Unwritten
    groups = res.groups_found
    if type(groups) is not tuple:
        raise _Unwritten
    error = res.error
    enc = _ENCODER.encode           # the texts every item has, without a call of _text each
    source, request_id, item_id, description, status = \
        record.source, record.request_id, res.item_id, res.description, res.status
    head = (f'{{"source": {enc(source) if type(source) is str else _text(source)}, "row": {int.__repr__(row)}, '
            f'"request_id": {enc(request_id) if type(request_id) is str else _text(request_id)}, '
            f'"entity": {_text(record.entity)}, '
            f'"item_id": {enc(item_id) if type(item_id) is str else _text(item_id)}, '
            f'"description": {enc(description) if type(description) is str else _text(description)}, '
            f'"product_group": {_text(res.product_group)}, "priority": {"true" if res.priority else "false"}, '
            f'"value": {money}, "score": {points}, '
            f'"status": {enc(status) if type(status) is str else _text(status)}, "findings": [')
    tail = (f'], "classified_by": {_text(res.classified_by)}, "evidence": {_text(res.evidence)}, '
            f'"package": {"true" if res.package else "false"}, '
            f'"groups_found": [{", ".join([_text(g) for g in groups]) if groups else ""}]')
    if error is not None:
        tail += f', "error": {_text(error.get(lang))}'
    return head, tail + "}"


class JsonWriter(Writer):
    """``.json``: one object with ``version``, ``evaluated_on``, ``lang``, ``rules``, ``items``
    (:func:`report_item`, one per line, in input order) and ``summary`` (:meth:`Summary.to_dict`).

    The head is written when the writer opens, the items as they come, and the summary by
    :meth:`close`, so memory stays flat.  The same input gives a byte-identical file (no time
    stamps; stable key order)."""

    format = "json"

    def _start(self) -> None:
        self._out: IO[bytes] = open(self._tmp_path, "wb")   # closed by _finish or _discard
        self._buffer: list[bytes] = []
        self._buffered = 0
        adoption = self.catalog.adoption if self.catalog is not None else None
        head = {"version": self.version,
                "evaluated_on": self.evaluated_on.isoformat() if self.evaluated_on else None,
                "lang": self.lang,
                "catalog_status": adoption.to_dict() if adoption is not None else None}
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
    def fragment(cls, record: ItemRecord, lang: str, catalog: Catalog | None) -> Fragment:
        """The record's JSON (:func:`report_item`), encoded (unpaired surrogates replaced).

        The text is exactly ``_dumps(report_item(record, lang))``; it is written in parts so that a
        finding's JSON, the same for every item that has that finding, is encoded once
        (:func:`_finding_json`) rather than rebuilt as a dictionary for every row, and so that the
        item's own values are written straight into the text (:func:`_item_parts`) rather than put
        in a dictionary for the encoder; a value of a type that is not written there (never one the
        engine gives) leaves the whole item to the encoder, with a placeholder (:data:`_SLOT`) where
        the findings' bytes go."""
        findings = b", ".join([_finding_json(f, lang) for f in record.result.findings])
        try:
            head, tail = _item_parts(record, lang)
        except _Unwritten:
            data = _ITEM_ENCODER.encode(report_item(record, lang, findings=_SLOT)).encode("utf-8", "replace")
            at = data.index(_SLOT_BYTES)
            return b"".join((data[:at], b', "findings": [', findings, b"], ", data[at + len(_SLOT_BYTES):]))
        return b"".join((head.encode("utf-8", "replace"), findings, tail.encode("utf-8", "replace")))

    def _write_fragment(self, fragment: Fragment) -> None:
        self._buffer.append(b",\n    " if self.rows_written else b"\n    ")
        self._buffer.append(fragment)
        self._buffered += len(fragment)
        if self._buffered >= WRITE_CHUNK:
            self._flush()

    @classmethod
    def pack(cls, fragments: list[Fragment]) -> Pack:
        """The JSON of consecutive records, one per line."""
        return b",\n    ".join(fragments)

    def _write_pack(self, pack: Pack) -> None:
        if self._buffer:
            self._flush()
        self._out.write(b",\n    " if self.rows_written else b"\n    ")
        self._out.write(pack if isinstance(pack, bytes) else b",\n    ".join(pack))
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


def _write_summary(out: IO[bytes], entries: Iterable[tuple[str, object]]) -> None:
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


def _batched(values: Iterable[object], n: int) -> Iterator[list[object]]:
    it = iter(values)
    while batch := list(itertools.islice(it, n)):
        yield batch


def compact_json(entries: Iterable[tuple[str, object]]) -> Iterator[str]:
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
