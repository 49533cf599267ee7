"""Explain why an item scored as it did: a trace of every rule, for policy staff.

:func:`explain_item` (or :func:`explain_line`) enriches an item exactly as the engine does, then walks
the rule set in rule order and says, for every rule, whether it applies (and if not, why: the item's
group is outside the rule's groups/tags, or the rule is not in effect on the evaluation day), whether it
is met, and — for a rule not met — which sub-condition failed and on which actual value, in words:
``nhãn vn-energy hạng 3 < mức tối thiểu 4 của nhóm air-conditioner``.  It ends with the score arithmetic
and the status with its reason.

The trace is the recording interpreter's (:func:`green_procurement.lang.interp.trace`), the very code
whose verdict the reference backend returns; :mod:`green_procurement._reasons` words it.  The outcome
and score shown are the engine's own (whatever backend it runs); a disagreement with the trace would be
reported in the explanation.  Every text comes from the message catalogue in Vietnamese and English;
:func:`render_text` picks one, :meth:`Explanation.to_dict` gives a JSON-ready form.

>>> import datetime, green_procurement as gp                                 # doctest: +SKIP
>>> from green_procurement.explain import explain_line, render_text          # doctest: +SKIP
>>> item = gp.LineItem(id="1", description="Máy lạnh Daikin 1HP", quantity=1, unit_price=9_000_000,
...                    labels=[gp.LabelClaim("vn-energy", grade=3)])         # doctest: +SKIP
>>> print(render_text(explain_line(gp.load_default(), item, datetime.date(2025, 6, 1))))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import attrs

from ._messages import Msg, msg
from ._reasons import Context, Reason, fmt_date, fmt_value, join, label_state, rule_applicability, text_of, why
from ._templates import format_number
from .catalog import Catalog, ProductGroup
from .classify import Classification, Veto
from .engine import Engine
from .enrich import EnrichedItem
from .errors import GppError, InputError
from .lang import ir
from .lang.interp import Trace, trace
from .model import LineItem, PurchaseRequest, json_number
from .results import ItemResult, score_of
from .rules import SCORED, Rule

__all__ = [
    "Explanation",
    "Reason",
    "RuleExplanation",
    "Trace",
    "explain_item",
    "explain_line",
    "fmt_date",
    "fmt_value",
    "render_text",
    "rule_applicability",
    "trace",
    "trace_dict",
    "why",
]


def _score_text(score: Decimal, lang: str) -> str:
    q = score.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return format_number(q, lang) if q != q.to_integral_value() else \
        format_number(int(q), lang) + (",00" if lang == "vi" else ".00")


def _score(score: Decimal) -> Msg:
    return Msg(_score_text(score, "en"), _score_text(score, "vi"))


def _json(v: Any) -> Any:
    if isinstance(v, Decimal):
        return json_number(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, tuple):
        return [_json(x) for x in v]
    return v


def trace_dict(tr: Trace) -> dict[str, Any]:
    """JSON-ready form of a trace: the node (``ir.render``), its truth value, the values read and the
    sub-traces."""
    node = tr.node
    out: dict[str, Any] = {"cond": ir.render(node), "ok": tr.holds}
    if isinstance(node, ir.Test):
        out["field"] = node.field.name
        out["actual"] = None if tr.absent else _json(tr.value)
        out["absent"] = tr.absent
        if isinstance(node.operand, ir.Param):
            out["param"] = node.operand.name
            out["param_value"] = None if tr.param_absent or tr.absent else _json(tr.operand)
    if tr.matched is not None:
        out["matched"] = tr.matched
    if tr.label is not None:
        out["label"] = tr.label
    if tr.children:
        out["children"] = [trace_dict(c) for c in tr.children]
    return out


@attrs.frozen
class RuleExplanation:
    """One rule for one item: applicability, outcome, and the reasons."""

    rule: Rule
    applies: bool
    not_applicable: tuple[Msg, ...] = ()
    outcome: str | None = None          # "met" | "not_met" when it applies
    points: int = 0                      # points earned
    max_points: int = 0                  # points the rule can earn (0 for warning/info)
    trace: Trace | None = None
    reason: Reason | None = None         # why met / not met
    message: Any = None                  # the rule's message for this outcome (placeholders filled)
    disagrees: bool = False              # the trace and the engine disagree (a bug to report)

    @property
    def met(self) -> bool:
        """The rule applies and is met."""
        return self.outcome == "met"

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """JSON-ready form with texts in ``lang``."""
        out: dict[str, Any] = {
            "rule_id": self.rule.id, "title": self.rule.title.get(lang), "severity": self.rule.severity,
            "applies": self.applies,
        }
        if not self.applies:
            out["not_applicable"] = [t.get(lang) for t in self.not_applicable]
            return out
        out.update({"outcome": self.outcome, "points": self.points, "max_points": self.max_points,
                    "reason": self.reason.to_dict(lang) if self.reason else None,
                    "message": self.message.get(lang) if self.message else None,
                    "trace": trace_dict(self.trace) if self.trace else None})
        if self.disagrees:
            out["disagrees"] = True
        return out


@attrs.frozen
class Explanation:
    """Why an item scored as it did: classification, enriched values, every rule, score, status."""

    item: LineItem
    on: datetime.date
    lang: str
    enriched: EnrichedItem
    result: ItemResult
    rules: tuple[RuleExplanation, ...]
    threshold: int | Decimal
    entity: str | None = None
    funding: str | None = None
    catalog: Catalog | None = None

    @property
    def classification(self) -> Classification:
        """The group the engine found and how (explicit id, code, keyword) or why none."""
        return self.enriched.classification

    @property
    def group(self) -> ProductGroup | None:
        """The item's product group (None: unclassified)."""
        return self.enriched.group

    @property
    def status(self) -> str:
        """The engine's status of the item (green, partial, not_green, not_prioritised)."""
        return self.result.status

    def rule(self, rule_id: str) -> RuleExplanation:
        """The explanation of one rule, by id (KeyError if the rule set has no such rule)."""
        for r in self.rules:
            if r.rule.id == rule_id:
                return r
        raise KeyError(rule_id)

    def classification_text(self) -> Msg:
        """How the item was classified (or why it was not), and which groups' keywords were ruled out."""
        return _classification_text(self.enriched, self.item, self.catalog)

    def score_text(self) -> Msg:
        """The score arithmetic: ``60 + 0 = 60 / 100 điểm = 60,00; ngưỡng xanh 70``."""
        scored = [r for r in self.rules if r.applies and r.max_points > 0]
        threshold = text_of(self.threshold)
        if not scored:
            return msg("explain.score.none", threshold=threshold)
        earned = sum(r.points for r in scored)
        possible = sum(r.max_points for r in scored)
        score = score_of(earned, possible)
        assert score is not None            # every rule in scored carries points
        return msg("explain.score.sum", terms=" + ".join(str(r.points) for r in scored), earned=earned,
                   possible=possible, score=_score(score), threshold=threshold,
                   detail=", ".join(f"{r.rule.id} {r.points}/{r.max_points}" for r in scored))

    def status_text(self) -> Msg:
        """The status and the reason for it: ``một phần: chưa đạt yêu cầu GPP-LABEL-01``."""
        return _status_text(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready explanation (texts in the explanation's language)."""
        lang = self.lang
        cls = self.classification
        g = self.group
        return {
            "item": self.item.to_dict(),
            "evaluated_on": self.on.isoformat(),
            "lang": lang,
            "classification": {**cls.to_dict(), "group_name": g.name.get(lang) if g else None,
                               "priority": bool(g and g.priority),
                               "text": self.classification_text().get(lang)},
            "facts": _facts_dict(self.enriched),
            "rules": [r.to_dict(lang) for r in self.rules],
            "score": {"earned": sum(r.points for r in self.rules if r.applies),
                      "possible": sum(r.max_points for r in self.rules if r.applies),
                      "score": self.result.score, "green_min_score": _json(self.threshold),
                      "text": self.score_text().get(lang)},
            "status": {"status": self.result.status, "text": self.status_text().get(lang)},
            "disagreements": [r.rule.id for r in self.rules if r.disagrees],
        }


def _facts_dict(enriched: EnrichedItem) -> dict[str, Any]:
    fact = enriched.fact
    out = {k: v for k, v in fact.items() if k not in ("labels", "attributes", "param", "folded")}
    out["labels"] = [dict(x) for x in fact.get("labels", ())]
    out["attributes"] = dict(fact.get("attributes", {}))
    out["param"] = dict(fact.get("param", {}))
    return out


def _veto_why(v: Veto, catalog: Catalog | None) -> Msg:
    if v.by in ("exclude", "global"):
        return msg("explain.veto.exclude", phrase=v.phrase)
    if v.by.startswith("object:"):
        return msg("explain.veto.object", phrase=v.phrase)
    cue = next((c for c in (catalog.cues if catalog else ()) if c.id == v.by), None)
    return msg("explain.veto.cue", phrase=v.phrase, cue=Msg(cue.name.en, cue.name.vi) if cue else v.by)


def _classification_text(enriched: EnrichedItem, item: LineItem, catalog: Catalog | None = None) -> Msg:
    cls = enriched.classification
    # an unclassified item's reason already names the cue or exclusion; a classified one says what it left out
    shown = cls.vetoes if cls.group is not None or cls.mixed else ()
    notes = join([msg("explain.class.veto-note", group=v.group, keyword=v.keyword, why=_veto_why(v, catalog))
                  for v in shown], "")
    return join([_classification_head(enriched, item, catalog), notes], "")


def _classification_head(enriched: EnrichedItem, item: LineItem, catalog: Catalog | None) -> Msg:
    cls = enriched.classification
    g = cls.group
    if g is not None:
        name = Msg(f"{g.id} ({g.name.en})", f"{g.id} ({g.name.vi})")
        if cls.by == "product_group":
            how = msg("explain.class.by-group")
        elif cls.by == "code":
            system, _, code = (cls.evidence or "").partition(":")
            how = msg("explain.class.by-code", system=system.upper(), code=code, item_code=item.code)
        else:
            how = msg("explain.class.by-keyword", keyword=cls.evidence)
        prio = msg("explain.class.priority" if g.priority else "explain.class.not-priority")
        return msg("explain.class.found", group=name, how=how, priority=prio)
    code_note: Msg | str = msg("explain.class.code-note", code=item.code) if item.code else ""
    return msg("explain.class.unclassified", code_note=code_note, why=_unclassified_why(cls, catalog))


def _unclassified_why(cls: Classification, catalog: Catalog | None) -> Msg:
    if cls.mixed:
        return msg("explain.class.mixed", groups=", ".join(cls.groups_found))
    if cls.ambiguous:
        return msg("explain.class.ambiguous", groups=", ".join(cls.ambiguous))
    if cls.excluded_by is not None:
        return msg("explain.class.excluded", keyword=cls.excluded_by)
    cue_vetoes = [v for v in cls.vetoes if v.by not in ("exclude", "global") and not v.by.startswith("object:")]
    if cue_vetoes:
        v = cue_vetoes[0]
        cue = next((c for c in (catalog.cues if catalog else ()) if c.id == v.by), None)
        return msg("explain.class.vetoed", phrase=v.phrase, cue=Msg(cue.name.en, cue.name.vi) if cue else v.by,
                   groups=", ".join(dict.fromkeys(x.group for x in cue_vetoes)))
    if cls.excluded_groups:
        return msg("explain.class.group-excluded", groups=", ".join(cls.excluded_groups))
    return msg("explain.class.no-keyword")


def _status_text(ex: Explanation) -> Msg:
    status = ex.result.status
    name = msg(f"explain.status.{status}")
    head = Msg(name.en if name.en == status else f"{name.en} ({status})", f"{name.vi} ({status})")
    g = ex.group
    if status == "not_prioritised":
        why_ = msg("explain.status.unclassified") if g is None else msg("explain.status.off-list", group=g.id)
        return msg("explain.status.reasons", head=head, reasons=why_)
    unmet = [r.rule.id for r in ex.rules if r.applies and r.rule.severity == "requirement" and not r.met]
    score = ex.result.score_exact
    thr = text_of(ex.threshold)
    reasons: list[Msg] = []
    if unmet:
        reasons.append(msg("explain.status.unmet", ids=", ".join(unmet)))
    if score is None:
        reasons.append(msg("explain.status.no-scored"))
    elif status == "green":
        reasons.append(msg("explain.status.green-why", score=_score(score), threshold=thr))
    elif score < ex.threshold:
        reasons.append(msg("explain.status.below", score=_score(score), threshold=thr))
    if status == "not_green" and score is not None:
        reasons.append(msg("explain.status.no-points"))
    return msg("explain.status.reasons", head=head, reasons=join(reasons))


def explain_item(engine: Engine, request: PurchaseRequest | Mapping[str, Any], index: int,
                 on: datetime.date, lang: str = "vi") -> Explanation:
    """Explain the ``index``-th item of ``request`` on day ``on``.

    Raises :class:`~green_procurement.InputError` for a bad request (as :meth:`Engine.evaluate`)."""
    req = request if isinstance(request, PurchaseRequest) else PurchaseRequest.from_dict(request)
    if not 0 <= index < len(req.items):
        raise InputError(msg("explain.bad-item", index=index, count=len(req.items)), path=f"items[{index}]",
                         code="bad-input", hint=msg("explain.bad-item.hint", last=len(req.items) - 1))
    enriched = engine.enrich(req, index, on)
    return _explain(engine, enriched, on, _lang(lang), req.entity, req.funding)


def explain_line(engine: Engine, item: LineItem | Mapping[str, Any], on: datetime.date,
                 entity: str | None = None, funding: str | None = None, lang: str = "vi") -> Explanation:
    """Explain one line item outside a request; ``entity``/``funding`` as its request's."""
    li = item if isinstance(item, LineItem) else LineItem.from_dict(item, "item")
    req = PurchaseRequest(id="explain", items=(li,), entity=entity, funding=funding)
    enriched = engine.enrich(req, 0, on, path="item")
    return _explain(engine, enriched, on, _lang(lang), req.entity, req.funding)


def _lang(lang: str) -> str:
    if lang not in ("vi", "en"):
        raise GppError(msg("explain.bad-lang", lang=lang), code="bad-lang", hint=msg("explain.bad-lang.hint"))
    return lang


def _explain(engine: Engine, enriched: EnrichedItem, on: datetime.date, lang: str,
             entity: str | None, funding: str | None) -> Explanation:
    met = engine.met(enriched, on)
    result = engine.score(enriched, met, on)
    findings = {f.rule_id: f for f in result.findings}
    ctx = Context(enriched.fact, enriched.group, on)
    out = []
    for rule in engine.ruleset.rules:
        if not rule.applies(enriched.group, on):
            out.append(RuleExplanation(rule, False, rule_applicability(rule, enriched.group, on)))
            continue
        tr = trace(rule.when, enriched.fact)
        finding = findings.get(rule.id)
        ok = rule.id in met
        max_pts = rule.points if rule.severity in SCORED else 0
        out.append(RuleExplanation(rule, True, (), "met" if ok else "not_met", max_pts if ok else 0, max_pts,
                                   tr, why(tr, ctx), finding.message if finding else None, tr.holds != ok))
    return Explanation(enriched.item, on, lang, enriched, result, tuple(out),
                       engine.ruleset.scoring.green_min_score, entity, funding, engine.ruleset.catalog)


def _label_claim_text(i: int, lab: Mapping[str, Any], ex: Explanation) -> Msg:
    claim = ex.item.labels[i] if i < len(ex.item.labels) else None
    parts = [Msg(lab["scheme"], lab["scheme"])]
    grade = lab.get("grade", lab.get("grade_text"))
    if grade is not None:
        parts.append(msg("explain.claim.grade", grade=grade))
    if claim is not None and claim.certificate:
        parts.append(msg("explain.claim.number", number=claim.certificate))
    if claim is not None and claim.valid_until is not None:
        parts.append(msg("explain.claim.until", day=fmt_date(claim.valid_until), days=lab.get("days_to_expiry")))
    ctx = Context(ex.enriched.fact, ex.group, ex.on)
    states = [label_state(f, lab.get(f), lab, ctx) for f in ("valid", "accepted", "recognised", "registry_status")]
    return msg("explain.claim.line", parts=join(parts, " "), kind=lab.get("kind"),
               states=join([s for s in states if s is not None], ", "))


def render_text(explanation: Explanation, lang: str | None = None) -> str:
    """The explanation as text for a policy officer (``lang``: vi or en; default the explanation's)."""
    ex = explanation
    lang = _lang(lang or ex.lang)
    item = ex.item
    fact = ex.enriched.fact

    def t(mid: str, **args: Any) -> str:
        return msg(mid, **args).get(lang)

    def number(n: Any) -> str:
        return msg("placeholder.none").get(lang) if n is None else format_number(n, lang)

    lines = [t("explain.text.item", id=item.id, description=item.description,
               quantity=number(item.quantity), unit=f" {item.unit}" if item.unit else "",
               price=number(item.unit_price), value=number(ex.enriched.value),
               day=fmt_date(ex.on)),
             t("explain.text.classification", text=ex.classification_text()),
             t("explain.text.values")]
    labels = fact.get("labels", ())
    if labels:
        lines.append(t("explain.text.labels"))
        for i, lab in enumerate(labels):
            lines.append(f"    {i + 1}. " + _label_claim_text(i, lab, ex).get(lang))
    else:
        lines.append(t("explain.text.no-labels"))
    attrs_ = fact.get("attributes", {})
    if attrs_:
        lines.append(t("explain.text.attributes",
                       values=", ".join(f"{k} = {fmt_value(v, lang)}" for k, v in attrs_.items())))
    else:
        lines.append(t("explain.text.no-attributes"))
    params = fact.get("param", {})
    if params:
        lines.append(t("explain.text.params", values=", ".join(f"{k} = {fmt_value(v, lang)}"
                                                                for k, v in params.items())))
    other = [f"{k} = {fmt_value(fact[k], lang)}" for k in ("tags", "code", "entity", "funding") if k in fact]
    if other:
        lines.append(t("explain.text.other", values=", ".join(other)))
    lines.append(t("explain.text.rules", n=len(ex.rules), applying=sum(r.applies for r in ex.rules)))
    for r in ex.rules:
        lines += _rule_lines(r, lang)
    lines.append(t("explain.text.score", text=ex.score_text()))
    lines.append(t("explain.text.status", text=ex.status_text()))
    return "\n".join(lines)


def _rule_lines(r: RuleExplanation, lang: str) -> list[str]:
    def t(mid: str, **args: Any) -> str:
        return msg(mid, **args).get(lang)

    sev = t(f"explain.severity.{r.rule.severity}")
    pts = t("explain.text.points", points=r.rule.points) if r.rule.severity in SCORED and r.rule.points else ""
    head = f"{r.rule.id} [{sev}{pts}] {r.rule.title.get(lang)}"
    if not r.applies:
        return [f"  – {head}: " + "; ".join(x.get(lang) for x in r.not_applicable)]
    if r.met:
        got = t("explain.text.met-points", points=r.points) if r.max_points else t("explain.text.met")
        lines = [f"  ✓ {head}: {got}"]
    else:
        got = t("explain.text.not-met-points", points=r.max_points) if r.max_points else t("explain.text.not-met")
        lines = [f"  ✗ {head}: {got}"]
    if r.reason is not None:
        sub = r.reason.lines(lang, 3)
        sub[0] = "      " + t("explain.text.because" if r.met else "explain.text.why") + sub[0].lstrip()
        lines += sub
    if r.message is not None and not r.met:
        lines.append(t("explain.text.message", text=r.message.get(lang)))
    if r.disagrees:
        lines.append(t("explain.text.disagrees"))
    return lines
