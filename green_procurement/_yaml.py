"""Safe YAML loading that keeps the location of every value.

PyYAML's ``safe_load`` forgets where values came from, keeps the last of two duplicate keys, expands
alias bombs and reads an unquoted ``NO`` as ``False``.  This loader composes the node graph with the
safe loader, then builds plain Python values itself, recording the line and column of each value and
refusing duplicate keys, merge keys, recursive aliases, too many aliases and oversized files.  Plain
scalars that YAML turned into something other than text are remembered, so a validator expecting text
can say "quote it".
"""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
import yaml

from ._messages import Msg, msg, os_reason, value_reason, yaml_detail
from .errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 100
MAX_VALUES = 100_000

_FLOAT_TAG = "tag:yaml.org,2002:float"
_MERGE_TAG = "tag:yaml.org,2002:merge"

PathKey = tuple[Any, ...]


@attrs.frozen
class Loc:
    """A 1-based line and column."""

    line: int
    column: int


def format_path(path: PathKey) -> str:
    """``('rules', 3, 'when')`` -> ``rules[3].when``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@attrs.define
class Document:
    """A loaded YAML file: its data and where each value and key stands."""

    path: str
    data: Any
    locs: dict[PathKey, Loc] = attrs.field(factory=dict)
    key_locs: dict[PathKey, Loc] = attrs.field(factory=dict)
    plain: dict[PathKey, str] = attrs.field(factory=dict)
    problems: list[Problem] = attrs.field(factory=list)
    quoted: set[PathKey] = attrs.field(factory=set)

    def loc(self, path: PathKey, *, key: bool = False) -> Loc | None:
        """Location of the value at ``path`` (or of its key), else of the nearest ancestor."""
        if key and path in self.key_locs:
            return self.key_locs[path]
        p = tuple(path)
        while True:
            if p in self.locs:
                return self.locs[p]
            if not p:
                return None
            p = p[:-1]

    def problem(self, path: PathKey, message: Msg | str, code: str, *, hint: Msg | str | None = None,
                level: str = "error", key: bool = False) -> Problem:
        loc = self.loc(path, key=key)
        return Problem.of(message, code, self.path, loc.line if loc else None,
                          loc.column if loc else None, level, hint)


class YamlLoadError(Exception):
    """Internal: a file could not be loaded at all; carries one located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise _LimitError(msg("yaml.alias-limit", limit=MAX_ALIASES), mark, "yaml-alias-limit",
                                  msg("yaml.alias-limit.hint"))
        return super().compose_node(parent, index)


class _LimitError(Exception):
    def __init__(self, message: Msg, mark: Any, code: str, hint: Msg | None = None) -> None:
        super().__init__(message.en)
        self.message, self.mark, self.code, self.hint = message, mark, code, hint


def load_yaml(path: str | Path, display: str | None = None) -> Document:
    """Load one YAML file safely; raise :class:`YamlLoadError` with a located problem."""
    shown = display or str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlLoadError(Problem.of(msg("yaml.too-large", size=size, limit=MAX_FILE_BYTES),
                                           "yaml-too-large", shown, hint=msg("yaml.too-large.hint")))
        raw = p.read_bytes()
    except OSError as exc:
        raise YamlLoadError(Problem.of(msg("yaml.unreadable", reason=os_reason(exc)), "file-unreadable",
                                       shown, hint=msg("yaml.unreadable.hint"))) from None
    return load_yaml_text(raw, shown)


