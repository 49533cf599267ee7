"""The catalogue: eco-label schemes, product groups and item attributes (``catalog/*.yaml``).

:func:`load_catalog` validates every file and reports every problem at once, each located at
file:line:column; a catalogue with one problem is not loaded at all (:class:`CatalogError`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from ._catalog_model import (
    ADOPTION_STATUSES,
    ATTRIBUTE_TYPES,
    ATTRIBUTES_FILE,
    CUE_REACHES,
    ISO_TYPES,
    KINDS,
    LABELS_FILE,
    PRODUCTS_FILE,
    Adoption,
    AppliesTo,
    AttributeSpec,
    Catalog,
    Cue,
    Grades,
    Keywords,
    LabelScheme,
    Packages,
    ParamValue,
    ProductGroup,
    value_type,
)
from ._messages import Msg, msg
from ._phrases import CONJUNCTIONS, tokens
from ._schema import Checker
from ._text import fold, words
from ._yaml import Document, YamlLoadError, load_yaml
from .certificates import FOLDER as CERTIFICATES_FOLDER
from .certificates import check_registry
from .errors import CatalogError, Problem, suggest

__all__ = [
    "Adoption",
    "AppliesTo",
    "AttributeSpec",
    "Catalog",
    "Cue",
    "Grades",
    "Keywords",
    "LabelScheme",
    "Packages",
    "ProductGroup",
    "check_catalog",
    "load_catalog",
]


_COUNTRY = re.compile(r"[A-Z]{2}|INT")


def default_catalog_dir() -> Path:
    from ._resources import data_dir

    return data_dir("catalog")


def check_catalog(directory: str | Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Validate a catalogue directory: the catalogue (None if any error) and every problem."""
    root = Path(directory) if directory is not None else default_catalog_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem.of(msg("catalog.no-directory", root=root), "missing-directory", str(root),
                                   hint=msg("catalog.no-directory.hint")))
        return None, problems
    docs: dict[str, Document | None] = {}
    hashes: list[tuple[str, str]] = []
    for name in (LABELS_FILE, PRODUCTS_FILE, ATTRIBUTES_FILE):
        path = root / name
        shown = _display(path)
        if not path.is_file():
            if name != ATTRIBUTES_FILE:
                problems.append(Problem.of(msg("catalog.missing-file", name=name), "missing-file", shown,
                                           hint=msg("catalog.missing-file.hint", name=name)))
            docs[name] = None
            continue
        try:
            docs[name] = load_yaml(path, shown)
            hashes.append((name, hashlib.sha256(path.read_bytes()).hexdigest()))
        except YamlLoadError as exc:
            problems.append(exc.problem)
            docs[name] = None

    labels: dict[str, LabelScheme] = {}
    lab_doc = docs[LABELS_FILE]
    label_ids: set[str] | None = None  # None: labels.yaml did not load, so references are not checked
    if lab_doc is not None:
        c = Checker(lab_doc)
        labels = _labels(c)
        label_ids = set(_declared_ids(lab_doc, "labels"))
        problems += c.problems

    attributes: dict[str, AttributeSpec] = {}
    if docs[ATTRIBUTES_FILE] is not None:
        c = Checker(docs[ATTRIBUTES_FILE])  # type: ignore[arg-type]
        attributes = _attributes(c)
        problems += c.problems

    groups: dict[str, ProductGroup] = {}
    exclude = Keywords()
    cues: tuple[Cue, ...] = ()
    services = AppliesTo()
    context = Keywords()
    packages = Packages()
    adoption = None
    if docs[PRODUCTS_FILE] is not None:
        c = Checker(docs[PRODUCTS_FILE])  # type: ignore[arg-type]
        groups, exclude, cues, services, context, packages = _products(c, label_ids)
        top = c.doc.data if isinstance(c.doc.data, dict) else {}
        if "adoption" in top:
            adoption = _adoption(c, top["adoption"])
        problems += c.problems

    registry, rproblems, rhashes = check_registry(root / CERTIFICATES_FOLDER, label_ids, _display)
    problems += rproblems
    hashes += rhashes
    if any(p.level == "error" for p in problems):
        return None, problems
    catalog = Catalog(labels, groups, attributes, exclude, str(root), tuple(sorted(hashes)), cues, services,
                      context, adoption, packages, registry)
    return catalog, problems


