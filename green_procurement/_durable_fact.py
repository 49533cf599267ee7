"""What durable-rules is sent of a fact, and how it is written: the keys the rules read, as JSON.

:func:`projector` writes, for one set of keys, a function that copies those keys out of a fact — plain
statements, no loop over key names — since it runs for every item matched (about a third of the cost of
building the projection by comprehensions).  :func:`encode` writes the JSON: numbers never in the
exponent form durable-rules' parser rejects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from .lang.fields import LABELS, label_slot

__all__ = ["encode", "projector"]

#: A float in exponent form (``repr`` always signs the exponent); the literal first makes the scan cheap.
_EXPONENT = re.compile(r"e[-+]\d(?<=\de[-+]\d)")
#: A fact is a tree of dicts and lists the projection has just made: no cycle to look for.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"), check_circular=False)
#: Slot keys made once (a fact with more claims names the rest as it goes).
_SLOTS = tuple(label_slot(j) for j in range(16))


def _num(v: float) -> str:
    text = repr(v)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def _slow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{_slow(v)}"
                              for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_slow(v) for v in value) + "]"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"not a finite number: {value}")
        return _num(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False)


def encode(value: Any) -> str:
    """JSON for durable-rules: like ``json.dumps`` but never ``1e-05`` (a parse error there)."""
    try:
        text = _ENCODER.encode(value)
    except TypeError:  # Decimal somewhere
        return _slow(value)
    # the two substring tests are cheap; the scan only runs when one of them finds something
    if ("e-" in text or "e+" in text) and _EXPONENT.search(text):
        return _slow(value)
    return text


def projector(top: tuple[str, ...], nested: tuple[tuple[str, tuple[str, ...]], ...],
              slot_fields: tuple[str, ...]) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """A function giving the part of a fact that rules reading these keys need, in this order: the
    ``top`` keys present; per ``(outer, inner)`` of ``nested`` the ``inner`` keys present in the
    fact's ``outer`` mapping (left out when none is; a list of mappings, the label claims, keeps one
    mapping per claim); and when ``slot_fields`` is not empty, each label claim's ``slot_fields`` under
    its slot key (:func:`~green_procurement.lang.fields.label_slot`)."""
    lines = ["def project(fact):", "    out = {}"]
    for k in top:
        lines += [f"    if {k!r} in fact:", f"        out[{k!r}] = fact[{k!r}]"]
    for outer, inner in nested:
        lines += [f"    held = fact.get({outer!r})", "    if held:", "        if isinstance(held, list):",
                  f"            out[{outer!r}] = [{{k: lab[k] for k in {inner!r} if k in lab}} for lab in held]",
                  "        else:", "            part = {}"]
        for k in inner:
            lines += [f"            if {k!r} in held:", f"                part[{k!r}] = held[{k!r}]"]
        lines += ["            if part:", f"                out[{outer!r}] = part"]
    if slot_fields:
        lines += ["    j = 0", f"    for lab in fact.get({LABELS!r}) or ():", "        part = {}"]
        for k in slot_fields:
            lines += [f"        if {k!r} in lab:", f"            part[{k!r}] = lab[{k!r}]"]
        lines += [f"        out[SLOTS[j] if j < {len(_SLOTS)} else label_slot(j)] = part", "        j += 1"]
    lines.append("    return out")
    namespace: dict[str, Any] = {"SLOTS": _SLOTS, "label_slot": label_slot}
    exec(compile("\n".join(lines), "<green_procurement projection>", "exec"), namespace)
    project: Callable[[Mapping[str, Any]], dict[str, Any]] = namespace["project"]
    return project
