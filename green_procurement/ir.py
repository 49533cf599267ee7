"""The validated intermediate form (IR) of rule conditions.

Rule YAML is parsed and checked once (``rules.py``) into these immutable nodes.  Both backends read
the same IR: the durable-rules compiler (``compiler.py``) lowers it to ruleset definitions and the
reference evaluator (``reference.py``) interprets it.  Every field carries its type and the key it
has in the enriched fact, so neither backend guesses.

Semantics (shared by both backends): a comparison with an absent field is false; ``not`` negates the
whole sub-condition; ``tags`` (a list) compares by membership; ``matches`` looks for whole-word
phrases in the folded text (case, diacritics and punctuation ignored).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal

import attrs

__all__ = [
    "ABSENT",
    "compare",
    "constant",
    "lookup",
    "AnyLabel",
    "All",
    "Any",
    "Compare",
    "Cond",
    "Const",
    "Exists",
    "Field",
    "Match",
    "NoLabel",
    "Not",
    "Param",
    "render",
]

NUMBER = "number"
TEXT = "text"
BOOLEAN = "boolean"
LIST = "list"

Scalar = int | Decimal | str | bool


@attrs.frozen
class Field:
    """A field an item (``scope='item'``) or a label claim (``scope='label'``) exposes.

    ``name`` is how rules write it (``attributes.domestic``); ``path`` is where the value lives in
    the enriched fact (``("attributes", "domestic")``); ``type`` is number, text, boolean or list.
    """

    name: str
    type: str
    scope: str
    path: tuple[str, ...]

    @property
    def key(self) -> str:
        """Dotted key, as durable-rules addresses nested fields."""
        return ".".join(self.path)


@attrs.frozen
class Const:
    """A constant operand (a tuple for ``in``/``not_in``)."""

    value: Scalar | tuple[Scalar, ...]


@attrs.frozen
class Param:
    """An operand read from the item's product-group parameters (``param.<name>``)."""

    name: str
    type: str

    @property
    def field(self) -> Field:
        return Field(f"param.{self.name}", self.type, "item", ("param", self.name))


Operand = Const | Param


@attrs.frozen
class Compare:
    """``field op operand`` with op in eq ne gt gte lt lte in not_in."""

    field: Field
    op: str
    operand: Operand
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Exists:
    """``field: {exists: present}``."""

    field: Field
    present: bool
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Match:
    """``field: {matches: "phrase|phrase"}``: the text contains one of the (folded) ``phrases`` as
    whole words.  The enriched fact carries the text's word n-grams under ``folded``."""

    field: Field
    pattern: str
    phrases: tuple[str, ...]
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def folded_field(self) -> Field:
        return Field(f"folded({self.field.name})", LIST, self.field.scope,
                     ("folded", self.field.name.replace(".", "__")))


@attrs.frozen
class All:
    parts: tuple[Cond, ...]
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Any:
    parts: tuple[Cond, ...]
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Not:
    part: Cond
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen
class AnyLabel:
    """Some label claim satisfies ``cond`` (label-scope fields only)."""

    cond: Cond
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen
class NoLabel:
    """No label claim satisfies ``cond``."""

    cond: Cond
    line: int | None = attrs.field(default=None, eq=False)


Cond = Compare | Exists | Match | All | Any | Not | AnyLabel | NoLabel

_OP_TEXT = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": "in",
            "not_in": "not in"}


def _operand_text(o: Operand) -> str:
    if isinstance(o, Param):
        return f"param.{o.name}"
    v = o.value
    if isinstance(v, tuple):
        return "[" + ", ".join(_scalar_text(x) for x in v) + "]"
    return _scalar_text(v)


def _scalar_text(v: Scalar) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def render(cond: Cond) -> str:
    """A compact one-line text of a condition, e.g. ``any_label(kind = energy, grade ≥ param.x)``."""
    if isinstance(cond, Compare):
        return f"{cond.field.name} {_OP_TEXT[cond.op]} {_operand_text(cond.operand)}"
    if isinstance(cond, Exists):
        return f"{cond.field.name} {'exists' if cond.present else 'is absent'}"
    if isinstance(cond, Match):
        return f"{cond.field.name} matches {cond.pattern!r}"
    if isinstance(cond, All):
        return "all(" + ", ".join(render(p) for p in cond.parts) + ")"
    if isinstance(cond, Any):
        return "any(" + ", ".join(render(p) for p in cond.parts) + ")"
    if isinstance(cond, Not):
        return f"not({render(cond.part)})"
    if isinstance(cond, AnyLabel):
        return f"any_label({render(cond.cond)})"
    return f"no_label({render(cond.cond)})"


def walk(cond: Cond) -> Iterator[Cond]:
    """Every node of a condition, depth first."""
    yield cond
    if isinstance(cond, (All, Any)):
        for p in cond.parts:
            yield from walk(p)
    elif isinstance(cond, Not):
        yield from walk(cond.part)
    elif isinstance(cond, (AnyLabel, NoLabel)):
        yield from walk(cond.cond)


# -- the semantics of fields, constants and comparisons (every evaluator uses these) -------------

#: What :func:`lookup` gives for a field the fact does not have (a comparison with it is false).
ABSENT: typing.Final = object()


def lookup(data: Mapping[str, typing.Any], path: tuple[str, ...]) -> typing.Any:
    """The value at ``path`` in an enriched fact (or a label of it), or :data:`ABSENT`."""
    cur: typing.Any = data
    for part in path:
        if not isinstance(cur, Mapping) or part not in cur:
            return ABSENT
        cur = cur[part]
    return cur


def constant(v: typing.Any) -> typing.Any:
    """A rule constant as facts carry it: decimals as floats (as durable-rules compares them)."""
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, tuple):
        return tuple(constant(x) for x in v)
    return v


def compare(op: str, left: typing.Any, right: typing.Any) -> bool:
    """``left op right`` for the comparison operators of :class:`Compare`; an order comparison
    involving a yes/no value is false."""
    if op == "eq":
        return bool(left == right)
    if op == "ne":
        return bool(left != right)
    if op == "in":
        return left in right
    if op == "not_in":
        return left not in right
    if isinstance(left, bool) or isinstance(right, bool):
        return False
    if op == "gt":
        return bool(left > right)
    if op == "gte":
        return bool(left >= right)
    if op == "lt":
        return bool(left < right)
    return bool(left <= right)