def load_catalog(directory: str | Path | None = None) -> Catalog:
    """Load and validate a catalogue directory; raise :class:`CatalogError` listing every problem."""
    catalog, problems = check_catalog(directory)
    if catalog is None:
        raise CatalogError.from_problems(problems)
    return catalog


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _declared_ids(doc: Document, top: str) -> list[str]:
    """Ids declared in a list, even when their entry has other problems (for reference checks)."""
    data = doc.data.get(top) if isinstance(doc.data, dict) else None
    return [e["id"] for e in data or () if isinstance(e, dict) and isinstance(e.get("id"), str)] \
        if isinstance(data, list) else []


def _top_list(c: Checker, key: str, other: tuple[str, ...] = ()) -> list[Any]:
    top = c.mapping(c.doc.data, (), required=(key,), optional=other, what=msg("expect.top-list", key=key))
    if top is None or key not in top:
        return []
    return c.seq(top[key], (key,), allow_empty=False) or []


def _labels(c: Checker) -> dict[str, LabelScheme]:
    out: dict[str, LabelScheme] = {}
    seen: dict[str, tuple[str, int | None]] = {}
    for i, entry in enumerate(_top_list(c, "labels")):
        p = ("labels", i)
        d = c.mapping(entry, p, required=("id", "kind", "name", "issuer", "country", "iso_type",
                                          "recognised", "source"),
                      optional=("validity_years", "grades"))
        if d is None:
            continue
        before = len(c.problems)
        ident = c.ident(d["id"], p + ("id",)) if "id" in d else None
        kind = c.enum(d["kind"], p + ("kind",), KINDS) if "kind" in d else None
        name = c.bilingual(d["name"], p + ("name",)) if "name" in d else None
        issuer = c.text(d["issuer"], p + ("issuer",)) if "issuer" in d else None
        country = c.text(d["country"], p + ("country",)) if "country" in d else None
        if country is not None and not _COUNTRY.fullmatch(country):
            c.error(p + ("country",), msg("catalog.country", country=country), "bad-value")
        iso = c.enum(d["iso_type"], p + ("iso_type",), ISO_TYPES) if "iso_type" in d else None
        validity = None
        if d.get("validity_years") is not None:
            validity = c.integer(d["validity_years"], p + ("validity_years",), minimum=1, maximum=50)
        grades = _grades(c, d.get("grades"), p + ("grades",))
        recognised = c.boolean(d["recognised"], p + ("recognised",)) if "recognised" in d else None
        source = c.text(d["source"], p + ("source",)) if "source" in d else None
        note = c.opt_text(d, "note", p)
        if ident is not None and not c.unique_id(ident, p + ("id",), seen, msg("what.label")):
            continue
        if len(c.problems) == before and ident is not None:
            out[ident] = LabelScheme(ident, kind, name, issuer, country, iso,  # type: ignore[arg-type]
                                     validity, grades, recognised, source, note)  # type: ignore[arg-type]
    return out


def _grades(c: Checker, value: Any, p: tuple[Any, ...]) -> Grades | None:
    if value is None:
        return None
    d = c.mapping(value, p, required=("scale", "best"), what=msg("expect.grades"))
    if d is None or "scale" not in d or "best" not in d:
        return None
    scale = c.seq(d["scale"], p + ("scale",), what=msg("expect.grade-list"))
    if scale is None:
        return None
    bad: Msg | None = None
    if len(scale) < 2:
        bad = msg("catalog.grades.too-short")
    elif all(isinstance(g, int) and not isinstance(g, bool) for g in scale):
        pass
    elif all(isinstance(g, str) and g.strip() for g in scale):
        scale = [g.strip() for g in scale]
    else:
        bad = msg("catalog.grades.mixed")
    if bad is None and len(set(scale)) != len(scale):
        bad = msg("catalog.grades.twice")
    if bad:
        c.error(p + ("scale",), msg("catalog.grades", reason=bad), "bad-grades", hint=msg("catalog.grades.hint"))
        return None
    best = d["best"].strip() if isinstance(d["best"], str) else d["best"]
    if best not in (scale[0], scale[-1]) or isinstance(best, bool):
        c.error(p + ("best",), msg("catalog.best", first=scale[0], last=scale[-1], best=best), "bad-grades",
                hint=msg("catalog.best.hint"))
        return None
    return Grades(tuple(scale), best)


