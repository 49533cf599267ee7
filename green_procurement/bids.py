"""Bid comparison: the preference margins of the Law on Bidding added to bids of a lot, and the ranking
by evaluated price (``green-procurement bids``, :meth:`Engine.compare_bids
<green_procurement.Engine.compare_bids>`).

A :class:`Bid` is one bidder's offer for one lot: its price (the bid price after error correction and
deviation adjustment, minus any discount — the price the margins are a percentage of), the goods'
``origin`` (a country code) and declared domestic production cost share, and the goods as a line item
(description, label claims, attributes) so that label claims are checked as for a purchase list.

The settings — who is preferred, the margins, their rule ids and legal basis — come from
``rules/bids.yaml`` (:mod:`green_procurement.bidpolicy`); what the law fixes is here: a preference's
margin is added to the bids not entitled to it (Law Art. 10(2)(c)); a bidder entitled to more than one
preference gets the most favourable only, so the other's margin is added to it (Decree 214/2025 Art.
5(1)); a preference every bid of the lot has alike, or none has, is not computed (Art. 5(2)); of bids
evaluated equal, a preferred one ranks first (Law Art. 10(2)(a)), other ties share a rank.  Money is
exact (``int`` or ``Decimal``).  Results inform the evaluation team, which decides.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ._messages import Msg, msg
from ._text import fold
from .bidpolicy import BidPolicy, BidRegime, Margin
from .enrich import Enricher
from .errors import InputError
from .lang import interp, ir
from .model import (
    MAX_AMOUNT,
    LabelClaim,
    LineItem,
    Number,
    Scalar,
    _amount,
    _attributes,
    _check_keys,
    _ident,
    _labels,
    _text,
    json_number,
)

__all__ = ["DEFAULT_LOT", "ECO_LABEL", "ORIGIN", "Adjustment", "Bid", "BidComparison", "BidResult", "LotResult",
           "as_bids", "compare", "compare_bids", "regime_for", "rejected_row"]

#: The lot of a bid whose file has no lot column.
DEFAULT_LOT = "1"
#: Names of the two preferences (``preferences`` of a result).
ORIGIN = "origin"
ECO_LABEL = "eco_label"
_COUNTRY = re.compile(r"[A-Za-z]{2}")
#: Country names written in full that mean Vietnam.
_VIETNAM = frozenset({"viet nam", "vietnam", "vn", "nuoc cong hoa xa hoi chu nghia viet nam"})


def _country(value: object, path: str) -> str | None:
    text = _text(value, path, required=False)
    if text is None:
        return None
    if fold(text) in _VIETNAM:
        return "VN"
    if not _COUNTRY.fullmatch(text):
        raise InputError(msg("bids.origin", value=text), path=path, code="bad-input", hint=msg("bids.origin.hint"))
    return text.upper()


@attrs.frozen
class Bid:
    """One bid for one lot (see the module's description).  ``domestic_cost_pct`` is the domestic
    production cost share the bidder declares (Decree 214/2025 Art. 6(5)); ``row`` the file row."""

    lot: str
    bidder: str
    price: Number
    description: str = ""
    origin: str | None = None
    domestic_cost_pct: Number | None = None
    labels: tuple[LabelClaim, ...] = ()
    attributes: Mapping[str, Scalar] = attrs.field(factory=dict)
    product_group: str | None = None
    code: str | None = None
    row: int | None = attrs.field(default=None, eq=False)

    _FIELDS = ("lot", "bidder", "description", "price", "origin", "domestic_cost_pct", "labels", "attributes",
               "product_group", "code")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Bid:
        """Build from a mapping; errors name the field (``bids[2].price``)."""
        d = _check_keys(data, path, cls._FIELDS, ("bidder", "price"))
        p = f"{path}." if path else ""
        pct = d.get("domestic_cost_pct")
        if pct is not None:
            pct = _amount(pct, f"{p}domestic_cost_pct", positive=False, limit=100, what="a number")
            if pct > 100:
                raise InputError(msg("bids.pct", value=number_text(pct)), path=f"{p}domestic_cost_pct",
                                 code="bad-input")
        return cls(
            lot=_ident(d.get("lot"), f"{p}lot", required=False) or DEFAULT_LOT,
            bidder=_ident(d.get("bidder"), f"{p}bidder") or "",
            price=_amount(d.get("price"), f"{p}price", positive=False, limit=MAX_AMOUNT, what="a price in VND"),
            description=_text(d.get("description"), f"{p}description", required=False) or "",
            origin=_country(d.get("origin"), f"{p}origin"),
            domestic_cost_pct=pct,
            labels=_labels(d.get("labels"), f"{p}labels"),
            attributes=_attributes(d.get("attributes"), f"{p}attributes"),
            product_group=_text(d.get("product_group"), f"{p}product_group", required=False),
            code=_ident(d.get("code"), f"{p}code", required=False),
        )

    def item(self) -> LineItem:
        """The goods as a line item (quantity 1 at the bid price), for label and attribute checks; the
        declared domestic cost share is its attribute ``domestic_cost_pct``."""
        attrs_ = dict(self.attributes)
        if self.domestic_cost_pct is not None:
            attrs_["domestic_cost_pct"] = self.domestic_cost_pct
        return LineItem(id=self.bidder, description=self.description or self.bidder, quantity=1,
                        unit_price=self.price, product_group=self.product_group, code=self.code,
                        labels=self.labels, attributes=attrs_)


@attrs.frozen
class Adjustment:
    """An amount added to a bid's price for comparison: ``pct`` % of the price, under ``rule_id``."""

    rule_id: str
    pct: Number
    amount: Number
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "pct": json_number(self.pct), "amount": json_number(self.amount),
                "basis": self.basis}


