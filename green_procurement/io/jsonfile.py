"""JSON, YAML and JSON-lines files: a document (a list of row objects, ``{"rows": [...]}``, a purchase
request or a list of them), loaded whole; or one JSON object per line, streaming (files and stdin).
Keys are headers: each row object's keys are mapped to fields as the headers of a sheet are.

Whatever is wrong with one value — nested too deep, a number of 5,000 digits, a duplicate key, a YAML
tag that cannot be built — only the row holding it becomes an error row (the loaders leave a
:class:`~green_procurement._yaml.BadValue` in its place); only a file that cannot be parsed at all is
refused.  Control characters inside values are text, as in a CSV cell."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path

from .._messages import Msg, join, jsonlib_reason, msg
from .._numbers import MAX_DIGITS
from .._text import fold
from .._yaml import MAX_DEPTH, BadValue, YamlLoadError, load_yaml_text
from .base import BatchFileError, Builder, FileInfo, RawRow
from .cells import CellValue
from .headers import HeaderMap
from .rows import Row

__all__ = ["document_rows", "jsonl_rows", "load_document"]


#: The key of the object that stands in for a value nested too deep (see _json_loads); its value is the
#: offset of that value in the text.
_DEEP_KEY = f"\x00green-procurement-too-deep-{secrets.token_hex(8)}"
_DEEP_JSON = json.dumps(_DEEP_KEY)
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class _Text:
    """The text being loaded, to locate a value by its offset (line and column)."""

    def __init__(self, text: str, line: int | None) -> None:
        self.text, self.line = text, line

    def where(self, offset: int) -> tuple[int, int]:
        before = self.text.count("\n", 0, offset)
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return (self.line if self.line is not None else before + 1), column


def _too_deep(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every list or object that opens deeper than MAX_DEPTH (outermost only)."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, -1
    for m in _TOKENS.finditer(text):
        ch = text[m.start()]
        if ch == '"':
            continue
        if ch in "[{":
            depth += 1
            if depth == MAX_DEPTH + 1:
                start = m.start()
        else:
            if depth == MAX_DEPTH + 1 and start >= 0:
                spans.append((start, m.end()))
                start = -1
            depth -= 1
    if start >= 0:
        spans.append((start, len(text)))
    return spans


def _json_loads(text: str, line: int | None = None) -> object:
    """A JSON text loaded with exact numbers: floats as Decimal, ints of more than MAX_DIGITS digits
    as Decimal too (int() of 5,000 digits raises; the cell parser refuses them by column); NaN and
    Infinity reach the cell parser, which refuses them.  A duplicate key, or a value nested more than
    MAX_DEPTH levels (json recurses: 1,000 levels raise RecursionError), becomes a BadValue."""
    where = _Text(text, line)

    def pairs(items: list[tuple[str, object]]) -> object:
        if len(items) == 1 and items[0][0] == _DEEP_KEY and isinstance(items[0][1], int):
            at_line, column = where.where(items[0][1])
            return BadValue(msg("row.too-deep", limit=MAX_DEPTH), at_line, column)
        out: dict[str, object] = {}
        for key, value in items:
            out[key] = BadValue(msg("row.duplicate-key", key=key)) if key in out else value
        return out

    if text.count("[") + text.count("{") > MAX_DEPTH and (spans := _too_deep(text)):
        parts, end = [], 0
        for a, b in spans:
            parts += [text[end:a], f"{{{_DEEP_JSON}: {a}}}"]
            end = b
        text = "".join(parts) + text[end:]
    return json.loads(text, parse_float=Decimal, parse_int=_int, object_pairs_hook=pairs, strict=False)


def _int(text: str) -> int | Decimal:
    return int(text) if len(text) <= MAX_DIGITS + 1 else Decimal(text)


def first_bad(value: object, depth: int = 0) -> BadValue | None:
    """The first BadValue inside a row object (its values, and the lists and objects in them)."""
    if isinstance(value, BadValue):
        return value
    if depth > MAX_DEPTH:   # pragma: no cover - the loaders never nest deeper
        return None
    if isinstance(value, Mapping):
        for v in value.values():
            if (found := first_bad(v, depth + 1)) is not None:
                return found
    elif isinstance(value, list):
        for v in value:
            if (found := first_bad(v, depth + 1)) is not None:
                return found
    return None


def load_document(path: Path, name: str, fmt: str) -> object:
    """The data of a whole JSON or YAML file; BatchFileError when it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BatchFileError(name, msg("file.cannot-read", name=name, reason=exc.strerror or str(exc)),
                             code="file-unreadable") from None
    if fmt == "yaml":
        try:
            doc = load_yaml_text(raw, name, lenient=True)
        except YamlLoadError as exc:
            p = exc.problem
            raise BatchFileError(name, msg("file.not-yaml", name=name, problem=p.msg), line=p.line,
                                 column=p.column, code=p.code, hint=p.hint_msg) from None
        if doc.problems:
            p = doc.problems[0]
            raise BatchFileError(name, msg("file.not-yaml", name=name, problem=p.msg), line=p.line, column=p.column,
                                 code=p.code, hint=p.hint_msg)
        return doc.data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BatchFileError(name, msg("file.not-utf8-line", name=name, line=line), code="encoding", line=line,
                             hint=msg("file.save-utf8.hint")) from None
    try:
        return _json_loads(text)
    except json.JSONDecodeError as exc:
        raise BatchFileError(name, msg("file.not-json", name=name, reason=jsonlib_reason(exc.msg), line=exc.lineno,
                                       column=exc.colno),
                             code="json-syntax", line=exc.lineno, column=exc.colno,
                             hint=msg("file.not-json.hint")) from None


