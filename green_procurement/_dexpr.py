"""durable-rules expressions as the compiler writes them: built with constant folding, counted, split.

An expression is a durable-rules condition (a JSON-ready dict such as ``{"$and": [...]}``), or ``True`` /
``False`` while simplifying.  durable-rules expands every ``$or`` into alternatives and spends a bounded
expression sequence per rule; :func:`paths` and :func:`cost` count both so that the compiler stays inside
the limits measured in ``durable-rules-notes.md``, and :func:`split` cuts an expression that would not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

__all__ = ["MAX_RULE_COST", "CannotSplit", "Expr", "and_", "cost", "fnv1a32", "num", "or_", "paths", "split"]

Expr = Any  # a durable-rules expression (dict), or True / False while simplifying
MAX_RULE_COST = 28


class CannotSplit(Exception):
    """An expression over the budget that no cut brings within it (``args[0]``: ``together`` when it
    tests too many conditions together, ``complex`` otherwise)."""


def fnv1a32(text: str) -> int:
    """durable-rules' field-name hash (FNV-1a 32 over the bytes as *signed* chars)."""
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h ^= b if b < 128 else (b - 256) & 0xFFFFFFFF
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def _dedupe(parts: list[Expr]) -> list[Expr]:
    seen: set[str] = set()
    out = []
    for p in parts:
        key = json.dumps(p, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def and_(parts: Iterable[Expr]) -> Expr:
    out = []
    for p in parts:
        if p is False:
            return False
        if p is True:
            continue
        if isinstance(p, dict) and set(p) == {"$and"}:
            out.extend(p["$and"])
        else:
            out.append(p)
    out = _dedupe(out)
    if not out:
        return True
    return out[0] if len(out) == 1 else {"$and": out}


def or_(parts: Iterable[Expr]) -> Expr:
    out = []
    for p in parts:
        if p is True:
            return True
        if p is False:
            continue
        if isinstance(p, dict) and set(p) == {"$or"}:
            out.extend(p["$or"])
        else:
            out.append(p)
    out = _dedupe(out)
    if not out:
        return False
    return out[0] if len(out) == 1 else {"$or": out}


def num(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v)
    return v


def _needs(e: Expr) -> tuple[set[str], set[str], dict[str, Any]]:
    """What an expression's top-level conjuncts require: fields present, fields absent, and
    field == constant.  Used to find ``$or`` branches that cannot hold together."""
    present: set[str] = set()
    absent: set[str] = set()
    equal: dict[str, Any] = {}
    for part in (e["$and"] if isinstance(e, dict) and "$and" in e else [e]):
        if not isinstance(part, dict) or len(part) != 1:
            continue
        (op, body), = part.items()
        if op == "$nex":
            absent.update(body)
        elif op in ("$ex", "$gt", "$gte", "$lt", "$lte", "$neq", "$mt"):
            present.update(body)
        elif op in ("$iany", "$iall"):
            present.update(body)
        elif not op.startswith("$"):
            present.add(op)
            if not isinstance(body, dict):
                equal[op] = body
    return present, absent, equal


def _exclusive(a: tuple[set[str], set[str], dict[str, Any]],
               b: tuple[set[str], set[str], dict[str, Any]]) -> bool:
    if a[0] & b[1] or a[1] & b[0]:
        return True
    return any(k in b[2] and b[2][k] != v for k, v in a[2].items())


def paths(e: Expr) -> tuple[int, int]:
    """(DNF paths, most paths that can be true at once) of an expression — durable-rules expands
    ``$or`` into alternatives, and more than 64 holding at once for one fact is error 303.  The
    second number is an upper bound: ``$or`` branches that exclude each other (x absent / x present,
    x == a / x == b) are not counted together."""
    if not isinstance(e, dict):
        return 1, 1
    if "$and" in e:
        total, live = 1, 1
        for p in e["$and"]:
            t, lv = paths(p)
            total *= t
            live *= lv
        return total, live
    if "$or" in e:
        branches = e["$or"]
        parts = [paths(p) for p in branches]
        total = sum(t for t, _ in parts)
        if len(branches) > 16:   # large in-lists: equalities on one field exclude each other
            needs = [_needs(b) for b in branches]
            eq_keys = {frozenset(n[2]) for n in needs}
            exclusive = len(eq_keys) == 1 and all(len(n[2]) == 1 for n in needs)
            return total, max(lv for _, lv in parts) if exclusive else sum(lv for _, lv in parts)
        needs = [_needs(b) for b in branches]
        n = len(branches)
        if n > 10:   # exhaustive search would be slow: count every branch (a safe upper bound)
            return total, sum(lv for _, lv in parts)
        best = 0
        # the heaviest set of branches that can all hold together (small n: exhaustive)
        for mask in range(1, 1 << n):
            chosen = [i for i in range(n) if mask >> i & 1]
            if any(_exclusive(needs[i], needs[j]) for x, i in enumerate(chosen) for j in chosen[x + 1:]):
                continue
            best = max(best, sum(parts[i][1] for i in chosen))
        return total, best
    return 1, 1


def cost(e: Expr) -> int:
    """What an expression spends of durable-rules' per-rule expression sequence: every ``$and`` and
    ``$or`` (inside elements too) appends two entries, every ``$m`` reference one; 32 entries is
    error 113 at registration (``rete.c`` ``MAX_SEQUENCE_EXPRESSIONS``)."""
    if isinstance(e, dict):
        n = 0
        for k, v in e.items():
            if k in ("$and", "$or"):
                n += 2
            elif k == "$m":
                n += 1
            n += cost(v)
        return n
    if isinstance(e, list):
        return sum(cost(x) for x in e)
    return 0


def split(e: Expr) -> list[Expr]:
    """Expressions whose disjunction is ``e``, each within durable-rules' expression budget."""
    if cost(e) <= MAX_RULE_COST:
        return [e]
    if isinstance(e, dict) and "$or" in e:
        pieces = [q for c in e["$or"] for q in split(c)]
    elif isinstance(e, dict) and "$and" in e:
        parts = e["$and"]
        ors = [i for i, c in enumerate(parts) if isinstance(c, dict) and "$or" in c]
        if not ors:
            raise CannotSplit("together")
        i = max(ors, key=lambda k: cost(parts[k]))
        rest = parts[:i] + parts[i + 1:]
        pieces = []
        for alt in parts[i]["$or"]:
            pieces += split(and_([*rest, alt]))
    else:  # pragma: no cover - an atom is always within budget
        raise CannotSplit("complex")
    chunks: list[list[Expr]] = []
    for piece in pieces:
        for chunk in chunks:
            if cost(or_([*chunk, piece])) <= MAX_RULE_COST:
                chunk.append(piece)
                break
        else:
            chunks.append([piece])
    return [or_(c) for c in chunks]