@attrs.frozen
class BidResult:
    """A bid's place in its lot: ``adjustments``, ``evaluated_price`` (price plus the adjustments) and
    ``rank`` (1 = first; bids evaluated equal share a rank and have ``tie``); ``preferences`` the ones
    counted for it (``origin``, ``eco_label``); ``notes`` why, in both languages.  A row that could not
    be read has ``error`` and no rank."""

    lot: str
    bidder: str
    price: Number | None
    adjustments: tuple[Adjustment, ...] = ()
    evaluated_price: Number | None = None
    rank: int | None = None
    description: str = ""
    origin: str | None = None
    domestic_cost_pct: Number | None = None
    preferences: tuple[str, ...] = ()
    notes: tuple[Msg, ...] = ()
    tie: bool = False
    row: int | None = None
    error: Msg | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (money as ``int`` or exact decimal text; texts in both languages)."""
        return {"lot": self.lot, "bidder": self.bidder, "description": self.description, "origin": self.origin,
                "domestic_cost_pct": json_number(self.domestic_cost_pct), "price": json_number(self.price),
                "adjustments": [a.to_dict() for a in self.adjustments],
                "evaluated_price": json_number(self.evaluated_price), "rank": self.rank, "tie": self.tie,
                "preferences": list(self.preferences), "notes": [n.to_dict() for n in self.notes],
                "row": self.row, "error": None if self.error is None else self.error.to_dict()}


@attrs.frozen
class LotResult:
    """The bids of one lot, best first (rows that could not be read last); ``notes`` on the lot."""

    lot: str
    bids: tuple[BidResult, ...]
    notes: tuple[Msg, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"lot": self.lot, "bids": [b.to_dict() for b in self.bids], "notes": [n.to_dict() for n in self.notes]}


@attrs.frozen
class BidComparison:
    """Every lot of a comparison, in the order the lots first appear."""

    evaluated_on: datetime.date
    version: str
    regime: str
    regime_title: Msg
    lots: tuple[LotResult, ...]

    @property
    def errors(self) -> int:
        """Bids that could not be read or checked."""
        return sum(b.error is not None for lot in self.lots for b in lot.bids)

    def to_dict(self) -> dict[str, Any]:
        """``{"evaluated_on", "version", "regime", "lots": [{"lot", "bids": [...]}]}``."""
        return {"evaluated_on": self.evaluated_on.isoformat(), "version": self.version, "regime": self.regime,
                "note": msg("bids.disclaimer").to_dict(), "lots": [lot.to_dict() for lot in self.lots]}


# -- the comparison ----------------------------------------------------------------------------------

@attrs.frozen
class _Entitlement:
    """What one bid is entitled to before the lot is compared."""

    origin: str | None          # "full", "reduced" or None
    eco: bool
    notes: tuple[Msg, ...]


def _exact(n: Decimal) -> Number:
    return int(n) if n == n.to_integral_value() else n.normalize()


def _share(price: Number, pct: Number) -> Number:
    return _exact(Decimal(price) * Decimal(pct) / 100)


def number_text(n: Number) -> Msg:
    """A number as each language writes it (``2,5`` / ``2.5``)."""
    text = format(n, "f") if isinstance(n, Decimal) else str(n)
    return Msg(text, text.replace(".", ","))


def _origin(regime: BidRegime, bid: Bid) -> tuple[str | None, list[Msg]]:
    o = regime.origin
    if o is None or bid.origin != o.country:
        return None, []
    d = bid.domestic_cost_pct
    low, full = number_text(o.min_domestic_cost_pct), number_text(o.full_domestic_cost_pct)
    if d is None:
        return None, [msg("bids.note.no-share", country=o.country, low=low)]
    if d >= o.full_domestic_cost_pct:
        return "full", [msg("bids.note.full", share=number_text(d), full=full)]
    if d >= o.min_domestic_cost_pct:
        return "reduced", [msg("bids.note.reduced", share=number_text(d), low=low, full=full)]
    return None, [msg("bids.note.below", share=number_text(d), low=low)]


def _origin_margin(regime: BidRegime, some_full: bool, status: str | None) -> Margin | None:
    """The margin added to a bid of origin ``status`` (None: not entitled)."""
    o = regime.origin
    assert o is not None
    if status == "full":
        return None
    if status == "reduced":
        return o.some_full_below_full if some_full else o.none_full_below_full
    return o.some_full_not_preferred if some_full else o.none_full_not_preferred


def _pct(m: Margin | None) -> Number:
    return m.pct if m is not None else 0


def compare(regime: BidRegime, bids: Sequence[Bid], on: datetime.date, *, version: str,
            facts: Callable[[Bid, int], Mapping[str, Any]],
            rejected: Iterable[BidResult] = ()) -> BidComparison:
    """Compare ``bids`` lot by lot under ``regime``.  ``facts(bid, i)`` gives the enriched fact of the
    ``i``-th bid's item (for the eco-label condition; it raises :class:`InputError` for a claim or an
    attribute the catalogue refuses).  ``rejected`` are rows that could not be read, listed with their
    lot after its ranked bids."""
    lots: dict[str, list[tuple[int, Bid]]] = {}
    for i, bid in enumerate(bids):
        lots.setdefault(bid.lot, []).append((i, bid))
    bad: dict[str, list[BidResult]] = {}
    for r in rejected:
        bad.setdefault(r.lot, []).append(r)
        lots.setdefault(r.lot, [])
    out = []
    for lot, members in lots.items():
        out.append(_lot(regime, lot, members, facts, tuple(bad.get(lot, ()))))
    return BidComparison(on, version, regime.id, Msg(regime.title.en, regime.title.vi), tuple(out))


def _lot(regime: BidRegime, lot: str, members: list[tuple[int, Bid]],
         facts: Callable[[Bid, int], Mapping[str, Any]], rejected: tuple[BidResult, ...]) -> LotResult:
    seen: dict[str, int | None] = {}
    entitled: list[_Entitlement] = []
    errors: list[BidResult] = []
    kept: list[Bid] = []
    for i, bid in members:
        if bid.bidder in seen:
            errors.append(_error(bid, msg("bids.bidder-twice", bidder=bid.bidder, row=seen[bid.bidder] or "?")))
            continue
        seen[bid.bidder] = bid.row
        status, notes = _origin(regime, bid)
        eco = False
        if regime.eco_label is not None:
            eco = interp.evaluate(regime.eco_label.qualifies, facts(bid, i))
            if eco:
                notes.append(msg("bids.note.eco"))
        entitled.append(_Entitlement(status, eco, tuple(notes)))
        kept.append(bid)
    some_full = any(e.origin == "full" for e in entitled)
    eco_margin = regime.eco_label.margin if regime.eco_label is not None else None
    # what each bid would have added, per preference, once Art. 5(1) kept one preference per bidder
    rows: list[tuple[Bid, dict[str, Margin | None], list[str], list[Msg]]] = []
    for bid, e in zip(kept, entitled, strict=True):
        notes = list(e.notes)
        added: dict[str, Margin | None] = {}
        counted: list[str] = []
        if regime.origin is not None:
            added[ORIGIN] = _origin_margin(regime, some_full, e.origin)
            if e.origin is not None:
                counted.append(ORIGIN)
        if eco_margin is not None:
            added[ECO_LABEL] = None if e.eco else eco_margin
            if e.eco:
                counted.append(ECO_LABEL)
        if len(counted) == 2:
            origin_gain = _pct(_origin_margin(regime, some_full, None)) - _pct(added[ORIGIN])
            eco_gain = _pct(eco_margin)
            keep = ORIGIN if origin_gain >= eco_gain else ECO_LABEL
            drop = ECO_LABEL if keep == ORIGIN else ORIGIN
            added[drop] = eco_margin if drop == ECO_LABEL else _origin_margin(regime, some_full, None)
            counted = [keep]
            if _pct(added[drop]):
                notes.append(msg("bids.note.one", kept=msg(f"bids.pref.{keep}"), dropped=msg(f"bids.pref.{drop}")))
        rows.append((bid, added, counted, notes))
    lot_notes: list[Msg] = []
    for pref in (ORIGIN, ECO_LABEL):
        pcts = {_pct(added.get(pref)) for _, added, _, _ in rows if pref in added}
        if len(pcts) == 1 and rows:
            for _, added, _, _ in rows:
                added.pop(pref, None)
            if pcts != {0}:
                lot_notes.append(msg("bids.note.alike", pref=msg(f"bids.pref.{pref}")))
    if regime.origin is not None and not some_full and any(e.origin == "reduced" for e in entitled):
        lot_notes.append(msg("bids.note.none-full", full=number_text(regime.origin.full_domestic_cost_pct)))
    results = []
    for bid, added, counted, notes in rows:
        adjustments = tuple(Adjustment(m.rule_id, m.pct, _share(bid.price, m.pct), m.basis)
                            for m in added.values() if m is not None and m.pct)
        evaluated = _exact(Decimal(bid.price) + sum((Decimal(a.amount) for a in adjustments), Decimal(0)))
        results.append(BidResult(lot, bid.bidder, bid.price, adjustments, evaluated, None, bid.description,
                                 bid.origin, bid.domestic_cost_pct, tuple(counted), tuple(notes), row=bid.row))
    ranked = _rank(results)
    return LotResult(lot, tuple(ranked) + tuple(errors) + rejected, tuple(lot_notes))


def _rank(results: list[BidResult]) -> list[BidResult]:
    """Order by evaluated price, a preferred bid first among equals (Law Art. 10(2)(a)); equal bids
    share a rank (1, 1, 3)."""
    def key(r: BidResult) -> tuple[Decimal, int]:
        return (Decimal(r.evaluated_price or 0), 0 if r.preferences else 1)

    order = sorted(results, key=key)
    out: list[BidResult] = []
    for pos, r in enumerate(order):
        same = [o for o in order if key(o) == key(r)]
        rank = pos + 1 if not out or key(out[-1]) != key(r) else out[-1].rank
        notes = r.notes
        tie = len(same) > 1
        if tie:
            notes += (msg("bids.note.tie", others=", ".join(o.bidder for o in same if o is not r)),)
        out.append(attrs.evolve(r, rank=rank, tie=tie, notes=notes))
    return out


def _error(bid: Bid, error: Msg) -> BidResult:
    return BidResult(bid.lot, bid.bidder, bid.price, description=bid.description, origin=bid.origin,
                     domestic_cost_pct=bid.domestic_cost_pct, row=bid.row, error=error)


def rejected_row(lot: str | None, bidder: str | None, row: int, error: Msg, description: str | None = None
                 ) -> BidResult:
    """The result of a row of a bids file that could not be read."""
    return BidResult(lot or DEFAULT_LOT, bidder or str(row), None, description=description or "", row=row,
                     error=error)


def as_bids(bids: Iterable[Bid | Mapping[str, Any]]) -> list[Bid]:
    """Bids from :class:`Bid` objects or mappings (``bids[i]`` names a bad field)."""
    return [b if isinstance(b, Bid) else Bid.from_dict(b, f"bids[{i}]") for i, b in enumerate(bids)]


def regime_for(policy: BidPolicy | None, on: datetime.date, eco_margin: Number | None = None) -> BidRegime:
    """The preference settings in force on ``on``, with the eco-label margin ``eco_margin`` (a percentage,
    what the bidding documents set) instead of the file's when given.  Raises :class:`InputError` when
    the rules have no ``bids.yaml`` or none of its periods holds ``on``."""
    if policy is None:
        raise InputError(msg("bids.no-policy"), path="rules/bids.yaml", code="no-bid-rules",
                         hint=msg("bids.no-policy.hint"))
    regime = policy.regime(on)
    if regime is None:
        starts = [r.effective_from.isoformat() for r in policy.regimes if r.effective_from is not None]
        raise InputError(msg("bids.no-regime", day=on.isoformat(), starts=", ".join(starts) or "-"),
                         path=policy.path, code="no-bid-rules", hint=msg("bids.no-regime.hint"))
    if eco_margin is not None:
        if not 0 <= eco_margin <= 100:
            raise InputError(msg("bids.eco-margin", value=number_text(eco_margin)), path="eco_margin",
                             code="bad-input")
        if regime.eco_label is None:
            raise InputError(msg("bids.no-eco"), path=policy.path, code="no-bid-rules")
        margin = attrs.evolve(regime.eco_label.margin, pct=eco_margin)
        regime = attrs.evolve(regime, eco_label=attrs.evolve(regime.eco_label, margin=margin))
    return regime


def compare_bids(ruleset: Any, enricher: Enricher, bids: Iterable[Bid | Mapping[str, Any]], on: datetime.date,
                 version: str, *, eco_margin: Number | None = None,
                 rejected: Iterable[BidResult] = ()) -> BidComparison:
    """What :meth:`Engine.compare_bids <green_procurement.Engine.compare_bids>` does with the engine's
    rule set and enricher."""
    regime = regime_for(ruleset.bids, on, eco_margin)
    items = as_bids(bids)
    if regime.eco_label is not None:
        tests = [t for t in ir.tests(regime.eco_label.qualifies) if isinstance(t.operand, ir.Phrases)]
        if tests:       # the condition reads phrases: an enricher that folds those texts
            enricher = Enricher(ruleset.catalog, ruleset.scoring.undated_certificates,
                                {t.field.name for t in tests},
                                {p for t in tests for p in t.operand.phrases},  # type: ignore[union-attr]
                                ruleset.scoring.unverified_certificates)

    def facts(bid: Bid, i: int) -> Mapping[str, Any]:
        return enricher.enrich_line(bid.item(), on, path=f"bids[{i}]").fact

    return compare(regime, items, on, version=version, facts=facts, rejected=rejected)
