"""Safe YAML loading that keeps the location of every value.

PyYAML's ``safe_load`` forgets where values came from, keeps the last of two duplicate keys, expands
alias bombs and reads an unquoted ``NO`` as ``False``.  This loader composes the node graph with the
safe loader, then builds plain Python values itself, recording the line and column of each value and
refusing duplicate keys, merge keys, recursive aliases, too many aliases and oversized files.  Plain
scalars that YAML turned into something other than text are remembered, so a validator expecting text
can say "quote it".

Bounded work (each refusal is a located problem): at most :data:`MAX_FILE_BYTES` per catalogue or
rule file (:data:`MAX_LIST_BYTES` per purchase list), :data:`MAX_DEPTH` levels of nesting, numbers of
at most :data:`~green_procurement._numbers.MAX_DIGITS` digits and a power of ten within
:data:`~green_procurement._numbers.MAX_EXPONENT`, and aliases that expand the file to at most
:data:`MAX_EXPANSION` times the values written in it (and no more than :data:`MAX_ALIASES` aliases in
a catalogue or rule file).  Control characters and explicit tags that cannot be built (``!!timestamp
x``, ``!!bool maybe``) are located errors too.

Purchase lists are loaded *leniently* (``lenient=True``): a value that cannot be built is left in the
data as a :class:`BadValue` (with its location and reason), so that only the row holding it becomes an
error; control characters inside values are kept as text, as in a CSV cell.
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
from ._numbers import MAX_DIGITS, shorten, size_problem
from .errors import Problem

#: Largest catalogue or rule file.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Largest YAML purchase list (``check LIST.yaml``; PyYAML reads about 200 KB a second: bigger lists
#: belong in CSV or JSON lines).
MAX_LIST_BYTES = 16 * 1024 * 1024
#: Most aliases (``*name``) in a catalogue or rule file (purchase lists: no count, only the expansion).
MAX_ALIASES = 100
#: Values a file may always expand to through its aliases ...
MAX_VALUES = 100_000
#: ... and beyond that, at most this many times the values written in the file (an alias bomb expands
#: a few hundred bytes to billions of values).
MAX_EXPANSION = 10
#: Deepest nesting of lists and mappings (PyYAML's composer recurses: about 330 levels end in a
#: RecursionError).
MAX_DEPTH = 50

_INT_TAG = "tag:yaml.org,2002:int"
_TOO_DEEP_TAG = "tag:green-procurement:too-deep"
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE

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


@attrs.frozen
class BadValue:
    """A value of a document (a YAML or JSON purchase list) that could not be built: ``message`` says
    why (both languages), ``line`` and ``column`` where (1-based, when known).  The row holding it
    becomes an error row; nothing else is lost."""

    message: Msg
    line: int | None = None
    column: int | None = None


class YamlLoadError(Exception):
    """Internal: a file could not be loaded at all; carries one located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str, lenient: bool) -> None:
        super().__init__(stream)
        self.alias_count = 0
        self.lenient = lenient
        self.depth = 0
        #: nodes written in the file (aliases not counted): what the expansion is measured against
        self.nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES and not self.lenient:
                mark = self.peek_event().start_mark
                raise _LimitError(msg("yaml.alias-limit", limit=MAX_ALIASES), mark, "yaml-alias-limit",
                                  msg("yaml.alias-limit.hint"))
            return super().compose_node(parent, index)
        self.nodes += 1
        if self.lenient:    # an anchor named again takes the new value (YAML 1.2), not a refused list
            self.anchors.pop(self.peek_event().anchor, None)
        if self.check_event(yaml.ScalarEvent):
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            if not self.lenient:
                raise _LimitError(msg("yaml.too-deep", limit=MAX_DEPTH), self.peek_event().start_mark,
                                  "yaml-too-deep", msg("yaml.too-deep.hint"))
            return self._skip()
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _skip(self) -> yaml.Node:
        """Read past a list or mapping nested too deep (without recursing): a placeholder node."""
        start = self.get_event()
        level = 1
        while level:
            event = self.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                level += 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                level -= 1
        return yaml.ScalarNode(_TOO_DEEP_TAG, "", start.start_mark, start.end_mark)