def _splits(phrase: str) -> str | None:
    """The separator or conjunction that cuts ``phrase`` into two parts of a description, if any."""
    ws = words(phrase)
    toks = tokens(phrase.lstrip().lstrip("^"))
    if len(toks) == len(ws) and len(set(toks.segment)) <= 1:
        return None
    for f, m in ws:
        if f in CONJUNCTIONS:
            return m
    return next((ch for ch in phrase if not (ch.isalnum() or ch.isspace() or ch in "^-'")), "-")


def _keywords(c: Checker, value: Any, p: tuple[Any, ...], *, need_vi: bool) -> Keywords:
    d = c.mapping(value, p, required=("vi",) if need_vi else (),
                  optional=("en",) if need_vi else ("vi", "en"), what=msg("expect.keywords"))
    if d is None:
        return Keywords()
    vi = c.text_list(d.get("vi", []), p + ("vi",), allow_empty=not need_vi) if "vi" in d or need_vi else []
    en = c.text_list(d.get("en", []), p + ("en",)) if "en" in d else []
    for lang, phrases in (("vi", vi), ("en", en)):
        for j, w in enumerate(phrases):
            if not fold(w):
                c.error(p + (lang, j), msg("catalog.keyword-empty", word=w), "bad-value")
            elif (cut := _splits(w)) is not None:
                c.warning(p + (lang, j), msg("catalog.phrase-split", word=w, cut=cut), "phrase-never-matches",
                          hint=msg("catalog.phrase-split.hint"))
    return Keywords(tuple(vi), tuple(en))


def _products(c: Checker, label_ids: set[str] | None
              ) -> tuple[dict[str, ProductGroup], Keywords, tuple[Cue, ...], AppliesTo, Keywords, Packages]:
    exclude = Keywords()
    top = c.doc.data if isinstance(c.doc.data, dict) else {}
    cls = None
    if isinstance(top.get("classification"), dict) or "classification" in top:
        cls = c.mapping(top["classification"], ("classification",),
                        optional=("exclude_keywords", "cues", "services", "context_words", "packages"))
        if cls and "exclude_keywords" in cls:
            exclude = _keywords(c, cls["exclude_keywords"], ("classification", "exclude_keywords"),
                                need_vi=False)
    entries = _top_list(c, "product_groups", ("classification", "adoption"))
    out: dict[str, ProductGroup] = {}
    seen: dict[str, tuple[str, int | None]] = {}
    param_types: dict[str, tuple[str, str]] = {}
    for i, entry in enumerate(entries):
        p = ("product_groups", i)
        d = c.mapping(entry, p, required=("id", "name", "priority", "keywords", "accepted_labels",
                                          "source"),
                      optional=("exclude_keywords", "broad_keywords", "codes", "tags", "params"))
        if d is None:
            continue
        before = len(c.problems)
        ident = c.ident(d["id"], p + ("id",)) if "id" in d else None
        name = c.bilingual(d["name"], p + ("name",)) if "name" in d else None
        priority = c.boolean(d["priority"], p + ("priority",)) if "priority" in d else None
        keywords = _keywords(c, d["keywords"], p + ("keywords",), need_vi=True) \
            if "keywords" in d else Keywords()
        excl = _keywords(c, d["exclude_keywords"], p + ("exclude_keywords",), need_vi=False) \
            if d.get("exclude_keywords") is not None else Keywords()
        broad = _keywords(c, d["broad_keywords"], p + ("broad_keywords",), need_vi=False) \
            if d.get("broad_keywords") is not None else Keywords()
        accepted = c.text_list(d["accepted_labels"], p + ("accepted_labels",), ident=True) \
            if "accepted_labels" in d else []
        for j, lab in enumerate(accepted):
            if label_ids is not None and lab not in label_ids:
                c.error(p + ("accepted_labels", j), msg("catalog.unknown-label", label=lab), "unknown-label",
                        hint=suggest(lab, label_ids) or msg("catalog.unknown-label.hint"))
        tags = c.text_list(d["tags"], p + ("tags",), ident=True) if d.get("tags") is not None else []
        params = _params(c, d.get("params"), p + ("params",), ident, param_types)
        codes = _codes(c, d.get("codes"), p + ("codes",))
        source = c.text(d["source"], p + ("source",)) if "source" in d else None
        note = c.opt_text(d, "note", p)
        if ident is not None and not c.unique_id(ident, p + ("id",), seen, msg("what.product-group")):
            continue
        if len(c.problems) == before and ident is not None:
            loc = c.doc.loc(p + ("id",))
            out[ident] = ProductGroup(ident, name, priority, keywords, tuple(accepted),  # type: ignore[arg-type]
                                      tuple(tags), params, source, excl, codes, note,  # type: ignore[arg-type]
                                      c.doc.path, loc.line if loc else None, loc.column if loc else None,
                                      broad)
    cues = _cues(c, cls.get("cues") if cls else None, out) if cls and cls.get("cues") is not None else ()
    services = AppliesTo()
    if cls and cls.get("services") is not None:
        services = check_applies_to(c, cls["services"], ("classification", "services"), out) or AppliesTo()
    context = Keywords()
    if cls and cls.get("context_words") is not None:
        context = _keywords(c, cls["context_words"], ("classification", "context_words"), need_vi=False)
    packages = _packages(c, cls["packages"]) if cls and cls.get("packages") is not None else Packages()
    return out, exclude, cues, services, context, packages


