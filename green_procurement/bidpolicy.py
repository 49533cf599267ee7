"""Bid preference settings (``rules/bids.yaml``): the margins that ``green-procurement bids`` and
:meth:`Engine.compare_bids <green_procurement.Engine.compare_bids>` add when bids are compared.

The file lists *regimes*, each in force for a period (``effective``): the Law on Bidding and the decree
in force then.  A regime has an ``origin`` part (goods of Vietnamese origin: who is preferred, and the
percentage added to the other bids, by case) and an ``eco_label`` part (goods with a recognised
eco-label or energy label: which claims qualify, as a rule condition, and the percentage added to bids
without one).  Every margin has the rule id and legal basis each adjustment of a result carries.

:func:`check_bid_policy` validates the file like a rule file (every problem located at
file:line:column, with a did-you-mean); :mod:`green_procurement.rules` loads it with the rules.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import attrs

from ._messages import msg
from ._schema import Text, in_period
from ._yaml import Document, PathKey
from .catalog import Catalog
from .lang import ir
from .lang.fields import ITEM
from .lang.parse import ConditionChecker

__all__ = ["BIDS_FILE", "BidPolicy", "BidRegime", "EcoPreference", "Margin", "OriginPreference",
           "check_bid_policy"]

BIDS_FILE = "bids.yaml"
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(?:[-_.][A-Z0-9]+)*")
_COUNTRY = re.compile(r"[A-Z]{2}")


@attrs.frozen
class Margin:
    """A percentage added to some bids' price for comparison, with the id and basis every adjustment it
    makes carries."""

    rule_id: str
    pct: int | Decimal
    basis: str
    note: str | None = None


@attrs.frozen
class OriginPreference:
    """Goods of Vietnamese origin (Law on Bidding Art. 10(1)(a); Decree 214/2025 Art. 6): a bid is
    preferred when its goods are of ``country`` origin with a domestic production cost share of at
    least ``min_domestic_cost_pct``; fully when it reaches ``full_domestic_cost_pct``.  When some offer
    of the lot reaches the full share (``some_full``) or none does (``none_full``), the margins added to
    bids not preferred and to preferred bids below the full share."""

    country: str
    min_domestic_cost_pct: int | Decimal
    full_domestic_cost_pct: int | Decimal
    some_full_not_preferred: Margin
    none_full_not_preferred: Margin
    some_full_below_full: Margin | None = None
    none_full_below_full: Margin | None = None
    note: str | None = None


@attrs.frozen
class EcoPreference:
    """Goods with a recognised eco-label, energy label or equivalent (Law Art. 10(1)(b); Decree 214 Art. 11):
    a bid whose item meets ``qualifies`` (a rule condition, usually ``any_label``) is preferred; the
    ``margin`` is added to the others."""

    margin: Margin
    qualifies: ir.Cond


@attrs.frozen
class BidRegime:
    """The preference settings in force in one period."""

    id: str
    title: Text
    basis: str
    effective_from: datetime.date | None
    effective_to: datetime.date | None
    origin: OriginPreference | None
    eco_label: EcoPreference | None
    note: str | None = None
    path: str = attrs.field(default="", eq=False)
    line: int | None = attrs.field(default=None, eq=False)

    def in_effect(self, on: datetime.date) -> bool:
        """The evaluation date is inside ``effective`` (both ends inclusive)."""
        return in_period(on, self.effective_from, self.effective_to)


@attrs.frozen
class BidPolicy:
    """Every regime of ``rules/bids.yaml``."""

    regimes: tuple[BidRegime, ...]
    path: str = ""

    def regime(self, on: datetime.date) -> BidRegime | None:
        """The regime in force on ``on`` (None: none)."""
        return next((r for r in self.regimes if r.in_effect(on)), None)


class _BidChecker(ConditionChecker):
    """Checks one bids.yaml file."""

    def policy(self) -> BidPolicy | None:
        top = self.mapping(self.doc.data, (), required=("bids",), what=msg("expect.top-list", key="bids"))
        if top is None or "bids" not in top:
            return None
        regimes: list[BidRegime] = []
        seen: dict[str, tuple[str, int | None]] = {}
        ids: dict[str, tuple[str, int | None]] = {}
        for i, entry in enumerate(self.seq(top["bids"], ("bids",), allow_empty=False) or ()):
            r = self.regime(entry, ("bids", i), seen, ids)
            if r is not None:
                regimes.append(r)
        for a_i, a in enumerate(regimes):
            for b in regimes[a_i + 1:]:
                if _overlap(a, b):
                    self.error(("bids", regimes.index(b), "effective"), msg("bids.overlap", first=a.id, second=b.id),
                               "bad-effective", hint=msg("bids.overlap.hint"))
        if self.failed:
            return None
        return BidPolicy(tuple(regimes), self.doc.path)

    def regime(self, entry: Any, p: PathKey, seen: dict[str, tuple[str, int | None]],
               ids: dict[str, tuple[str, int | None]]) -> BidRegime | None:
        d = self.mapping(entry, p, required=("id", "title", "basis", "effective"), optional=("origin", "eco_label"))
        if d is None:
            return None
        before = len(self.problems)
        rid = self.rule_id(d["id"], p + ("id",), seen) if "id" in d else None
        title = self.bilingual(d["title"], p + ("title",)) if "title" in d else None
        basis = self.basis(d, p)
        start, end = self.effective(d.get("effective"), p + ("effective",))
        origin = self.origin(d["origin"], p + ("origin",), ids) if d.get("origin") is not None else None
        eco = self.eco(d["eco_label"], p + ("eco_label",), ids) if d.get("eco_label") is not None else None
        note = self.opt_text(d, "note", p)
        if len(self.problems) != before or rid is None or title is None or basis is None:
            return None
        loc = self.doc.loc(p)
        return BidRegime(rid, title, basis, start, end, origin, eco, note, self.doc.path, loc.line if loc else None)

    def rule_id(self, value: Any, p: PathKey, seen: dict[str, tuple[str, int | None]]) -> str | None:
        rid = self.text(value, p)
        if rid is not None and not _RULE_ID.fullmatch(rid):
            self.error(p, msg("rules.rule-id", id=rid), "bad-id", hint=msg("rules.rule-id.hint"))
            return None
        if rid is not None and not self.unique_id(rid, p, seen, msg("bids.what-id")):
            return None
        return rid

    def pct(self, value: Any, p: PathKey) -> int | Decimal | None:
        n = self.number(value, p)
        if n is not None and not 0 <= n <= 100:
            self.range_error(p, n, 0, 100)
            return None
        return n

    def margin(self, value: Any, p: PathKey, ids: dict[str, tuple[str, int | None]]) -> Margin | None:
        d = self.mapping(value, p, required=("rule_id", "pct", "basis"), what=msg("bids.expect-margin"))
        if d is None:
            return None
        before = len(self.problems)
        rid = self.rule_id(d["rule_id"], p + ("rule_id",), ids) if "rule_id" in d else None
        pct = self.pct(d["pct"], p + ("pct",)) if "pct" in d else None
        basis = self.basis(d, p)
        note = self.opt_text(d, "note", p)
        if len(self.problems) != before or rid is None or pct is None or basis is None:
            return None
        return Margin(rid, pct, basis, note)

    def origin(self, value: Any, p: PathKey, ids: dict[str, tuple[str, int | None]]) -> OriginPreference | None:
        d = self.mapping(value, p, required=("country", "min_domestic_cost_pct", "full_domestic_cost_pct",
                                             "some_full", "none_full"))
        if d is None:
            return None
        before = len(self.problems)
        country = self.text(d["country"], p + ("country",)) if "country" in d else None
        if country is not None and not _COUNTRY.fullmatch(country):
            self.error(p + ("country",), msg("catalog.country", country=country), "bad-value")
        low = self.pct(d["min_domestic_cost_pct"], p + ("min_domestic_cost_pct",)) \
            if "min_domestic_cost_pct" in d else None
        full = self.pct(d["full_domestic_cost_pct"], p + ("full_domestic_cost_pct",)) \
            if "full_domestic_cost_pct" in d else None
        if low is not None and full is not None and full < low:
            self.error(p + ("full_domestic_cost_pct",), msg("bids.full-below-min", full=full, low=low), "out-of-range")
        cases: dict[str, tuple[Margin | None, Margin | None]] = {}
        for case in ("some_full", "none_full"):
            if case not in d:
                continue
            c = self.mapping(d[case], p + (case,), required=("not_preferred",), optional=("below_full",))
            if c is None:
                continue
            np = self.margin(c["not_preferred"], p + (case, "not_preferred"), ids) if "not_preferred" in c else None
            below = self.margin(c["below_full"], p + (case, "below_full"), ids) \
                if c.get("below_full") is not None else None
            cases[case] = (np, below)
        note = self.opt_text(d, "note", p)
        if len(self.problems) != before or country is None or low is None or full is None:
            return None
        some, none_ = cases.get("some_full", (None, None)), cases.get("none_full", (None, None))
        if some[0] is None or none_[0] is None:
            return None
        return OriginPreference(country, low, full, some[0], none_[0], some[1], none_[1], note)

    def eco(self, value: Any, p: PathKey, ids: dict[str, tuple[str, int | None]]) -> EcoPreference | None:
        d = self.mapping(value, p, required=("rule_id", "pct", "basis", "qualifies"))
        if d is None:
            return None
        margin = self.margin({k: v for k, v in d.items() if k != "qualifies"}, p, ids)
        cond = self.cond(d["qualifies"], p + ("qualifies",), ITEM) if "qualifies" in d else None
        if margin is None or cond is None:
            return None
        return EcoPreference(margin, cond)


def _overlap(a: BidRegime, b: BidRegime) -> bool:
    lo = max(a.effective_from or datetime.date.min, b.effective_from or datetime.date.min)
    hi = min(a.effective_to or datetime.date.max, b.effective_to or datetime.date.max)
    return lo <= hi


def check_bid_policy(doc: Document, catalog: Catalog) -> tuple[BidPolicy | None, list[Any]]:
    """Validate a loaded bids.yaml against ``catalog``: the policy (None on error) and every problem."""
    c = _BidChecker(doc, catalog)
    policy = c.policy()
    return policy, c.problems
