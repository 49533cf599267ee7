"""No user-facing text outside the message catalogue: the package's source (read with ``ast``) passes
no text literal to ``print``/``sys.stdout.write``/``sys.stderr.write`` and chooses no text with
``"…" if vi else "…"`` (or ``if lang == "vi"``): every such text is a template of
:mod:`green_procurement._messages`, so new code cannot go around it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "green_procurement"

#: Modules another piece of the redesign (issue 11, the rule-language kernel) rewrites: explain.py is
#: to render the kernel's trace through the catalogue, and the engine's message placeholders move with
#: it.  Listed here so that this test guards everything else now; remove a name once its module is done.
NOT_YET = {"explain.py", "engine.py"}

_WORDS = re.compile(r"[^\W\d_]{2,}")
#: words that are not text: language codes, and the letters of date formats (yyyy-mm-dd)
_NOT_TEXT = re.compile(r"vi|en|[ymdYHMS]+")


def _has_words(value: str) -> bool:
    return any(not _NOT_TEXT.fullmatch(w) for w in _WORDS.findall(value))


def _literal_text(node: ast.expr) -> str | None:
    """The text a literal argument writes (a string, an f-string, a sum or %-format of them), if it
    holds words."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _has_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        parts = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return parts if _has_words(parts) else None
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) or _literal_text(node.right)
    return None


def _branch_text(node: ast.expr) -> str | None:
    """The literal text of one branch of a conditional expression, nested ones included."""
    if isinstance(node, ast.IfExp):
        return _branch_text(node.body) or _branch_text(node.orelse)
    return _literal_text(node)


def _lang_test(node: ast.expr) -> bool:
    """``vi``, ``not vi``, ``lang == "vi"``, ``args.lang != "en"``...: a choice of language."""
    source = ast.unparse(node)
    return bool(re.fullmatch(r"(not )?\w*\bvi\b\w*", source)) or (
        "lang" in source and bool(re.search(r"['\"](vi|en)['\"]", source)))


def violations(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in ("print", "sys.stdout.write", "sys.stderr.write"):
            for arg in node.args:
                text = _literal_text(arg)
                if text is not None:
                    found.append((node.lineno, f"{ast.unparse(node.func)}({text!r})"))
        if isinstance(node, ast.IfExp) and _lang_test(node.test):
            # a translation: words on either side (dates, number formats and language codes are
            # chosen by language too, and are not words)
            if _branch_text(node.body) or _branch_text(node.orelse):
                found.append((node.lineno, ast.unparse(node)[:80]))
    return found


def test_the_scan_finds_what_it_must() -> None:
    assert violations('print("Đã ghi báo cáo")') and violations('sys.stderr.write(f"lỗi: {x}")')
    assert violations('t = "lỗi" if vi else "error"') and violations('t = "xanh" if lang == "vi" else "green"')
    assert violations('t = "có" if args.lang == "vi" else ("yes" if n else "no")')
    assert not violations('print(text("cli.error", lang))') and not violations('sys.stderr.write("\\r")')
    assert not violations('d = x.isoformat() if lang == "en" else x.strftime("%d/%m/%Y")')
    assert not violations('f = "yyyy-mm-dd" if lang == "en" else "dd/mm/yyyy"; code = "en" if lang == "en" else "vi"')


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py") if p.name not in NOT_YET),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_text_outside_the_catalogue(path: Path) -> None:
    assert violations(path.read_text(encoding="utf-8")) == []