def _packages(c: Checker, value: Any) -> Packages:
    p: tuple[Any, ...] = ("classification", "packages")
    d = c.mapping(value, p, optional=("units", "words"))
    if d is None:
        return Packages()
    units = c.text_list(d["units"], p + ("units",)) if d.get("units") is not None else []
    words = _keywords(c, d["words"], p + ("words",), need_vi=False) if d.get("words") is not None else Keywords()
    return Packages(tuple(units), words)


def _adoption(c: Checker, value: Any) -> Adoption | None:
    """The top-level ``adoption`` of products.yaml: status, date, text (vi/en), decision when adopted."""
    p: tuple[Any, ...] = ("adoption",)
    d = c.mapping(value, p, required=("status", "date", "text"), optional=("decision",))
    if d is None:
        return None
    before = len(c.problems)
    status = c.enum(d["status"], p + ("status",), ADOPTION_STATUSES) if "status" in d else None
    date = c.date(d["date"], p + ("date",)) if "date" in d else None
    text = c.bilingual(d["text"], p + ("text",)) if "text" in d else None
    decision = c.opt_text(d, "decision", p)
    note = c.opt_text(d, "note", p)
    if status == "adopted" and decision is None:
        c.error(p, msg("schema.missing-key-in", key="decision", where="adoption"), "missing-key")
    if len(c.problems) != before or status is None or date is None or text is None:
        return None
    return Adoption(status, date, text, decision, note)


