"""Rule messages: each ``{placeholder}`` template split once, filled per item, written in a language when
read.

A rule's ``message_met``/``message_not_met`` may name placeholders (:data:`~green_procurement.lang.fields.
PLACEHOLDERS`, ``attributes.<id>``, ``param.<name>``).  :class:`Template` parses a message once;
:meth:`Template.fill` reads the values an item gives its placeholders and returns a :class:`FilledText`
that writes the text only when someone reads it (a batch report shows the messages in one language).
Messages that read nothing but the product group are filled once per group (:meth:`Template.fill_for_group`).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from . import _numbers
from ._messages import msg
from ._schema import Text
from .catalog import ProductGroup
from .enrich import EnrichedItem, fact_number

__all__ = ["GROUP_PLACEHOLDERS", "FilledText", "Template", "format_number"]


_FORMATTER = string.Formatter()


def _parts(template: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((literal, name) for literal, name, _spec, _conv in _FORMATTER.parse(template))


@attrs.frozen
class Template:
    """A rule message split into literal text and ``{placeholders}`` once (vi and en)."""

    text: Text
    vi: tuple[tuple[str, str | None], ...]
    en: tuple[tuple[str, str | None], ...]
    plain: bool
    #: the placeholders of both languages, each once, in the order they first appear
    names: tuple[str, ...] = ()
    #: each placeholder with how its value is read from an item (:func:`_reader`)
    readers: tuple[tuple[str, Callable[[EnrichedItem], Any]], ...] = attrs.field(default=(), eq=False, repr=False)

    @classmethod
    def of(cls, text: Text) -> Template:
        vi, en = _parts(text.vi), _parts(text.en)
        names = tuple(dict.fromkeys(name for _, name in vi + en if name is not None))
        return cls(text, vi, en, not names, names, tuple((n, _reader(n)) for n in names))

    def fill_for_group(self, group: ProductGroup | None) -> Text:
        """The message of any item of ``group``, when it reads nothing but the group."""
        if self.plain:
            return self.text
        values = {n: _group_value(n, group) for n in self.names}
        return Text(_write(self.vi, values, "vi"), _write(self.en, values, "en"))

    def fill(self, enriched: EnrichedItem) -> Text | FilledText:
        """The message of one item: its placeholders' values are read now, the text is written when
        someone reads it (a batch report shows the messages of rules not met, in one language)."""
        if self.plain:
            return self.text
        return FilledText(self, {name: read(enriched) for name, read in self.readers})


def format_number(n: Any, lang: str) -> str:
    """``12500000`` -> ``12.500.000`` (vi) or ``12,500,000`` (en); a whole Decimal without its zeros,
    a boolean as a word.  The digits are grouped by :func:`green_procurement._numbers.format_number`,
    the one writer of numbers that the cells' parser reads back."""
    if isinstance(n, bool):
        return msg("word.yes" if n else "word.no").get(lang)
    if isinstance(n, float):
        n = Decimal(repr(n))
    if isinstance(n, Decimal):
        if n == n.to_integral_value():
            n = int(n)
    elif not isinstance(n, int):
        return str(n)
    return _numbers.format_number(n, "vi" if lang == "vi" else "en")


class FilledText:
    """A rule message with its placeholders' values, written in a language when read (``vi``, ``en``,
    ``get(lang)``, ``to_dict()``), as :class:`~green_procurement._schema.Text` is."""

    __slots__ = ("_en", "_template", "_values", "_vi")

    def __init__(self, template: Template, values: dict[str, Any]) -> None:
        self._template, self._values = template, values
        self._vi: str | None = None
        self._en: str | None = None

    @property
    def vi(self) -> str:
        if self._vi is None:
            self._vi = _write(self._template.vi, self._values, "vi")
        return self._vi

    @property
    def en(self) -> str:
        if self._en is None:
            self._en = _write(self._template.en, self._values, "en")
        return self._en

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def to_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (FilledText, Text)):
            return (self.vi, self.en) == (other.vi, other.en)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.vi, self.en))

    def __repr__(self) -> str:
        return f"FilledText(vi={self.vi!r}, en={self.en!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.vi, self.en))


_NONE = object()
#: Placeholders that show the group itself (with ``param.*``, what every item of a group shares).
GROUP_PLACEHOLDERS = frozenset({"group", "group_name"})


def _group_value(name: str, group: ProductGroup | None) -> Any:
    """What a placeholder that reads only the group shows (see :func:`_value`)."""
    if name == "group":
        return group.id if group else _NONE
    if name == "group_name":
        return group.name if group else msg("placeholder.unclassified")
    v = group.params.get(name[6:]) if group is not None else None
    if v is None:
        return _NONE
    return fact_number(v) if isinstance(v, Decimal) else v


def _or_none(v: Any) -> Any:
    return _NONE if v is None else v


def _labels(enriched: EnrichedItem) -> tuple[str, ...]:
    """The catalogue's ids of the item's label claims, as the rules saw them (with the grade)."""
    return tuple(lab["scheme"] + (f":{lab.get('grade', lab.get('grade_text'))}" if "grade_rank" in lab else "")
                 for lab in enriched.fact.get("labels", ()))


def _reader(name: str) -> Callable[[EnrichedItem], Any]:
    """How the value placeholder ``name`` shows (before it is written in a language) is read from an
    item; chosen once per template."""
    if name in GROUP_PLACEHOLDERS:
        return lambda enriched: _group_value(name, enriched.group)
    if name == "item_id":
        return lambda enriched: enriched.item.id
    if name == "description":
        return lambda enriched: enriched.item.description
    if name == "value":
        return lambda enriched: _or_none(enriched.value)
    if name in ("quantity", "unit_price"):
        return lambda enriched: _or_none(getattr(enriched.item, name))
    if name == "groups_found":     # their names, in the message's language
        return lambda enriched: enriched.classification.found_names or _NONE
    if name == "labels":
        return _labels
    if name in ("code", "unit", "entity"):
        return lambda enriched: _or_none(enriched.fact.get(name))
    if name.startswith("attributes."):
        key = name[11:]
        return lambda enriched: _or_none(enriched.fact.get("attributes", {}).get(key))
    if name.startswith("param."):
        key = name[6:]
        return lambda enriched: _or_none(enriched.fact.get("param", {}).get(key))
    return lambda enriched: "{" + name + "}"      # pragma: no cover - validated


def _show(value: Any, lang: str) -> str:
    if value is _NONE or value == ():
        return msg("placeholder.none").get(lang)
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return ", ".join(v if isinstance(v, str) else str(v.get(lang)) for v in value)
    if hasattr(value, "get"):           # a bilingual text (a group's name)
        return str(value.get(lang))
    return format_number(value, lang)


def _write(parts: tuple[tuple[str, str | None], ...], values: dict[str, Any], lang: str) -> str:
    out = []
    for literal, name in parts:
        out.append(literal)
        if name is not None:
            out.append(_show(values[name], lang))
    return "".join(out)


def _placeholder(name: str, enriched: EnrichedItem, lang: str) -> str:
    """The text of one placeholder for an item in ``lang``."""
    return _show(_reader(name)(enriched), lang)