class _LimitError(Exception):
    def __init__(self, message: Msg, mark: Any, code: str, hint: Msg | None = None) -> None:
        super().__init__(message.en)
        self.message, self.mark, self.code, self.hint = message, mark, code, hint


def _mark_at(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character of ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


class _Restore:
    """Control characters of a lenient load, swapped for private-use characters (which PyYAML
    accepts) before loading and swapped back in every text built."""

    def __init__(self, text: str) -> None:
        found = sorted(set(_NON_PRINTABLE.findall(text)))
        used = set(text) if found else set()
        free = (chr(c) for c in range(0xF0000, 0xFFFFE) if chr(c) not in used)
        self.forth = {ord(ch): next(free) for ch in found}
        self.back = {ord(v): chr(k) for k, v in self.forth.items()}

    def text(self, value: str) -> str:
        return value.translate(self.back) if self.back else value


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


def load_yaml_text(raw: bytes | str, shown: str, *, lenient: bool = False) -> Document:
    """Load YAML from bytes or text (see :func:`load_yaml`).

    ``lenient`` (purchase lists): values that cannot be built become :class:`BadValue` in the data
    instead of stopping the load, control characters are kept as text, the size limit is
    :data:`MAX_LIST_BYTES` and aliases are bounded only by their expansion."""
    limit = MAX_LIST_BYTES if lenient else MAX_FILE_BYTES
    if isinstance(raw, bytes):
        if len(raw) > limit:
            raise YamlLoadError(Problem.of(msg("yaml.too-large", size=len(raw), limit=limit),
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
    restore = _Restore(text) if lenient else None
    if restore is not None and restore.forth:
        text = text.translate(restore.forth)
    elif (bad := _NON_PRINTABLE.search(text)) is not None:
        line, col = _mark_at(text, bad.start())
        raise YamlLoadError(Problem.of(msg("yaml.control-character", code=f"U+{ord(bad.group()):04X}"),
                                       "yaml-syntax", shown, line, col, hint=msg("yaml.control-character.hint")))
    try:
        loader = _Loader(text, lenient)
    except yaml.YAMLError as exc:  # pragma: no cover - the text was checked above
        raise YamlLoadError(Problem.of(msg("yaml.syntax", detail=yaml_detail(None, str(exc))), "yaml-syntax",
                                       shown, hint=msg("yaml.syntax.hint"))) from None
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
    builder = _Builder(loader, doc, restore)
    try:
        doc.data = builder.build(node, ())
    except _LimitError as exc:
        raise YamlLoadError(Problem.of(exc.message, exc.code, shown, exc.mark.line + 1,
                                       exc.mark.column + 1, hint=exc.hint)) from None
    return doc


class _Builder:
    def __init__(self, loader: _Loader, doc: Document, restore: _Restore | None) -> None:
        self.loader = loader
        self.doc = doc
        self.restore = restore
        self.count = 0
        self.limit = max(MAX_VALUES, MAX_EXPANSION * loader.nodes)
        self.stack: set[int] = set()

    def _bad(self, mark: Any, message: Msg, code: str, hint: Msg | None = None) -> BadValue:
        """A value that cannot be built: in a lenient load, a BadValue in its place; else the end."""
        if not self.loader.lenient:
            raise _LimitError(message, mark, code, hint)
        return BadValue(message if hint is None else msg("yaml.problem-hint", problem=message, hint=hint),
                        mark.line + 1, mark.column + 1)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > self.limit:
            raise _LimitError(msg("yaml.alias-bomb", limit=self.limit), node.start_mark, "yaml-alias-limit",
                              msg("yaml.alias-limit.hint"))
        mark = node.start_mark
        self.doc.locs[path] = Loc(mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.stack:
            raise _LimitError(msg("yaml.alias-recursive"), mark, "yaml-alias-limit")
        if len(self.stack) >= MAX_DEPTH:     # deep through aliases: each part of it was shallow enough
            return self._bad(mark, msg("yaml.too-deep", limit=MAX_DEPTH), "yaml-too-deep", msg("yaml.too-deep.hint"))
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
            assert isinstance(node, yaml.MappingNode)
            return self._mapping(node, path)
        finally:
            self.stack.discard(id(node))

    def _number_problem(self, node: yaml.ScalarNode) -> Msg | None:
        """Too many digits or too large a power of ten, found before the number is converted."""
        text = node.value.replace("_", "")
        if node.tag == _INT_TAG:
            digits = sum(ch.isdigit() for ch in text) if len(text) > MAX_DIGITS else 0
            return msg("number.digits", value=shorten(text), limit=MAX_DIGITS) if digits > MAX_DIGITS else None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        return size_problem(value)

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        if node.tag == _TOO_DEEP_TAG:
            return self._bad(node.start_mark, msg("yaml.too-deep", limit=MAX_DEPTH), "yaml-too-deep",
                             msg("yaml.too-deep.hint"))
        if node.tag in (_INT_TAG, _FLOAT_TAG) and (problem := self._number_problem(node)) is not None:
            return self._bad(node.start_mark, problem, "yaml-number-limit", msg("yaml.number-limit.hint"))
        if node.tag == _FLOAT_TAG:
            text = node.value.replace("_", "")
            try:
                value: Any = Decimal(text)
            except InvalidOperation:
                try:
                    value = float(self.loader.construct_object(node))
                except Exception as exc:  # PyYAML's constructors raise whatever their parsing raises
                    return self._invalid(node, exc)
            if isinstance(value, float) or not value.is_finite():
                value = float(value)  # .inf / .nan: validators refuse them as "not a finite number"
        else:
            try:
                value = self.loader.construct_object(node, deep=True)
            except Exception as exc:  # !!timestamp x: AttributeError, !!bool maybe: KeyError, ...
                return self._invalid(node, exc)
        if isinstance(value, str):
            if self.restore is not None:
                value = self.restore.text(value)
            value = unicodedata.normalize("NFC", value)
            if node.style in ("'", '"'):
                self.doc.quoted.add(path)
        elif node.style is None:
            self.doc.plain[path] = node.value
        if isinstance(value, datetime.datetime):
            self.doc.plain[path] = node.value
        return value

    def _invalid(self, node: yaml.ScalarNode, exc: Exception) -> BadValue:
        if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
            reason = value_reason(exc.problem)
        elif isinstance(exc, (yaml.YAMLError, ValueError, TypeError)) and str(exc):
            reason = value_reason(str(exc))
        else:
            reason = msg("yaml.not-a-tag-value", tag=_short_tag(node.tag))
        return self._bad(node.start_mark, msg("yaml.invalid-value", value=shorten(node.value), reason=reason),
                         "yaml-syntax", msg("yaml.invalid-value.hint"))

    def _problem(self, mark: Any, message: Msg, code: str, hint: Msg | None = None) -> None:
        self.doc.problems.append(Problem.of(message, code, self.doc.path, mark.line + 1, mark.column + 1,
                                            hint=hint))

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        lenient = self.loader.lenient
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            if key_node.tag == _MERGE_TAG:
                if lenient:     # the row holding it is an error row
                    out["<<"] = self._bad(kmark, msg("yaml.merge-key"), "yaml-merge-key", msg("yaml.merge-key.hint"))
                    continue
                self._problem(kmark, msg("yaml.merge-key"), "yaml-merge-key", msg("yaml.merge-key.hint"))
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TOO_DEEP_TAG:
                if lenient:
                    out["?"] = self._bad(kmark, msg("yaml.complex-key"), "yaml-syntax")
                    continue
                self._problem(kmark, msg("yaml.complex-key"), "yaml-syntax")
                continue
            key = unicodedata.normalize("NFC", key_node.value if self.restore is None
                                        else self.restore.text(key_node.value))
            kpath = path + (key,)
            if key in out:
                first = self.doc.key_locs[kpath]
                if lenient:
                    out[key] = self._bad(kmark, msg("yaml.duplicate-key", key=key, line=first.line),
                                         "yaml-duplicate-key", msg("yaml.duplicate-key.hint"))
                    continue
                self._problem(kmark, msg("yaml.duplicate-key", key=key, line=first.line), "yaml-duplicate-key",
                              msg("yaml.duplicate-key.hint"))
                continue
            self.doc.key_locs[kpath] = Loc(kmark.line + 1, kmark.column + 1)
            out[key] = self.build(value_node, kpath)
        return out


def _short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:timestamp`` -> ``!!timestamp``."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