def check_applies_to(c: Checker, value: Any, p: tuple[Any, ...], groups: Mapping[str, ProductGroup]
                     ) -> AppliesTo | None:
    """``all`` or ``{groups: [...], tags: [...]}`` naming groups and tags of ``groups``; None (with the
    problems recorded) when it does not."""
    if value == "all":
        return AppliesTo(all=True)
    if isinstance(value, str):
        c.error(p, msg("rules.applies-to", value=value), "bad-value", hint=suggest(value, ["all"]))
        return None
    d = c.mapping(value, p, optional=("groups", "tags", "unclassified"), what=msg("expect.applies-to"))
    if d is None:
        return None
    unclassified = c.boolean(d["unclassified"], p + ("unclassified",)) if "unclassified" in d else False
    if unclassified is None:
        return None
    if not d.get("groups") and not d.get("tags") and not unclassified:
        c.error(p, msg("rules.applies-to-empty"), "empty", hint=msg("rules.applies-to-empty.hint"))
        return None
    ok = True
    names = c.text_list(d["groups"], p + ("groups",), ident=True) if d.get("groups") else []
    for j, g in enumerate(names):
        if g not in groups:
            ok = False
            c.error(p + ("groups", j), msg("rules.unknown-group", group=g), "unknown-group",
                    hint=suggest(g, groups) or msg("rules.unknown-group.hint"))
    known_tags = sorted({t for g in groups.values() for t in g.tags})
    tags = c.text_list(d["tags"], p + ("tags",), ident=True) if d.get("tags") else []
    for j, t in enumerate(tags):
        if t not in known_tags:
            ok = False
            c.error(p + ("tags", j), msg("rules.unknown-tag", tag=t), "unknown-tag",
                    hint=suggest(t, known_tags) or msg("rules.unknown-tag.hint"))
    return AppliesTo(False, frozenset(names), frozenset(tags), unclassified) if ok else None


def _cues(c: Checker, value: Any, groups: Mapping[str, ProductGroup]) -> tuple[Cue, ...]:
    p0: tuple[Any, ...] = ("classification", "cues")
    out: list[Cue] = []
    seen: dict[str, tuple[str, int | None]] = {}
    for i, entry in enumerate(c.seq(value, p0) or ()):
        p = p0 + (i,)
        d = c.mapping(entry, p, required=("id", "name", "keywords", "vetoes"), optional=("unless", "reach"))
        if d is None:
            continue
        before = len(c.problems)
        ident = c.ident(d["id"], p + ("id",)) if "id" in d else None
        name = c.bilingual(d["name"], p + ("name",)) if "name" in d else None
        keywords = _keywords(c, d["keywords"], p + ("keywords",), need_vi=True) if "keywords" in d else None
        vetoes = check_applies_to(c, d["vetoes"], p + ("vetoes",), groups) if "vetoes" in d else None
        unless = _keywords(c, d["unless"], p + ("unless",), need_vi=False) if d.get("unless") is not None \
            else Keywords()
        note = c.opt_text(d, "note", p)
        reach = c.enum(d["reach"], p + ("reach",), CUE_REACHES) if "reach" in d else "list"
        if ident is not None and not c.unique_id(ident, p + ("id",), seen, msg("what.cue")):
            continue
        if len(c.problems) == before and ident and name and keywords and vetoes and reach:
            out.append(Cue(ident, name, keywords, vetoes, unless, note, reach))
    return tuple(out)


def _params(c: Checker, value: Any, p: tuple[Any, ...], group: str | None,
            types: dict[str, tuple[str, str]]) -> dict[str, ParamValue]:
    if value is None:
        return {}
    d = c.mapping(value, p, optional=tuple(value) if isinstance(value, dict) else (),
                  what=msg("expect.params"))
    out: dict[str, ParamValue] = {}
    for name, v in (d or {}).items():
        if name == "note":
            c.error(p + (name,), msg("catalog.param-note"), "bad-id", key=True, hint=msg("catalog.param-note.hint"))
            continue
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            c.error(p + (name,), msg("catalog.param-name", name=name), "bad-id", key=True,
                    hint=msg("catalog.param-name.hint"))
            continue
        if isinstance(v, bool):
            val: ParamValue | None = v
        elif isinstance(v, (int, Decimal)):
            val = c.number(v, p + (name,))
        elif isinstance(v, str):
            val = c.text(v, p + (name,))
        else:
            c.wrong(v, p + (name,), msg("expect.param-value"))
            val = None
        if val is None:
            continue
        t = value_type(val)
        if name in types and types[name][0] != t:
            c.error(p + (name,), msg("catalog.param-type", name=name, type=msg(f"type.{t}"),
                                     other=msg(f"type.{types[name][0]}"), group=types[name][1]), "param-type",
                    hint=msg("catalog.param-type.hint"))
            continue
        types.setdefault(name, (t, group or "?"))
        out[name] = val
    return out


