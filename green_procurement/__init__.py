"""green-procurement: score public purchase requests against green public procurement criteria.

Pipeline: catalogue (``catalog/*.yaml``) -> rules (``rules/*.yaml``) -> validated IR -> compiler ->
engine (durable-rules, or the pure-Python reference) -> results -> io, reports and the CLI.

>>> import green_procurement as gp
>>> engine = gp.load_default()
>>> result = engine.evaluate(request, on=datetime.date(2025, 6, 1))   # doctest: +SKIP
>>> result.to_dict()                                                   # doctest: +SKIP
"""

from importlib import metadata as _metadata
from typing import TYPE_CHECKING, Any

from .catalog import Catalog, load_catalog
from .engine import Engine, EngineSpec, load, load_default
from .errors import CatalogError, GppError, InputError, Problem, RuleError
from .model import LabelClaim, LineItem, PurchaseRequest
from .results import Finding, ItemResult, RequestResult
from .rules import Rule, RuleSet, load_ruleset

if TYPE_CHECKING:
    from .frame import read_list


def __getattr__(name: str) -> Any:
    # DataFrames on demand: ``import green_procurement`` loads neither pandas nor the batch modules
    if name == "read_list":
        from .frame import read_list

        return read_list
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


try:
    __version__: str = _metadata.version("green-procurement")
except _metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = (
    "Catalog",
    "CatalogError",
    "Engine",
    "EngineSpec",
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
    "read_list",
)
