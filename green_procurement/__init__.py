"""green-procurement: score public purchase requests against green public procurement criteria.

Pipeline: catalogue (``catalog/*.yaml``) -> rules (``rules/*.yaml``) -> validated IR -> engine
(durable-rules, or the pure-Python reference) -> results -> reports and CLI.
"""

from .catalog import Catalog, load_catalog
from .errors import CatalogError, GppError, InputError, Problem, RuleError
from .model import LabelClaim, LineItem, PurchaseRequest
from .rules import Rule, RuleSet, load_ruleset

__all__ = (
    "Catalog",
    "CatalogError",
    "GppError",
    "InputError",
    "LabelClaim",
    "LineItem",
    "Problem",
    "PurchaseRequest",
    "Rule",
    "RuleError",
    "RuleSet",
    "load_catalog",
    "load_ruleset",
)