def _codes(c: Checker, value: Any, p: tuple[Any, ...]) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    d = c.mapping(value, p, optional=tuple(value) if isinstance(value, dict) else (),
                  what=msg("expect.codes"))
    out: dict[str, tuple[str, ...]] = {}
    for system, codes in (d or {}).items():
        if system == "note":
            continue
        lst = c.text_list(codes, p + (system,))
        clean = []
        for j, code in enumerate(lst):
            stripped = re.sub(r"[^0-9A-Za-z]", "", code)
            if not stripped:
                c.error(p + (system, j), msg("catalog.code-empty", code=code), "bad-value")
            else:
                clean.append(code)
        out[system] = tuple(clean)
    return out


def _attributes(c: Checker) -> dict[str, AttributeSpec]:
    out: dict[str, AttributeSpec] = {}
    seen: dict[str, tuple[str, int | None]] = {}
    for i, entry in enumerate(_top_list(c, "attributes")):
        p = ("attributes", i)
        d = c.mapping(entry, p, required=("id", "type", "name"),
                      optional=("min", "max", "values", "aliases", "columns", "source"))
        if d is None:
            continue
        before = len(c.problems)
        ident = c.ident(d["id"], p + ("id",)) if "id" in d else None
        typ = c.enum(d["type"], p + ("type",), ATTRIBUTE_TYPES) if "type" in d else None
        name = c.bilingual(d["name"], p + ("name",)) if "name" in d else None
        lo = hi = None
        for key in ("min", "max"):
            if d.get(key) is None:
                continue
            if typ not in ("number", "integer"):
                c.error(p + (key,), msg("catalog.minmax-type", key=key), "not-allowed", key=True,
                        hint=msg("catalog.not-allowed.hint"))
                continue
            v = c.number(d[key], p + (key,))
            if key == "min":
                lo = v
            else:
                hi = v
        if lo is not None and hi is not None and lo > hi:
            c.error(p + ("max",), msg("catalog.max-below-min", hi=hi, lo=lo), "out-of-range",
                    hint=msg("catalog.max-below-min.hint"))
        values = None
        if d.get("values") is not None:
            if typ != "text":
                c.error(p + ("values",), msg("catalog.values-type"), "not-allowed", key=True,
                        hint=msg("catalog.not-allowed.hint"))
            else:
                values = tuple(c.text_list(d["values"], p + ("values",), allow_empty=False))
        aliases = _aliases(c, d["aliases"], p + ("aliases",), values) if d.get("aliases") is not None else {}
        columns = tuple(c.text_list(d["columns"], p + ("columns",))) if d.get("columns") else ()
        source = c.opt_text(d, "source", p)
        note = c.opt_text(d, "note", p)
        if ident is not None and not c.unique_id(ident, p + ("id",), seen, msg("what.attribute")):
            continue
        if len(c.problems) == before and ident is not None:
            out[ident] = AttributeSpec(ident, typ, name, lo, hi, values, columns,  # type: ignore[arg-type]
                                       source, note, aliases)
    return out


def _aliases(c: Checker, data: Any, p: tuple[str | int, ...], values: tuple[str, ...] | None) -> dict[str, str]:
    """``aliases: {value: [word, ...]}`` of a text attribute with ``values``: folded word -> value."""
    if values is None:
        c.error(p, msg("catalog.aliases-need-values"), "not-allowed", key=True, hint=msg("catalog.aliases.hint"))
        return {}
    d = c.mapping(data, p, optional=values)      # a key that is not a value: unknown-key, did you mean
    if d is None:
        return {}
    out: dict[str, str] = {}
    taken = {fold(v): v for v in values}
    for value, spelled in d.items():
        if value not in values:
            continue
        for i, word in enumerate(c.text_list(spelled if isinstance(spelled, list) else [spelled], p + (value,),
                                             allow_empty=False)):
            key = fold(word)
            other = out.get(key, taken.get(key))
            if other is not None and other != value:
                c.error(p + (value, i) if isinstance(spelled, list) else p + (value,),
                        msg("catalog.alias-taken", word=word, other=other), "duplicate-value",
                        hint=msg("catalog.alias-taken.hint"))
                continue
            out[key] = value
    return out
