"""The ``matches`` pattern language, parsed once and written out for both backends.

Policy staff write small regular expressions over *folded* text (see ``_text.fold``): letters, digits
and spaces, with ``.``, ``*``, ``+``, ``?``, ``|``, ``( )``, ``[ ]`` (ranges, ``^`` to negate) and
``\\d``.  The pattern is searched as whole words: the text is padded with a space on each side and the
pattern must stand between spaces (write ``.*`` to reach inside words).  Both backends full-match
``.* (pattern) .*`` on the padded text: Python's ``re`` and durable-rules' own regex dialect
(``%d`` for digits, no escapes needed because folded text has no punctuation).
"""

from __future__ import annotations

import re

import attrs

from ._text import fold

MAX_PATTERN = 300

_QUANT = "*+?"
_META = set("()[]|.*+?\\")


class PatternError(ValueError):
    def __init__(self, message: str, position: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.position, self.hint = message, position, hint


@attrs.frozen
class Translated:
    python: str
    durable: str


def translate(pattern: str) -> Translated:
    """Validate ``pattern`` and return its Python and durable-rules forms (full match, padded)."""
    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"pattern longer than {MAX_PATTERN} characters", 0)
    parser = _Parser(pattern)
    node = parser.alt()
    if parser.pos != len(pattern):
        ch = pattern[parser.pos]
        raise PatternError(f"unexpected '{ch}'", parser.pos,
                           "a ')' without its '(' ?" if ch == ")" else None)
    py, dr = _render(node)
    return Translated(f".* (?:{py}) .*", f".* ({dr}) .*")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str | None:
        return self.text[self.pos] if self.pos < len(self.text) else None

    def alt(self) -> tuple:
        branches = [self.seq()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.seq())
        return ("alt", branches) if len(branches) > 1 else branches[0]

    def seq(self) -> tuple:
        start = self.pos
        items: list[tuple] = []
        while (ch := self.peek()) is not None and ch not in "|)":
            atom = self.atom()
            q = self.peek()
            if q is not None and q in _QUANT:
                if atom[0] == "lits":
                    # a quantifier binds to the last character only
                    head, last = atom[1][:-1], atom[1][-1]
                    if head:
                        items.append(("lits", head))
                    atom = ("lits", last)
                self.pos += 1
                if self.peek() is not None and self.peek() in _QUANT:
                    raise PatternError("two repetition marks in a row", self.pos)
                if q == "{":  # pragma: no cover - '{' is not a quantifier here
                    pass
                atom = ("quant", atom, q)
            items.append(atom)
        if not items:
            raise PatternError("empty alternative (nothing before or after '|', or empty '()')", start,
                               "remove the extra '|'")
        # merge neighbouring literal runs and collapse spaces
        merged: list[tuple] = []
        for it in items:
            if it[0] == "lits" and merged and merged[-1][0] == "lits":
                merged[-1] = ("lits", merged[-1][1] + it[1])
            else:
                merged.append(it)
        out = []
        for it in merged:
            if it[0] == "lits":
                text = re.sub(" +", " ", it[1])
                out.append(("lits", text))
            else:
                out.append(it)
        return ("seq", out) if len(out) > 1 else out[0]

    def atom(self) -> tuple:
        ch = self.peek()
        assert ch is not None
        if ch == "(":
            start = self.pos
            self.pos += 1
            inner = self.alt()
            if self.peek() != ")":
                raise PatternError("'(' is not closed", start, "add the missing ')'")
            self.pos += 1
            return ("group", inner)
        if ch == "[":
            return self.klass()
        if ch == ".":
            self.pos += 1
            return ("any",)
        if ch in _QUANT:
            raise PatternError(f"'{ch}' has nothing to repeat", self.pos)
        if ch == "\\":
            nxt = self.text[self.pos + 1: self.pos + 2]
            if nxt == "d":
                self.pos += 2
                return ("digit",)
            raise PatternError(f"'\\{nxt}' is not supported", self.pos,
                               "only \\d (a digit) is; punctuation is ignored in matching")
        if ch in "^$":
            raise PatternError(f"'{ch}' is not supported", self.pos,
                               "patterns already match whole words; use .* to match inside words")
        if ch in "{}":
            raise PatternError("'{n,m}' repetition is not supported", self.pos, "use *, + or ?")
        self.pos += 1
        folded = fold(ch) if ch != " " else " "
        return ("lits", folded or " ")

    def klass(self) -> tuple:
        start = self.pos
        self.pos += 1
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        ranges: list[tuple[str, str]] = []
        while (ch := self.peek()) is not None and ch != "]":
            if ch == "\\" and self.text[self.pos + 1: self.pos + 2] == "d":
                ranges.append(("0", "9"))
                self.pos += 2
                continue
            lo = fold(ch)
            if len(lo) != 1:
                raise PatternError(f"'{ch}' cannot stand in [ ]", self.pos,
                                   "only letters and digits can")
            self.pos += 1
            if self.peek() == "-" and self.text[self.pos + 1: self.pos + 2] not in ("]", ""):
                hi = fold(self.text[self.pos + 1])
                if len(hi) != 1 or not ((lo.isdigit() and hi.isdigit()) or (lo.isalpha() and hi.isalpha())) \
                        or hi < lo:
                    raise PatternError(f"bad range '{ch}-{self.text[self.pos + 1]}'", self.pos)
                ranges.append((lo, hi))
                self.pos += 2
            else:
                ranges.append((lo, lo))
        if self.peek() != "]":
            raise PatternError("'[' is not closed", start, "add the missing ']'")
        self.pos += 1
        if not ranges:
            raise PatternError("empty [ ]", start)
        return ("class", negated, ranges)


def _render(node: tuple) -> tuple[str, str]:
    kind = node[0]
    if kind == "lits":
        return re.escape(node[1]).replace("\\ ", " "), node[1]
    if kind == "any":
        return ".", "."
    if kind == "digit":
        return "[0-9]", "%d"
    if kind == "class":
        body = "".join(lo if lo == hi else f"{lo}-{hi}" for lo, hi in node[2])
        neg = "^" if node[1] else ""
        return f"[{neg}{body}]", f"[{neg}{body}]"
    if kind == "group":
        py, dr = _render(node[1])
        return f"(?:{py})", f"({dr})"
    if kind == "quant":
        py, dr = _render(node[1])
        return py + node[2], dr + node[2]
    if kind == "seq":
        parts = [_render(n) for n in node[1]]
        return "".join(p for p, _ in parts), "".join(d for _, d in parts)
    parts = [_render(n) for n in node[1]]  # alt
    return "|".join(p for p, _ in parts), "|".join(d for _, d in parts)