_REQUEST_KEYS = {"id": "request_id", "request_id": "request_id", "entity": "entity", "date": "request_date",
                 "request_date": "request_date", "funding": "funding"}


def document_rows(data: object, name: str) -> Iterator[tuple[int, object]]:
    """(position, row object) of a JSON/YAML document: a list of rows, ``{"rows": [...]}``, a purchase
    request ``{"id", "entity", "date", "items": [...]}`` or a list of them (``{"requests": [...]}``)."""
    if isinstance(data, Mapping) and "rows" in data and isinstance(data["rows"], list):
        return enumerate(data["rows"], start=1)
    if isinstance(data, Mapping) and "items" in data:
        return _request_rows([data], name)
    if isinstance(data, Mapping) and isinstance(data.get("requests"), list):
        return _request_rows(data["requests"], name)
    if isinstance(data, list):
        if data and all(isinstance(r, Mapping) and "items" in r for r in data):
            return _request_rows(data, name)
        return enumerate(data, start=1)
    if isinstance(data, BadValue):
        raise BatchFileError(name, msg("file.bad-value", name=name, problem=data.message), line=data.line,
                             column=data.column, code="bad-shape", hint=msg("file.shape.hint"))
    found: Msg | str
    if data is None:
        found = msg("kind.nothing")
    elif isinstance(data, Mapping):
        found = msg("file.shape.keys", keys=join(list(data)[:6]))
    else:
        found = msg("kind.a", type=type(data).__name__)
    raise BatchFileError(name, msg("file.shape", name=name, found=found), code="bad-shape",
                         hint=msg("file.shape.hint"))


def _request_rows(requests: list[object], name: str) -> Iterator[tuple[int, object]]:
    n = 0
    for req in requests:
        if not isinstance(req, Mapping) or not isinstance(req.get("items"), list):
            raise BatchFileError(name, msg("file.needs-items", name=name), code="bad-shape",
                                 hint=msg("file.shape.hint"))
        shared = {_REQUEST_KEYS[k]: v for k, v in req.items() if k in _REQUEST_KEYS}
        for item in req["items"]:
            n += 1
            yield n, ({**shared, **item} if isinstance(item, Mapping) else item)


def _object_cells(reader: FileInfo, obj: Mapping[object, object], headers: HeaderMap
                  ) -> tuple[dict[str, CellValue], dict[str, str], Msg | None]:
    """Cells keyed by field from a JSON/YAML row object, the key each field came from, and a problem."""
    cells: dict[str, CellValue] = {}
    first: dict[str, str] = {}
    problem = None
    for key, value in obj.items():
        text = str(key)
        field = "attributes" if fold(text) == "attributes" else headers.resolve(text)
        if field is None:
            reader.ignore(text, headers.suggest(text))
            continue
        reader.columns.setdefault(text, field)
        if field in first:
            problem = problem or msg("row.both-give", first=first[field], second=text, field=field)
            continue
        first[field] = text
        cells[field] = value  # type: ignore[assignment]   # JSON and YAML values are cell values
    return cells, first, problem


def object_rows(reader: FileInfo, rows: Iterable[tuple[int, object]], headers: HeaderMap,
                builder: Builder) -> Iterator[Row | RawRow]:
    """The rows of the row objects of a document."""
    for n, obj in rows:
        yield _object_row(reader, n, obj, headers, builder)


def _object_row(reader: FileInfo, n: int, obj: object, headers: HeaderMap, builder: Builder) -> Row | RawRow:
    if not isinstance(obj, Mapping):
        if isinstance(obj, BadValue):
            return builder.error(n, _bad_value(obj))
        found = msg("kind.list") if isinstance(obj, list) else msg("kind.nothing") if obj is None else \
            type(obj).__name__
        return builder.error(n, msg("row.not-object", kind=found))
    bad = first_bad(obj)
    if bad is not None:
        cells, _, _ = _object_cells(reader, obj, headers)
        key = next((str(k) for k, v in obj.items() if first_bad(v) is bad), None)
        return builder.error(n, _bad_value(bad, key), cells)
    cells, columns, problem = _object_cells(reader, obj, headers)
    if problem is not None:
        return builder.error(n, problem, cells)
    return builder.build(n, cells, columns)


def jsonl_rows(reader: FileInfo, stream: Iterable[str] | Iterable[bytes], headers: HeaderMap,
               builder: Builder) -> Iterator[Row | RawRow]:
    """One row per non-blank line; a line that is not a JSON object is an error row."""
    try:
        lines: Iterable[str | bytes] = stream
        for n, raw in enumerate(lines, start=1):
            if isinstance(raw, bytes):
                try:
                    line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
                except UnicodeDecodeError:
                    yield builder.error(n, msg("row.line-not-utf8"))
                    continue
            else:
                line = raw.lstrip("\ufeff") if n == 1 else raw
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            try:
                obj = _json_loads(line, n)
            except json.JSONDecodeError as exc:
                yield builder.error(n, msg("row.line-not-json", reason=jsonlib_reason(exc.msg), column=exc.colno))
                continue
            yield _object_row(reader, n, obj, headers, builder)
    except UnicodeDecodeError:
        raise BatchFileError(reader.source, msg("file.not-utf8", name=reader.source), code="encoding",
                             hint=msg("file.send-utf8.hint")) from None
    finally:
        reader.release()




def _bad_value(bad: BadValue, key: str | None = None) -> Msg:
    """The error of a row holding a value that could not be built (``key``: the row's key holding it)."""
    problem = bad.message if key is None else msg("row.problem", column=key, problem=bad.message)
    if bad.line is None:
        return problem
    if bad.column is None:  # pragma: no cover - the loaders give both or none
        return msg("row.bad-value-line", line=bad.line, problem=problem)
    return msg("row.bad-value-at", line=bad.line, column=bad.column, problem=problem)