def load_yaml_text(raw: bytes | str, shown: str) -> Document:
    """Load YAML from bytes or text (see :func:`load_yaml`)."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_FILE_BYTES:
            raise YamlLoadError(Problem.of(msg("yaml.too-large", size=len(raw), limit=MAX_FILE_BYTES),
                                           "yaml-too-large", shown, hint=msg("yaml.too-large.hint")))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise YamlLoadError(Problem.of(msg("yaml.encoding"), "yaml-encoding", shown, line, col,
                                           hint=msg("yaml.encoding.hint"))) from None
    else:
        text = raw
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except _LimitError as exc:
        raise YamlLoadError(Problem.of(exc.message, exc.code, shown, exc.mark.line + 1,
                                       exc.mark.column + 1, hint=exc.hint)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlLoadError(Problem.of(msg("yaml.syntax", detail=yaml_detail(exc.context, exc.problem)),
                                       "yaml-syntax", shown,
                                       mark.line + 1 if mark else None,
                                       mark.column + 1 if mark else None,
                                       hint=msg("yaml.syntax.hint"))) from None
    except yaml.YAMLError as exc:
        raise YamlLoadError(Problem.of(msg("yaml.syntax", detail=yaml_detail(None, str(exc))), "yaml-syntax",
                                       shown, hint=msg("yaml.syntax.hint"))) from None
    finally:
        loader.dispose()
    doc = Document(shown, None)
    if node is None:
        return doc
    builder = _Builder(loader, doc)
    try:
        doc.data = builder.build(node, ())
    except _LimitError as exc:
        raise YamlLoadError(Problem.of(exc.message, exc.code, shown, exc.mark.line + 1,
                                       exc.mark.column + 1, hint=exc.hint)) from None
    return doc


class _Builder:
    def __init__(self, loader: _Loader, doc: Document) -> None:
        self.loader = loader
        self.doc = doc
        self.count = 0
        self.stack: set[int] = set()

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _LimitError(msg("yaml.alias-bomb", limit=MAX_VALUES), node.start_mark, "yaml-alias-limit",
                              msg("yaml.alias-limit.hint"))
        mark = node.start_mark
        self.doc.locs[path] = Loc(mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.stack:
            raise _LimitError(msg("yaml.alias-recursive"), mark, "yaml-alias-limit")
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
            assert isinstance(node, yaml.MappingNode)
            return self._mapping(node, path)
        finally:
            self.stack.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        if node.tag == _FLOAT_TAG:
            text = node.value.replace("_", "")
            try:
                value: Any = Decimal(text)
            except InvalidOperation:
                value = float(self.loader.construct_object(node))
            if isinstance(value, float) or not value.is_finite():
                value = float(value)  # .inf / .nan: validators refuse them as "not a finite number"
        else:
            try:
                value = self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError) as exc:
                reason = exc.problem if isinstance(exc, yaml.MarkedYAMLError) and exc.problem else str(exc)
                raise _LimitError(msg("yaml.invalid-value", value=node.value, reason=value_reason(reason)),
                                  node.start_mark, "yaml-syntax", msg("yaml.invalid-value.hint")) from None
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
            if node.style in ("'", '"'):
                self.doc.quoted.add(path)
        elif node.style is None:
            self.doc.plain[path] = node.value
        if isinstance(value, datetime.datetime):
            self.doc.plain[path] = node.value
        return value

    def _problem(self, mark: Any, message: Msg, code: str, hint: Msg | None = None) -> None:
        self.doc.problems.append(Problem.of(message, code, self.doc.path, mark.line + 1, mark.column + 1,
                                            hint=hint))

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            if key_node.tag == _MERGE_TAG:
                self._problem(kmark, msg("yaml.merge-key"), "yaml-merge-key", msg("yaml.merge-key.hint"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(kmark, msg("yaml.complex-key"), "yaml-syntax")
                continue
            key = unicodedata.normalize("NFC", key_node.value)
            kpath = path + (key,)
            if key in out:
                first = self.doc.key_locs[kpath]
                self._problem(kmark, msg("yaml.duplicate-key", key=key, line=first.line), "yaml-duplicate-key",
                              msg("yaml.duplicate-key.hint"))
                continue
            self.doc.key_locs[kpath] = Loc(kmark.line + 1, kmark.column + 1)
            out[key] = self.build(value_node, kpath)
        return out
