"""green-procurement: score public purchase requests against green public procurement criteria.

Pipeline: catalogue (``catalog/*.yaml``) -> rules (``rules/*.yaml``) -> validated IR -> compiler ->
engine (durable-rules, or the pure-Python reference) -> results -> io, reports and the CLI.

>>> import green_procurement as gp
>>> engine = gp.load_default()
>>> result = engine.evaluate(request, on=datetime.date(2025, 6, 1))   # doctest: +SKIP
>>> result.to_dict()                                                   # doctest: +SKIP
"""

from .catalog import Catalog, load_catalog
from .engine import Engine, load, load_default
from .errors import CatalogError, GppError, InputError, Problem, RuleError
from .model import LabelClaim, LineItem, PurchaseRequest
from .results import Finding, ItemResult, RequestResult
from .rules import Rule, RuleSet, load_ruleset

__all__ = (
    "Catalog",
    "CatalogError",
    "Engine",
    "Finding",
    "GppError",
    "InputError",
    "ItemResult",
    "LabelClaim",
    "LineItem",
    "Problem",
    "PurchaseRequest",
    "RequestResult",
    "Rule",
    "RuleError",
    "RuleSet",
    "load",
    "load_catalog",
    "load_default",
    "load_ruleset",
)
