"""The catalogue's data model: eco-label schemes, product groups, keywords, cues, attributes and the
catalogue itself, as :mod:`green_procurement.catalog` builds them from ``catalog/*.yaml``.

Kept apart from the YAML reading so that the readers of each file (labels, products, attributes)
and the code that uses a catalogue import the types without importing each other."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ._schema import Text
from ._text import fold
from .certificates import Registry

__all__ = [
    "ADOPTION_STATUSES",
    "ATTRIBUTE_TYPES",
    "ATTRIBUTES_FILE",
    "CUE_REACHES",
    "ISO_TYPES",
    "KINDS",
    "LABELS_FILE",
    "PRODUCTS_FILE",
    "Adoption",
    "AppliesTo",
    "AttributeSpec",
    "Catalog",
    "Cue",
    "Grades",
    "Keywords",
    "LabelScheme",
    "Packages",
    "ParamValue",
    "ProductGroup",
    "value_type",
]

KINDS = ("green", "energy", "carbon", "recycling", "other")
ISO_TYPES = ("I", "II", "III", "none")
ATTRIBUTE_TYPES = ("boolean", "number", "integer", "text")
CUE_REACHES = ("list", "clause")
ADOPTION_STATUSES = ("proposal", "adopted")
ParamValue = bool | int | Decimal | str

LABELS_FILE = "labels.yaml"
PRODUCTS_FILE = "products.yaml"
ATTRIBUTES_FILE = "attributes.yaml"


@attrs.frozen
class Grades:
    """A grade scale: ``scale`` from worst to best or best to worst, ``best`` its first or last."""

    scale: tuple[int | str, ...]
    best: int | str

    @property
    def numeric(self) -> bool:
        return isinstance(self.scale[0], int)

    def rank(self, grade: int | str) -> int | None:
        """1 for the worst grade up to ``len(scale)`` for the best; None if not on the scale."""
        try:
            i = self.scale.index(grade)
        except ValueError:
            return None
        n = len(self.scale)
        return i + 1 if self.scale[-1] == self.best else n - i


@attrs.frozen
class LabelScheme:
    """An eco-label scheme (``labels.yaml``)."""

    id: str
    kind: str
    name: Text
    issuer: str
    country: str
    iso_type: str
    validity_years: int | None
    grades: Grades | None
    recognised: bool
    source: str
    note: str | None = None


@attrs.frozen
class Keywords:
    """Keywords in Vietnamese and English, with their folded forms for matching."""

    vi: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return self.vi + self.en

    @property
    def folded(self) -> tuple[tuple[str, str], ...]:
        """(folded keyword, original keyword) pairs, longest first."""
        pairs = {(fold(k), k) for k in self.all if fold(k)}
        return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


@attrs.frozen
class Packages:
    """What shows a line is a whole tender package (one budget for many goods), not one item: its unit
    (``units``, compared without case and diacritics) or a phrase of ``words`` in its description
    (``products.yaml``, ``classification.packages``)."""

    units: tuple[str, ...] = ()
    words: Keywords = Keywords()


@attrs.frozen
class AppliesTo:
    """A set of product groups: every group, or those named or carrying some tags.  Rules say which
    items they apply to with it (``applies_to``) and classification cues which groups they veto."""

    all: bool = False
    groups: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    #: the items no group was found for (a rule about lines that name two groups, say)
    unclassified: bool = False

    def matches(self, group: ProductGroup | None) -> bool:
        if self.all:
            return True
        if group is None:
            return self.unclassified
        return group.id in self.groups or not self.tags.isdisjoint(group.tags)

    def to_dict(self) -> Any:
        if self.all:
            return "all"
        out: dict[str, Any] = {}
        if self.groups:
            out["groups"] = sorted(self.groups)
        if self.tags:
            out["tags"] = sorted(self.tags)
        if self.unclassified:
            out["unclassified"] = True
        return out


@attrs.frozen
class ProductGroup:
    """A product or service group (``products.yaml``)."""

    id: str
    name: Text
    priority: bool
    keywords: Keywords
    accepted_labels: tuple[str, ...]
    tags: tuple[str, ...]
    params: Mapping[str, ParamValue]
    source: str
    exclude_keywords: Keywords = Keywords()
    codes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    note: str | None = None
    path: str | None = attrs.field(default=None, eq=False)
    line: int | None = attrs.field(default=None, eq=False)
    column: int | None = attrs.field(default=None, eq=False)
    #: words that name the group only as a category ("văn phòng phẩm"): they classify a line that names
    #: nothing more specific, and give way to a specific keyword of any group anywhere in the line
    broad_keywords: Keywords = Keywords()


@attrs.frozen
class Cue:
    """A classification cue (``products.yaml``, ``classification.cues``): words that show a line is not
    a purchase of the goods it names — a repair, a rental, a part, a consumable, a material...

    A cue vetoes the keywords of the groups in ``vetoes`` that come after it within its ``reach`` (in
    English, also before it), unless a phrase of ``unless`` is in the text (``cung cấp và lắp đặt`` is a
    purchase with installation, ``lắp đặt`` alone is not)."""

    id: str
    name: Text
    keywords: Keywords
    vetoes: AppliesTo
    unless: Keywords = Keywords()
    note: str | None = None
    #: ``list``: the cue acts on its segment and the list that follows it (a noun: "mực máy in, máy
    #: fax"); ``clause``: on the rest of its clause (a verb: "Sửa chữa, bảo dưỡng ... hệ thống điều hòa").
    reach: str = "list"


@attrs.frozen
class AttributeSpec:
    """A declared item attribute (``attributes.yaml``)."""

    id: str
    type: str
    name: Text
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    values: tuple[str, ...] | None = None
    columns: tuple[str, ...] = ()
    source: str | None = None
    note: str | None = None
    #: The words clerks write for a value (``xăng`` for ``petrol``): folded word -> value.
    aliases: Mapping[str, str] = attrs.field(factory=dict, hash=False)

    def value_of(self, text: str) -> str | None:
        """The declared value ``text`` stands for: the value itself, or the value whose spelling or
        alias it is once case and diacritics are set aside (``Petrol``, ``xăng``, ``XANG``); None when
        it is none of them (or the attribute takes free text)."""
        if self.values is None:
            return None
        if text in self.values:
            return text
        key = fold(text)
        for v in self.values:
            if fold(v) == key:
                return v
        return self.aliases.get(key)


@attrs.frozen
class Adoption:
    """Whether the catalogue is in force (``products.yaml``, top-level ``adoption``): a proposal awaiting
    the decision of the body that adopts it, or adopted by a named decision.  Reports show ``text``."""

    status: str                              # proposal | adopted
    date: datetime.date                      # date of this proposal version, or of the adopting decision
    text: Text                               # the statement every report shows, in Vietnamese and English
    decision: str | None = None              # the adopting decision (number, date, body); set when adopted
    note: str | None = None

    @property
    def adopted(self) -> bool:
        return self.status == "adopted"

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "date": self.date.isoformat(), "decision": self.decision,
                "text": self.text.to_dict()}


@attrs.frozen
class Catalog:
    """A validated catalogue.  ``files`` maps each loaded file name to its sha256."""

    labels: Mapping[str, LabelScheme]
    groups: Mapping[str, ProductGroup]
    attributes: Mapping[str, AttributeSpec]
    exclude_keywords: Keywords
    directory: str
    files: tuple[tuple[str, str], ...]
    cues: tuple[Cue, ...] = ()
    #: Groups that are services: a service's keyword takes the goods named after it as its object.
    services: AppliesTo = AppliesTo()
    #: Words after which the rest of a segment says what a purchase is for ("phục vụ", "cho").
    context_words: Keywords = Keywords()
    #: Whether the catalogue is a proposal or adopted (``products.yaml``, ``adoption``); None when not stated.
    adoption: Adoption | None = None
    #: What makes a line a tender package rather than an item.
    packages: Packages = Packages()
    #: The issuers' lists of certificates (``certificates/*.csv|yaml``; :mod:`green_procurement.certificates`).
    certificates: Registry = attrs.field(factory=Registry)

    @property
    def tags(self) -> frozenset[str]:
        """Every tag used by some group."""
        return frozenset(t for g in self.groups.values() for t in g.tags)

    def param_type(self, name: str) -> str | None:
        """``number``, ``boolean`` or ``text`` for a group parameter, None if no group has it."""
        for g in self.groups.values():
            if name in g.params:
                return value_type(g.params[name])
        return None

    @property
    def param_names(self) -> frozenset[str]:
        return frozenset(n for g in self.groups.values() for n in g.params)


def value_type(v: object) -> str:
    """The type name a product-group parameter value has ("boolean", "number" or "text")."""
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, Decimal)):
        return "number"
    return "text"
