"""JSON, YAML and JSON-lines files: a document (a list of row objects, ``{"rows": [...]}``, a purchase
request or a list of them), loaded whole; or one JSON object per line, streaming (files and stdin).
Keys are headers: each row object's keys are mapped to fields as the headers of a sheet are."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path

from .._messages import Msg, join, jsonlib_reason, msg
from .._text import fold
from .._yaml import YamlLoadError, load_yaml_text
from .base import BatchFileError, Builder, FileInfo, RawRow
from .cells import CellValue
from .headers import HeaderMap
from .rows import Row

__all__ = ["document_rows", "jsonl_rows", "load_document"]


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(msg("row.duplicate-key", key=key).en)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _reason(exc: ValueError) -> Msg:
    """Why a JSON text could not be loaded, other than its syntax."""
    if isinstance(exc, _DuplicateKey):
        return msg("row.duplicate-key", key=exc.key)
    return jsonlib_reason(str(exc))


def _json_loads(text: str) -> object:
    # floats as exact Decimals; NaN/Infinity reach the cell parser, which refuses them by column
    return json.loads(text, parse_float=Decimal, object_pairs_hook=_no_duplicate_keys)


def load_document(path: Path, name: str, fmt: str) -> object:
    """The data of a whole JSON or YAML file; BatchFileError when it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BatchFileError(name, msg("file.cannot-read", name=name, reason=exc.strerror or str(exc)),
                             code="file-unreadable") from None
    if fmt == "yaml":
        try:
            doc = load_yaml_text(raw, name)
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
    except ValueError as exc:
        raise BatchFileError(name, msg("file.not-json-plain", name=name, reason=_reason(exc)),
                             code="json-syntax", hint=msg("file.key-once.hint")) from None


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
        found = msg("kind.list") if isinstance(obj, list) else msg("kind.nothing") if obj is None else \
            type(obj).__name__
        return builder.error(n, msg("row.not-object", kind=found))
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
                obj = _json_loads(line)
            except json.JSONDecodeError as exc:
                yield builder.error(n, msg("row.line-not-json", reason=jsonlib_reason(exc.msg), column=exc.colno))
                continue
            except ValueError as exc:
                yield builder.error(n, msg("row.line-not-json-plain", reason=_reason(exc)))
                continue
            yield _object_row(reader, n, obj, headers, builder)
    except UnicodeDecodeError:
        raise BatchFileError(reader.source, msg("file.not-utf8", name=reader.source), code="encoding",
                             hint=msg("file.send-utf8.hint")) from None
    finally:
        reader.release()


