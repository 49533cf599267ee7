"""The fact schema: every field a rule can read, declared once.

An item is *enriched* into a fact (a dict) before any rule runs; a label claim into a label fact inside
it (``fact["labels"]``).  This module says which fields those facts have, their types, which are in every
fact (so "absent" needs no branch in the durable-rules compiler), which follow from the product group
alone (so the projection memo keys them by the group), and which fields of the input model each one is
computed from (so the engine's row memo keys exactly those).  Enrichment builds facts from this table;
rule validation resolves field names with it; the compiler, the projection and ``explain`` read it.

Besides the fixed fields: ``attributes.<id>`` (typed by ``catalog/attributes.yaml``, never always
present) and ``param.<name>`` (the product group's parameters, derived from the group).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

__all__ = [
    "ATTRIBUTES",
    "BOOLEAN",
    "DESCRIPTION",
    "FOLDED",
    "GRADE",
    "ITEM",
    "ITEM_FIELDS",
    "LABEL",
    "LABELS",
    "LABEL_FIELDS",
    "LIST",
    "NUMBER",
    "PARAMS",
    "PLACEHOLDERS",
    "TEXT",
    "GROUP_KEYS",
    "FieldDef",
    "grade_path",
    "label_slot",
    "model_sources",
]

NUMBER = "number"
TEXT = "text"
BOOLEAN = "boolean"
LIST = "list"
#: A label's grade: a number (energy stars) or a text (EPEAT gold); a rule's operand decides which.
GRADE = "grade"
TYPES = (NUMBER, TEXT, BOOLEAN, LIST, GRADE)

ITEM = "item"
LABEL = "label"

#: Keys of the nested parts of an item fact.
ATTRIBUTES = "attributes"
PARAMS = "param"
LABELS = "labels"


def label_slot(index: int) -> str:
    """The key under which the durable backend sends the ``index``-th label claim of an item whose
    conditions were specialised for its number of claims (:mod:`.specialise`)."""
    return f"{LABELS}_{index}"


#: Folded word n-grams of the texts that ``matches`` reads: ``fact["folded"]["description"]``.
FOLDED = "folded"
#: The item's description, which classification folds too (``Enricher.enrich_line``'s ``whole``).
DESCRIPTION = "description"

#: Where classification comes from: every field derived from the group depends on these.
_GROUP_SOURCES = ("product_group", "code", "description")


@attrs.frozen
class FieldDef:
    """One field of a fact.

    ``always``: every fact (or every label fact) carries it.  ``derived``: a function of the item's
    product group (the group fixes it).  ``sources``: the fields of the input model
    (:class:`~green_procurement.LineItem`, its request's ``entity``/``funding``, or the
    :class:`~green_procurement.LabelClaim`) the value is computed from."""

    name: str
    type: str
    scope: str
    always: bool = False
    derived: bool = False
    sources: tuple[str, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        """Where the value lives in the (label) fact."""
        return (self.name,)


def _table(defs: Iterable[FieldDef]) -> Mapping[str, FieldDef]:
    return {d.name: d for d in defs}


ITEM_FIELDS: Mapping[str, FieldDef] = _table([
    FieldDef("group", TEXT, ITEM, derived=True, sources=_GROUP_SOURCES),
    FieldDef("priority", BOOLEAN, ITEM, always=True, derived=True, sources=_GROUP_SOURCES),
    FieldDef("classified", BOOLEAN, ITEM, always=True, derived=True, sources=_GROUP_SOURCES),
    FieldDef("tags", LIST, ITEM, derived=True, sources=_GROUP_SOURCES),
    # a published line may lack its quantity or price: then these are absent (value unknown, not 0)
    FieldDef("quantity", NUMBER, ITEM, sources=("quantity",)),
    FieldDef("unit_price", NUMBER, ITEM, sources=("unit_price",)),
    FieldDef("value", NUMBER, ITEM, sources=("quantity", "unit_price")),
    FieldDef(DESCRIPTION, TEXT, ITEM, always=True, sources=("description",)),
    FieldDef("code", TEXT, ITEM, sources=("code",)),
    FieldDef("unit", TEXT, ITEM, sources=("unit",)),
    FieldDef("entity", TEXT, ITEM, sources=("entity",)),
    FieldDef("funding", TEXT, ITEM, sources=("funding",)),
    FieldDef("label_count", NUMBER, ITEM, always=True, sources=("labels",)),
    # the line names goods of two or more groups (classification's "mixed"); it should be split
    FieldDef("mixed", BOOLEAN, ITEM, always=True, sources=_GROUP_SOURCES),
    # the line is a whole tender package, by its unit or its wording (``classification.packages``)
    FieldDef("package", BOOLEAN, ITEM, always=True, sources=(*_GROUP_SOURCES, "unit")),
])

#: The top-level keys of an item fact that its product group fixes: the ``derived`` fields and the
#: group's parameters (the projection keys them by the group; the durable backend specialises on them).
GROUP_KEYS: frozenset[str] = frozenset({name for name, f in ITEM_FIELDS.items() if f.derived} | {PARAMS})

LABEL_FIELDS: Mapping[str, FieldDef] = _table([
    FieldDef("scheme", TEXT, LABEL, always=True, sources=("scheme",)),
    FieldDef("kind", TEXT, LABEL, always=True, sources=("scheme",)),
    FieldDef("iso_type", TEXT, LABEL, always=True, sources=("scheme",)),
    FieldDef("recognised", BOOLEAN, LABEL, always=True, sources=("scheme",)),
    FieldDef("accepted", BOOLEAN, LABEL, always=True, sources=("scheme",)),
    FieldDef("valid", BOOLEAN, LABEL, always=True, sources=("scheme", "valid_until", "certificate")),
    FieldDef("expiry_known", BOOLEAN, LABEL, always=True, sources=("scheme", "valid_until", "certificate")),
    FieldDef("days_to_expiry", NUMBER, LABEL, sources=("valid_until", "certificate")),
    FieldDef("grade", GRADE, LABEL, sources=("grade",)),
    FieldDef("grade_rank", NUMBER, LABEL, sources=("grade",)),
    FieldDef("certificate", TEXT, LABEL, sources=("certificate",)),
    # checked against the issuers' lists (catalog/certificates/, green_procurement.certificates)
    FieldDef("verified", BOOLEAN, LABEL, always=True, sources=("scheme", "certificate", "valid_until")),
    FieldDef("registry_status", TEXT, LABEL, always=True, sources=("scheme", "certificate", "valid_until")),
])

#: The label fact keys of a grade: a numeric grade, a text grade, and the grade's rank on its scale
#: (present whenever a grade is).
_GRADE_PATHS = {NUMBER: ("grade",), TEXT: ("grade_text",), "presence": ("grade_rank",)}


def grade_path(kind: str) -> tuple[str, ...]:
    """Where a grade is read: ``kind`` is ``number`` or ``text`` (by the rule's operand), or
    ``presence`` for ``exists``."""
    return _GRADE_PATHS[kind]


#: Names a rule message may use as ``{name}`` (besides ``attributes.<id>`` and ``param.<name>``), with
#: the input model fields each one shows.
PLACEHOLDERS: Mapping[str, tuple[str, ...]] = {
    "item_id": ("id",),
    "description": ("description",),
    "group": _GROUP_SOURCES,
    "group_name": _GROUP_SOURCES,
    "quantity": ("quantity",),
    "unit": ("unit",),
    "unit_price": ("unit_price",),
    "value": ("quantity", "unit_price"),
    "code": ("code",),
    "entity": ("entity",),
    "labels": ("labels",),
    "groups_found": _GROUP_SOURCES,
}


def model_sources(name: str) -> tuple[str, ...]:
    """The input model fields a rule field or message placeholder (``quantity``,
    ``attributes.domestic``, ``param.min_energy_grade``, ``labels``...) depends on."""
    if name.startswith(ATTRIBUTES + "."):
        return ("attributes",)
    if name.startswith(PARAMS + "."):
        return _GROUP_SOURCES
    if name in PLACEHOLDERS:
        return PLACEHOLDERS[name]
    if name in ITEM_FIELDS:
        return ITEM_FIELDS[name].sources
    if name in LABEL_FIELDS:
        return ("labels",)
    if name == LABELS:
        return ("labels",) + _GROUP_SOURCES     # a label's "accepted" depends on the group
    return ()
