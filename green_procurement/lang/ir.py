"""The validated intermediate form (IR) of rule conditions.

Rule YAML is parsed and checked once (:mod:`green_procurement.rules`) into these immutable nodes.  Every
backend reads the same IR: the recording interpreter (:mod:`.interp`) is its semantics — the reference
backend's verdict and ``explain``'s trace — and the durable-rules compiler lowers it.  An atomic
condition is one node, :class:`Test` (a field, an operator of :data:`~.ops.OPERATORS`, an operand); the
others combine them.  Every field carries its type and where its value lives in the enriched fact.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal

import attrs

from .fields import BOOLEAN, FOLDED, ITEM, LABEL, LIST, NUMBER, TEXT
from .ops import OPERATORS, Operator

__all__ = [
    "ABSENT",
    "BOOLEAN",
    "LIST",
    "NUMBER",
    "TEXT",
    "All",
    "Any",
    "AnyLabel",
    "Cond",
    "Const",
    "Field",
    "NoLabel",
    "Not",
    "Param",
    "Phrases",
    "Test",
    "constant",
    "lookup",
    "render",
    "walk",
]

Scalar = int | Decimal | str | bool


@attrs.frozen
class Field:
    """A field as a rule reads it: ``name`` as written (``attributes.domestic``), ``type`` (number, text,
    boolean or list), ``scope`` (``item`` or ``label``) and ``path`` in the (label) fact."""

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
    """A constant operand: a value, a tuple of values (``in``), or true/false (``exists``)."""

    value: Scalar | tuple[Scalar, ...]


@attrs.frozen
class Param:
    """An operand read from the item's product-group parameters (``param.<name>``)."""

    name: str
    type: str

    @property
    def field(self) -> Field:
        return Field(f"param.{self.name}", self.type, ITEM, ("param", self.name))


@attrs.frozen
class Phrases:
    """The operand of ``matches``: the pattern as written and its folded phrases."""

    pattern: str
    phrases: tuple[str, ...]


Operand = Const | Param | Phrases


@attrs.frozen
class Test:
    """``field op operand`` for any operator of the table."""

    field: Field
    op: str
    operand: Operand
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def operator(self) -> Operator:
        return OPERATORS[self.op]

    @property
    def folded_path(self) -> tuple[str, ...]:
        """Where the enriched fact keeps the folded word n-grams of this test's text (``matches``)."""
        return (FOLDED, self.field.name.replace(".", "__"))


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


Cond = Test | All | Any | Not | AnyLabel | NoLabel


def _scalar_text(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def operand_text(o: Operand) -> str:
    """An operand as the YAML wrote it: ``param.x``, ``[a, b]``, ``5``."""
    if isinstance(o, Param):
        return f"param.{o.name}"
    if isinstance(o, Phrases):
        return repr(o.pattern)
    v = o.value
    if isinstance(v, tuple):
        return "[" + ", ".join(_scalar_text(x) for x in v) + "]"
    return _scalar_text(v)


def render(cond: Cond) -> str:
    """A compact one-line text of a condition, e.g. ``any_label(kind = energy, grade ≥ param.x)``."""
    if isinstance(cond, Test):
        op = cond.operator
        if op.operand == "presence":
            return f"{cond.field.name} {'exists' if cond.operand.value else 'is absent'}"  # type: ignore[union-attr]
        return f"{cond.field.name} {op.symbol} {operand_text(cond.operand)}"
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


def tests(cond: Cond) -> Iterator[Test]:
    """The atomic conditions of a condition."""
    for node in walk(cond):
        if isinstance(node, Test):
            yield node


def in_label(cond: Cond) -> Iterator[tuple[Test, bool]]:
    """Every atomic condition with whether it sits inside a label quantifier."""
    def go(c: Cond, inside: bool) -> Iterator[tuple[Test, bool]]:
        if isinstance(c, Test):
            yield c, inside
        elif isinstance(c, (All, Any)):
            for p in c.parts:
                yield from go(p, inside)
        elif isinstance(c, Not):
            yield from go(c.part, inside)
        else:
            yield from go(c.cond, True)
    return go(cond, False)


# -- values as facts carry them ------------------------------------------------------------------------

#: What :func:`lookup` gives for a field the fact does not have (a comparison with it is false).
ABSENT: typing.Final = object()


def lookup(data: Mapping[str, typing.Any] | None, path: tuple[str, ...]) -> typing.Any:
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


#: Scopes, re-exported for the modules that build fields.
SCOPES = (ITEM, LABEL)
