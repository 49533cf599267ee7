"""The exact rule-relevant projection of an enriched fact: a key for memoising matching.

Rules are pure functions of the fact, and they only look at a fact through a fixed set of
comparisons.  Two facts that agree on the outcome of every comparison any rule makes agree on every
rule.  This module derives, from the rule IR, a key that captures exactly those outcomes:

* the product group (it fixes ``priority``, ``classified``, ``tags`` and every ``param.*``);
* for a number compared with constants or parameters: its sign against each threshold
  (``-1``, ``0`` or ``1``), so ``40`` and ``45`` share a key when every threshold is 30 or 50;
* for a text compared with constants: the value if it is one of them, else "other";
* for a yes/no field: the value; for any field: whether it is present;
* for ``matches``: which of the rules' phrases the text contains;
* for labels: the sorted multiset of each label's projection (quantifiers ignore order).

The durable-rules backend caches its firings by this key (``--no-cache`` turns it off); the
differential test checks, on random rules and items, that cached and uncached results agree with the
reference evaluator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from .lang import ir
from .lang.fields import BOOLEAN, GROUP_KEYS, ITEM, LABEL, NUMBER, TEXT
from .lang.ops import P_EQUAL, P_ORDER, P_PHRASES, P_PRESENCE
from .rules import Rule

__all__ = ["Projector"]

_ABSENT = "\0absent"     # an absent field in a key: a text, so that keys hash and compare by value
_OTHER = "\0other"
#: Item fields that are functions of the product group (the group is the first part of every key).
_DERIVED = GROUP_KEYS
#: How a field compared with an operator of each projection class is keyed, by the field's type.
_KINDS = {NUMBER: "number", TEXT: "text", BOOLEAN: "boolean"}


class _FieldSpec:
    __slots__ = ("kind", "numbers", "params", "phrases", "texts")

    def __init__(self, kind: str) -> None:
        self.kind = kind                    # number | text | boolean | presence | match
        self.numbers: list[float | int] = []
        self.params: list[str] = []
        self.texts: set[str] = set()
        self.phrases: set[str] = set()


def _num(v: Any) -> Any:
    return float(v) if isinstance(v, Decimal) else v


class Projector:
    """Computes the projection key of a fact for a given set of rules."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.item: dict[tuple[str, ...], _FieldSpec] = {}
        self.label: dict[tuple[str, ...], _FieldSpec] = {}
        self.label_count = False
        #: False when some rule uses an operator the projection cannot key: then there is no memo.
        self.sound = True
        for rule in rules:
            for node in ir.walk(rule.when):
                self._add(node)
        self._item_fields = sorted(self.item.items())
        self._label_fields = sorted(self.label.items())
        self._uses_labels = bool(self.label) or self.label_count

    def _spec(self, field: ir.Field, kind: str) -> _FieldSpec | None:
        table = self.label if field.scope == LABEL else self.item
        if field.scope == ITEM and field.path[0] in _DERIVED:
            return None
        spec = table.get(field.path)
        if spec is None:
            spec = table[field.path] = _FieldSpec(kind)
        elif spec.kind == "presence" and kind != "presence":
            spec.kind = kind
        return spec

    def _add(self, node: ir.Cond) -> None:
        if isinstance(node, (ir.AnyLabel, ir.NoLabel)):
            self.label_count = True
            return
        if not isinstance(node, ir.Test):
            return
        cls = node.operator.projection
        if cls == P_PRESENCE:
            self._spec(node.field, "presence")
            return
        if cls == P_PHRASES:
            assert isinstance(node.operand, ir.Phrases)
            folded = ir.Field(f"folded({node.field.name})", "list", node.field.scope, node.folded_path)
            spec = self._spec(folded, "match")
            if spec is not None:
                spec.phrases.update(node.operand.phrases)
            return
        if cls not in (P_ORDER, P_EQUAL):
            self.sound = False          # an operator this projection cannot key: no memo at all
            return
        if node.field.path == ("label_count",):
            self.label_count = True
        kind = _KINDS.get(node.field.type)
        if kind is None:            # lists (tags) derive from the group
            return
        spec = self._spec(node.field, kind)
        if spec is None:
            return
        if isinstance(node.operand, ir.Param):
            if node.operand.name not in spec.params:
                spec.params.append(node.operand.name)
            return
        assert isinstance(node.operand, ir.Const)
        values = node.operand.value if isinstance(node.operand.value, tuple) else (node.operand.value,)
        for v in values:
            if kind == "number":
                if _num(v) not in spec.numbers:
                    spec.numbers.append(_num(v))
            elif kind == "text":
                spec.texts.add(v)   # type: ignore[arg-type]

    @staticmethod
    def _class(spec: _FieldSpec, v: Any, params: Mapping[str, Any]) -> Any:
        if v is _ABSENT:
            return _ABSENT
        kind = spec.kind
        if kind == "number":
            signs = tuple((v > t) - (v < t) for t in spec.numbers)
            return signs + tuple(((v > params[p]) - (v < params[p])) if p in params else _ABSENT
                                 for p in spec.params)
        if kind == "text":
            if spec.params:
                return v                      # compared with a group parameter: keep the value
            return v if v in spec.texts else _OTHER
        if kind == "boolean":
            return v
        if kind == "match":
            return tuple(sorted(spec.phrases.intersection(v)))
        return True                           # presence only

    @staticmethod
    def _classifier(spec: _FieldSpec) -> Any:
        """:meth:`_class` for one field, its kind decided once: a function of (value, parameters)."""
        kind = spec.kind
        if kind == "number" and not spec.params:
            numbers = tuple(spec.numbers)
            if len(numbers) == 1:
                (t,) = numbers
                return lambda v, params: _ABSENT if v is _ABSENT else ((v > t) - (v < t),)
            return lambda v, params: _ABSENT if v is _ABSENT else tuple((v > t) - (v < t) for t in numbers)
        if kind == "text" and not spec.params:
            texts = frozenset(spec.texts)
            return lambda v, params: _ABSENT if v is _ABSENT else (v if v in texts else _OTHER)
        if kind == "boolean":
            return lambda v, params: v
        if kind == "presence":
            return lambda v, params: _ABSENT if v is _ABSENT else True
        cls = Projector._class
        return lambda v, params: cls(spec, v, params)

    def _prepare(self) -> None:
        """Split the fields by where they live: top-level keys are looked up one by one; nested
        ones (``attributes``, ``folded``) by walking what the fact holds, since most are absent.
        Each field gets its classifier (:meth:`_classifier`)."""
        make = self._classifier
        self._top = [(path[0], make(spec)) for path, spec in self._item_fields if len(path) == 1]
        nested: dict[str, dict[str, Any]] = {}
        for path, spec in self._item_fields:
            if len(path) == 2:
                nested.setdefault(path[0], {})[path[1]] = make(spec)
        self._nested = sorted(nested.items())
        self._labels = tuple((path[0], make(spec)) for path, spec in self._label_fields)

    def key(self, fact: Mapping[str, Any]) -> tuple[Any, ...]:
        """The projection key of an enriched fact (hashable)."""
        if not hasattr(self, "_top"):
            self._prepare()
        params = fact.get("param", _EMPTY)
        get = fact.get
        parts: list[Any] = [get("group")]
        for name, classify in self._top:
            parts.append(classify(get(name, _ABSENT), params))
        for outer, classifiers in self._nested:
            held = get(outer)
            if held:
                parts.append(tuple(sorted((name, classifiers[name](v, params)) for name, v in held.items()
                                          if name in classifiers)))
            else:
                parts.append(())
        if self._uses_labels:
            labels = get("labels", ())
            fields = self._labels
            classes = [tuple([classify(lab.get(name, _ABSENT), params) for name, classify in fields])
                       for lab in labels]
            parts.append(tuple(sorted(classes, key=repr)) if len(classes) > 1 else tuple(classes))
        return tuple(parts)


_EMPTY: dict[str, Any] = {}
