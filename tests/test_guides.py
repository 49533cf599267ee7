"""Every example of the policy-staff guides is checked.

The guides ``docs/huong-dan-quy-tac.md`` (Vietnamese) and ``docs/rules-guide.md`` (English) are parsed
and every fenced block becomes a test, so adding an example to a guide adds a test.  Conventions:

``yaml`` blocks are snippets.  Leading comment lines may say

* ``# sai: CODE`` / ``# wrong: CODE`` (comma-separated codes allowed): a deliberate mistake; validation
  must report exactly these problem codes (errors or warnings), no other;
* ``# catalog/labels.yaml``, ``# rules/noi-that.yaml``, ``# docs/examples/x.yaml`` ...: where the snippet
  goes.  A snippet with such a path (and no mistake) is *kept*: the later examples of the same guide
  see it, as a reader following the guide would.  A snippet without a path is checked alone, on top
  of what was kept so far, then thrown away.

What a snippet is follows from its top-level keys:

* ``labels:`` / ``product_groups:`` / ``attributes:`` -- entries appended to that list in
  ``catalog/labels.yaml`` / ``products.yaml`` / ``attributes.yaml``; an entry whose ``id`` is already in
  the list changes that entry instead: the keys it shows replace those of the entry, the others stay (a
  reader editing an entry in place, e.g. moving a group onto the priority list); validated;
* ``classification:`` -- merged into the ``classification:`` section of ``products.yaml``: a cue of
  ``cues`` is appended, or changes the cue of the same ``id`` as above; any other key (``context_words``,
  ``exclude_keywords``, ``services``) replaces that key of the section; validated;
* ``adoption:`` -- replaces the ``adoption:`` section of ``products.yaml`` (the catalogue's status);
  validated;
* ``rules:`` -- a rule file (appended to the list of an existing file, or a new file); validated;
* ``scoring:`` -- replaces ``rules/scoring.yaml``; validated;
* ``certificates:`` -- a registry file of ``catalog/certificates/``; validated;
* ``bids:`` -- replaces ``rules/bids.yaml`` (the bid preference settings); validated;
* ``when:`` (and any other rule keys: ``applies_to``, ``severity``, ``points``, ``message``,
  ``effective``...) -- a rule fragment, wrapped into a complete rule (the keys it lacks get harmless
  defaults) and validated;
* ``cases:`` -- a rule test file, run with ``green-procurement test`` (every case must pass);
* ``description:`` ... -- a line item, run with ``green-procurement explain``; a copy under
  ``docs/examples/`` must exist in the repository with the same content.

Validation is ``green-procurement validate`` (in process): a correct snippet gives no problem at all,
neither error nor warning.

A ``text`` block right after a ``yaml`` block shows what checking that snippet prints: every line must
appear in the real output, in the guide's language (line and column numbers are not compared).  A
``text`` block elsewhere quotes validation messages: every line must have the form
``path:line:col: lỗi|cảnh báo|error|warning: message; hint [code]`` and its message must be one of the
templates of :mod:`green_procurement._messages`.

``console`` and ``bash`` blocks hold commands after ``$ ``, run in a sandbox that holds ``catalog/``,
``rules/``, ``examples/`` and ``docs/examples/`` (with the snippets kept so far).  ``green-procurement``
commands run through :func:`green_procurement.cli.main`; ``cp -r`` and ``mkdir`` are done here.  The
exit code must be 0, or the one a trailing ``# mã thoát N`` / ``# exit code N`` comment names.  Lines
after a command are expected output: each must appear in the output (spaces collapsed; ``…`` stands
for any text; a line of just ``…`` is skipped).  ``check``, ``test``, ``explain`` and ``diff`` must be
given ``--on``, so that no result depends on today's date.

Finally the two guides must have the same examples in the same order, and must document every
validation problem code.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from green_procurement import cli
from green_procurement._messages import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
GUIDES = {"vi": ROOT / "docs" / "huong-dan-quy-tac.md", "en": ROOT / "docs" / "rules-guide.md"}
#: Where snippets without a path go, per guide language.
DEFAULT_NAME = {"vi": "vi-du", "en": "example"}

RULE_KEYS = ("id", "title", "basis", "applies_to", "severity", "points", "when", "message", "effective", "note")
ITEM_KEYS = ("id", "description", "product_group", "code", "quantity", "unit", "unit_price", "labels",
             "attributes")
CATALOG_FILES = {"labels": "labels.yaml", "product_groups": "products.yaml", "attributes": "attributes.yaml",
                 "classification": "products.yaml", "adoption": "products.yaml"}
DATED_COMMANDS = ("check", "test", "explain", "diff", "bids")

#: Every problem code that validation (and the rule-test loader) can report: each guide explains each.
PROBLEM_CODES = (
    "yaml-syntax", "yaml-duplicate-key", "yaml-merge-key", "yaml-alias-limit", "yaml-encoding", "yaml-too-large",
    "yaml-too-deep", "yaml-number-limit",
    "file-unreadable", "missing-file", "missing-directory", "unquoted-boolean", "missing-key", "unknown-key",
    "wrong-type", "bad-value", "empty", "bad-id", "duplicate-id", "duplicate-value", "unknown-label",
    "unknown-group", "unknown-tag", "unknown-field", "unknown-operator", "unknown-param", "missing-param",
    "param-type", "not-allowed", "bad-grades", "bad-effective", "missing-basis", "missing-message",
    "points-not-allowed", "type-mismatch", "wrong-scope", "nested-label", "bad-pattern", "unknown-placeholder",
    "bad-placeholder", "out-of-range", "unscored-priority-group", "too-complex", "hash-collision",
    "unknown-rule", "duplicate-name", "phrase-never-matches", "bad-validity",
)

_FENCE = re.compile(r"^```([\w-]*)\s*$")
_WRONG = re.compile(r"^#\s*(?:sai|wrong)\s*:\s*(?P<codes>[a-z0-9, -]+?)\s*$")
_PATH = re.compile(r"^#\s*(?P<path>(?:catalog|rules|docs/examples)/[\w./-]+\.ya?ml)\s*$")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w.]*)\s*:")
_KEY_AT = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z_]\w*)\s*:")
_ENTRY_AT = re.compile(r"^(?P<indent> *)- id\s*:\s*(?P<id>\S+)\s*$")
_EXIT = re.compile(r"#\s*(?:mã thoát|exit code)\s*(?P<rc>\d+)\s*$")
_PROBLEM = re.compile(r"^(?P<loc>\S+?): (?P<level>lỗi|cảnh báo|error|warning): (?P<text>.*) \[(?P<code>[a-z-]+)\]$")
_LOC_NUMBERS = re.compile(r"(\S+?\.(?:ya?ml|csv)):\d+(?::\d+)?\b")


# -- the guides --------------------------------------------------------------------------------------

@attrs.frozen
class Block:
    """One fenced block of a guide."""

    lang: str
    index: int
    line: int
    tag: str
    text: str

    @property
    def id(self) -> str:
        return f"{self.lang}:{self.line}:{self.tag}"


def parse_blocks(lang: str) -> list[Block]:
    """The fenced blocks of a guide, in order."""
    lines = GUIDES[lang].read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start, tag = i + 1, m.group(1)
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        i += 1
        blocks.append(Block(lang, len(blocks), start, tag, "\n".join(body) + "\n"))
    return blocks


def _all_blocks() -> list[Block]:
    return [b for lang in GUIDES if GUIDES[lang].is_file() for b in parse_blocks(lang)]


BLOCKS = _all_blocks()


# -- snippets ----------------------------------------------------------------------------------------

@attrs.frozen
class Snippet:
    """A yaml block: what it is, where it goes, which mistake it shows."""

    kind: str                 # catalog | rules | scoring | registry | bids | fragment | cases | item
    text: str
    top: tuple[str, ...]
    wrong: tuple[str, ...]
    path: str | None          # as written in the guide, or None
    target: str               # where it goes in the sandbox

    @property
    def kept(self) -> bool:
        return self.path is not None and not self.wrong


def snippet(block: Block) -> Snippet:
    lines = block.text.splitlines()
    wrong: tuple[str, ...] = ()
    path = None
    for line in lines:
        if not line.startswith("#"):
            break
        if m := _WRONG.match(line):
            wrong = tuple(c.strip() for c in m.group("codes").split(",") if c.strip())
        elif m := _PATH.match(line):
            path = m.group("path")
    top = tuple(dict.fromkeys(m.group(1) for line in lines if (m := _TOP_KEY.match(line))))
    name = DEFAULT_NAME[block.lang]
    if "description" in top and set(top) <= set(ITEM_KEYS):
        kind, target = "item", path or f"{name}-item.yaml"
    elif set(top) & set(CATALOG_FILES):
        (key,) = set(top) & set(CATALOG_FILES)
        kind, target = "catalog", path or f"catalog/{CATALOG_FILES[key]}"
    elif "rules" in top:
        kind, target = "rules", path or f"rules/{name}.yaml"
    elif "scoring" in top:
        kind, target = "scoring", path or "rules/scoring.yaml"
    elif top == ("certificates",):
        kind, target = "registry", path or f"catalog/certificates/{name}.yaml"
    elif "bids" in top:
        kind, target = "bids", path or "rules/bids.yaml"
    elif "cases" in top:
        kind, target = "cases", path or f"rules/tests/{name}.yaml"
    elif top and set(top) <= set(RULE_KEYS):
        kind, target = "fragment", path or f"rules/{name}.yaml"
    else:
        raise AssertionError(f"{block.id}: cannot tell what this yaml block is (top-level keys {top})")
    return Snippet(kind, block.text, top, wrong, path, target)


_FRAGMENT_DEFAULTS = {
    "id": "GUIDE-EXAMPLE-01",
    "title": '{vi: "Ví dụ trong hướng dẫn", en: "Example of the guide"}',
    "basis": '"Kế hoạch 160/KH-UBND (26/07/2022), nhiệm vụ 1.1.c"',
    "applies_to": "all",
    "severity": "info",
    "when": "{label_count: {gte: 0}}",
    "message": '{met: {vi: "Đạt.", en: "Met."}, not_met: {vi: "Chưa đạt.", en: "Not met."}}',
}


def _wrap_fragment(text: str, top: tuple[str, ...]) -> str:
    """A complete rule file around a rule fragment."""
    out = ["rules:"]
    first = True
    for key, value in _FRAGMENT_DEFAULTS.items():
        if key not in top:
            out.append(f"  {'- ' if first else '  '}{key}: {value}")
            first = False
    body = [("    " + line) if line.strip() else "" for line in text.splitlines()]
    if first:  # the fragment gives every key: it starts the list entry
        body[0] = "  - " + body[0][4:]
    return "\n".join(out + body) + "\n"


def _append_to_list(path: Path, key: str, text: str) -> None:
    """Append the entries of ``key:`` in ``text`` to the end of the ``key:`` list of ``path``."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if re.match(rf"^{re.escape(key)}\s*:\s*$", line))
    body = [line for line in lines[at + 1:]]
    for line in body:
        assert not line.strip() or line.startswith(("  ", "#")), \
            f"list entries must be indented by two spaces like the shipped files: {line!r}"
    old = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(old) if re.match(rf"^{re.escape(key)}\s*:", line))
    end = next((j for j in range(start + 1, len(old)) if re.match(r"^[^\s#]", old[j])), len(old))
    old[end:end] = body
    path.write_text("\n".join(old) + "\n", encoding="utf-8")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_end(lines: list[str], start: int) -> int:
    """End (exclusive) of the block that starts at ``lines[start]`` (a key or a list entry): the lines
    after it indented deeper, without the blank and comment lines that trail it."""
    indent, last = _indent(lines[start]), start
    for j in range(start + 1, len(lines)):
        line = lines[j]
        if line.strip() and _indent(line) <= indent:
            break
        if line.strip() and not line.lstrip().startswith("#"):
            last = j
    return last + 1


def _key_blocks(lines: list[str], start: int, end: int, indent: int) -> dict[str, tuple[int, int]]:
    """The keys written at ``indent`` within ``lines[start:end]``: key -> (first line, end)."""
    out = {}
    for i in range(start, end):
        m = _KEY_AT.match(lines[i])
        if m and len(m.group("indent")) == indent:
            out[m.group("key")] = (i, _block_end(lines, i))
    return out


def _entries(lines: list[str], start: int, end: int, indent: int) -> dict[str, tuple[int, int]]:
    """The entries ``- id: X`` of a list written at ``indent`` within ``lines[start:end]``: id -> lines."""
    out = {}
    for i in range(start, end):
        m = _ENTRY_AT.match(lines[i])
        if m and len(m.group("indent")) == indent:
            out[m.group("id").strip("\"'")] = (i, _block_end(lines, i))
    return out


def _merge_entries(old: list[str], at: int, new: list[str], new_at: int) -> None:
    """Merge the list entries under ``new[new_at]`` into the list under ``old[at]`` (both a ``key:``
    line): an entry whose id is in the list changes the keys it shows, the others are appended."""
    indent = _indent(old[at]) + 2
    for nid, (ns, ne) in _entries(new, new_at + 1, _block_end(new, new_at), indent).items():
        have = _entries(old, at + 1, _block_end(old, at), indent)
        if nid not in have:
            end = _block_end(old, at)
            old[end:end] = new[ns:ne]
            continue
        for key, (ks, ke) in _key_blocks(new, ns, ne, indent + 2).items():
            s, e = _entries(old, at + 1, _block_end(old, at), indent)[nid]
            mine = _key_blocks(old, s, e, indent + 2)
            if key in mine:
                os_, oe = mine[key]
                old[os_:oe] = new[ks:ke]
            else:
                old[e:e] = new[ks:ke]


def _merge_classification(path: Path, text: str) -> None:
    """Merge a ``classification:`` snippet into products.yaml: its cues as list entries (see
    :func:`_merge_entries`), its other keys (``context_words``, ``exclude_keywords``, ``services``)
    replacing those of the file."""
    new = text.splitlines()
    new_at = next(i for i, line in enumerate(new) if re.match(r"^classification\s*:\s*$", line))
    old = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(old) if re.match(r"^classification\s*:\s*$", line))
    for key, (ks, ke) in _key_blocks(new, new_at + 1, _block_end(new, new_at), 2).items():
        mine = _key_blocks(old, at + 1, _block_end(old, at), 2)
        if key == "cues" and key in mine:
            _merge_entries(old, mine[key][0], new, ks)
        elif key in mine:
            old[mine[key][0]:mine[key][1]] = new[ks:ke]
        else:
            end = _block_end(old, at)
            old[end:end] = new[ks:ke]
    path.write_text("\n".join(old) + "\n", encoding="utf-8")


def _replace_top_key(path: Path, key: str, text: str) -> None:
    """Replace the top-level ``key:`` block of ``path`` by the one of ``text`` (or put it first)."""
    new = text.splitlines()
    new_at = next(i for i, line in enumerate(new) if re.match(rf"^{re.escape(key)}\s*:\s*$", line))
    block = new[new_at:_block_end(new, new_at)]
    old = path.read_text(encoding="utf-8").splitlines()
    at = next((i for i, line in enumerate(old) if re.match(rf"^{re.escape(key)}\s*:", line)), None)
    if at is None:
        old[0:0] = block
    else:
        old[at:_block_end(old, at)] = block
    path.write_text("\n".join(old) + "\n", encoding="utf-8")


def _merge_catalog(path: Path, key: str, text: str) -> None:
    """Entries of a catalogue snippet: a new id is appended to the list, an id already in the file
    changes the keys the snippet shows (the others stay). An ``adoption:`` snippet replaces that section."""
    if key == "classification":
        _merge_classification(path, text)
        return
    if key == "adoption":
        _replace_top_key(path, key, text)
        return
    new = text.splitlines()
    new_at = next(i for i, line in enumerate(new) if re.match(rf"^{re.escape(key)}\s*:\s*$", line))
    old = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(old) if re.match(rf"^{re.escape(key)}\s*:", line))
    known = _entries(old, at + 1, _block_end(old, at), 2)
    fresh = [nid for nid in _entries(new, new_at + 1, len(new), 2) if nid not in known]
    if len(fresh) == len(_entries(new, new_at + 1, len(new), 2)):
        _append_to_list(path, key, text)     # only new entries: appended as written
        return
    assert not fresh, "a snippet either adds entries or changes existing ones, not both"
    _merge_entries(old, at, new, new_at)
    path.write_text("\n".join(old) + "\n", encoding="utf-8")


def place(snip: Snippet, box: Path) -> Path:
    """Put a snippet into the sandbox; the file it went to."""
    target = box / snip.target
    target.parent.mkdir(parents=True, exist_ok=True)
    if snip.kind == "catalog":
        (key,) = set(snip.top) & set(CATALOG_FILES)
        _merge_catalog(target, key, snip.text)
    elif snip.kind == "rules" and target.is_file():
        _append_to_list(target, "rules", snip.text)
    elif snip.kind == "fragment":
        target.write_text(_wrap_fragment(snip.text, snip.top), encoding="utf-8")
    else:
        target.write_text(snip.text, encoding="utf-8")
    return target


# -- the sandbox -------------------------------------------------------------------------------------

def _base_sandbox(box: Path) -> None:
    shutil.copytree(ROOT / "catalog", box / "catalog")
    shutil.copytree(ROOT / "rules", box / "rules")
    shutil.copytree(ROOT / "examples", box / "examples", ignore=shutil.ignore_patterns("*.py", "*.xlsx"))
    if (ROOT / "docs" / "examples").is_dir():
        shutil.copytree(ROOT / "docs" / "examples", box / "docs" / "examples")


def _shell(cmd: list[str], box: Path) -> None:
    """The few shell commands a guide may use besides green-procurement."""
    if cmd[:2] == ["cp", "-r"] and len(cmd) == 4:
        shutil.copytree(box / cmd[2], box / cmd[3])
    elif cmd[:1] == ["mkdir"]:
        for name in cmd[1:]:
            if not name.startswith("-"):
                (box / name).mkdir(parents=True, exist_ok=True)
    else:
        raise AssertionError(f"a guide may only run green-procurement, cp -r and mkdir: {shlex.join(cmd)}")


def commands(block: Block) -> list[tuple[str, int, list[str]]]:
    """(command line, expected exit code, expected output lines) of a console block."""
    out: list[tuple[str, int, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            m = _EXIT.search(line)
            out.append((line[2:], int(m.group("rc")) if m else 0, []))
        elif out:
            out[-1][2].append(line)
        elif line.strip():
            raise AssertionError(f"{block.id}: text before the first '$ ' command: {line!r}")
    assert out, f"{block.id}: a console/bash block needs at least one '$ ' command"
    return out


def replay(lang: str, upto: int, box: Path) -> None:
    """The sandbox as a reader has it before block ``upto``: base files, kept snippets, cp/mkdir."""
    _base_sandbox(box)
    for b in BLOCKS:
        if b.lang != lang or b.index >= upto:
            continue
        if b.tag == "yaml":
            s = snippet(b)
            if s.kept:
                place(s, box)
        elif b.tag in ("console", "bash"):
            for cmd, _, _ in commands(b):
                argv = shlex.split(cmd, comments=True)
                if argv and argv[0] != "green-procurement":
                    _shell(argv, box)


@pytest.fixture(scope="module", autouse=True)
def _cached_yaml() -> Iterator[None]:
    """Parse each distinct YAML file once: hundreds of sandboxes share most of their files."""
    from green_procurement import _yaml

    cache: dict[tuple[str, bytes], Any] = {}
    original = _yaml.load_yaml

    def load_yaml(path: Any, display: str | None = None) -> Any:
        shown = display or str(path)
        raw = Path(path).read_bytes() if Path(path).is_file() else None
        if raw is None:
            return original(path, display)
        key = (shown, raw)
        if key not in cache:
            try:
                cache[key] = original(path, display)
            except _yaml.YamlLoadError as exc:
                cache[key] = exc
        hit = cache[key]
        if isinstance(hit, Exception):
            raise hit
        return hit

    with pytest.MonkeyPatch.context() as mp:
        import green_procurement.catalog
        import green_procurement.rules

        for module in (green_procurement.catalog, green_procurement.rules):
            if getattr(module, "load_yaml", None) is original:
                mp.setattr(module, "load_yaml", load_yaml)
        yield


def run_cli(argv: list[str], box: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Run ``green-procurement argv`` in the sandbox: exit code and stdout + stderr."""
    monkeypatch.chdir(box)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = cli.main(argv)
        except SystemExit as exc:  # argparse usage errors
            rc = exc.code if isinstance(exc.code, int) else 2
    return rc, out.getvalue() + err.getvalue()


def validate(box: Path, lang: str, monkeypatch: pytest.MonkeyPatch) -> tuple[set[str], list[str]]:
    """The problem codes and the printed lines of ``validate`` in the sandbox."""
    monkeypatch.chdir(box)
    problems, _ = cli.validate_problems(Path("catalog"), Path("rules"))
    return {p.code for p in problems}, [p.format(lang) for p in problems]


# -- comparing output --------------------------------------------------------------------------------

def _norm(line: str) -> str:
    return _LOC_NUMBERS.sub(r"\1", " ".join(line.split()))


def _line_regex(expected: str) -> re.Pattern[str]:
    return re.compile(".*?".join(re.escape(part) for part in _norm(expected).split("…")))


def assert_lines_in(expected: list[str], output: str, where: str) -> None:
    actual = [_norm(line) for line in output.splitlines()]
    for line in expected:
        if not line.strip() or line.strip() == "…":
            continue
        pattern = _line_regex(line)
        assert any(pattern.fullmatch(a) for a in actual), \
            f"{where}: this line of the guide is not in the output:\n  {line}\noutput:\n{output}"


def _template_regex(template: str) -> str:
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(".+?")
    return "".join(parts)


_TEMPLATES = {lang: [re.compile(_template_regex(t[i]) + r"(?:; (?P<rest>.+))?") for t in MESSAGES.values()]
              for i, lang in enumerate(("en", "vi"))}
_HINTS = {lang: [re.compile(_template_regex(t[i])) for t in MESSAGES.values()]
          for i, lang in enumerate(("en", "vi"))}


def assert_known_message(line: str, lang: str, where: str) -> None:
    m = _PROBLEM.match(line.strip())
    assert m, f"{where}: not a validation message (path:line:col: level: message [code]): {line!r}"
    assert m.group("level") in (("lỗi", "cảnh báo") if lang == "vi" else ("error", "warning")), \
        f"{where}: wrong language for this guide: {line!r}"
    text = m.group("text")
    for template in _TEMPLATES[lang]:
        t = template.fullmatch(text)
        if t and (t.group("rest") is None or any(h.fullmatch(t.group("rest")) for h in _HINTS[lang])):
            return
    raise AssertionError(f"{where}: no message of green_procurement/_messages.py reads like this: {text!r}")


# -- the tests ---------------------------------------------------------------------------------------

def _previous(block: Block) -> Block | None:
    same = [b for b in BLOCKS if b.lang == block.lang and b.index == block.index - 1]
    return same[0] if same else None


def check_snippet(block: Block, box: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Check a yaml block in the sandbox; the output lines it produced (for a following text block)."""
    snip = snippet(block)
    target = place(snip, box)
    where = f"{GUIDES[block.lang].name}:{block.line}"
    if snip.kind in ("catalog", "rules", "scoring", "registry", "bids", "fragment"):
        codes, lines = validate(box, block.lang, monkeypatch)
        if snip.wrong:
            assert codes == set(snip.wrong), \
                f"{where}: expected exactly {sorted(snip.wrong)}, validate reported:\n" + "\n".join(lines)
        else:
            assert not lines, f"{where}: this example should validate cleanly, but:\n" + "\n".join(lines)
        return lines
    if snip.kind == "cases":
        # run this file alone (the other test files are moved aside) so that its path reads as in the guide
        aside = box / "other-tests"
        aside.mkdir(exist_ok=True)
        for other in target.parent.glob("*.y*ml"):
            if other != target:
                other.rename(aside / other.name)
        rc, output = run_cli(["test", "--catalog", "catalog", "--rules", "rules", "--on", "2025-06-01",
                              "--lang", block.lang], box, monkeypatch)
        if snip.wrong:
            found = set(re.findall(r"\[([a-z]+(?:-[a-z]+)*)\]", output))
            assert set(snip.wrong) <= found, f"{where}: expected {sorted(snip.wrong)} in:\n{output}"
        else:
            assert rc == 0, f"{where}: a case of this example fails:\n{output}"
        return output.splitlines()
    # an item: explain must read it (and the copy the guide points to must be the same)
    if snip.path and snip.path.startswith("docs/examples/"):
        real = ROOT / snip.path
        assert real.is_file(), f"{where}: the guide shows {snip.path}, which does not exist"
        body = [line for line in snip.text.splitlines() if not _PATH.match(line)]
        assert real.read_text(encoding="utf-8").splitlines() == body, f"{where}: {snip.path} differs from the guide"
    rc, output = run_cli(["explain", str(target.relative_to(box)), "--catalog", "catalog", "--rules", "rules",
                          "--on", "2025-06-01", "--lang", block.lang], box, monkeypatch)
    assert rc == (2 if snip.wrong else 0), f"{where}: explain exit code {rc}:\n{output}"
    return output.splitlines()


YAML_BLOCKS = [b for b in BLOCKS if b.tag == "yaml"]
CONSOLE_BLOCKS = [b for b in BLOCKS if b.tag in ("console", "bash")]
TEXT_BLOCKS = [b for b in BLOCKS if b.tag == "text"]


@pytest.mark.slow     # every snippet of both guides, run (about 40 s)
@pytest.mark.parametrize("block", YAML_BLOCKS, ids=lambda b: b.id)
def test_yaml_example(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replay(block.lang, block.index, tmp_path)
    check_snippet(block, tmp_path, monkeypatch)


@pytest.mark.slow     # every snippet of both guides, run (about 40 s)
@pytest.mark.parametrize("block", TEXT_BLOCKS, ids=lambda b: b.id)
def test_text_example(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    where = f"{GUIDES[block.lang].name}:{block.line}"
    prev = _previous(block)
    if prev is not None and prev.tag == "yaml":
        replay(block.lang, prev.index, tmp_path)
        lines = check_snippet(prev, tmp_path, monkeypatch)
        assert_lines_in(block.text.splitlines(), "\n".join(lines), where)
    else:
        for line in block.text.splitlines():
            if line.strip():
                assert_known_message(line, block.lang, where)


@pytest.mark.slow     # every snippet of both guides, run (about 40 s)
@pytest.mark.parametrize("block", CONSOLE_BLOCKS, ids=lambda b: b.id)
def test_console_example(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replay(block.lang, block.index, tmp_path)
    for cmd, expected_rc, expected in commands(block):
        where = f"{GUIDES[block.lang].name}:{block.line}: $ {cmd}"
        argv = shlex.split(cmd, comments=True)
        if argv[0] != "green-procurement":
            _shell(argv, tmp_path)
            continue
        args = argv[1:]
        if args and args[0] in DATED_COMMANDS:
            assert "--on" in args, f"{where}: pass --on DATE so that the example does not depend on today"
        if block.lang == "en" and args and args[0] != "--help" and "--help" not in args:
            assert "--lang" in args, f"{where}: the English guide shows English output: pass --lang en"
        rc, output = run_cli(args, tmp_path, monkeypatch)
        assert rc == expected_rc, f"{where}: exit code {rc}, the guide says {expected_rc}:\n{output}"
        assert_lines_in(expected, output, where)


# -- the two guides agree ----------------------------------------------------------------------------

def _shape(lang: str) -> list[tuple[Any, ...]]:
    shape: list[tuple[Any, ...]] = []
    for b in BLOCKS:
        if b.lang != lang:
            continue
        if b.tag == "yaml":
            s = snippet(b)
            try:
                data = yaml.safe_load(b.text)
            except yaml.YAMLError:
                data = [line.split(" #")[0] for line in b.text.splitlines() if not line.startswith("#")]
            shape.append(("yaml", s.kind, s.wrong, s.path, data))
        elif b.tag in ("console", "bash"):
            cmds = []
            for cmd, rc, _ in commands(b):
                argv = shlex.split(cmd, comments=True)
                if "--lang" in argv:
                    i = argv.index("--lang")
                    del argv[i:i + 2]
                cmds.append((tuple(argv), rc))
            shape.append(("console", tuple(cmds)))
        elif b.tag == "text":
            shape.append(("text",))
    return shape


def test_guides_exist() -> None:
    for lang, path in GUIDES.items():
        assert path.is_file(), f"missing guide {path}"
        assert parse_blocks(lang), f"{path} has no examples"


def test_guides_have_the_same_examples() -> None:
    vi, en = _shape("vi"), _shape("en")
    for i, (a, b) in enumerate(zip(vi, en, strict=False)):
        assert a == b, f"example {i + 1} differs between the guides:\n  vi: {a}\n  en: {b}"
    assert len(vi) == len(en), f"the Vietnamese guide has {len(vi)} examples, the English one {len(en)}"


#: The modules that report validation problems; every hyphenated text literal in them is a problem code.
_VALIDATING_MODULES = ("_yaml.py", "_schema.py", "catalog.py", "rules.py", "compiler.py", "ruletest.py",
                       "certificates.py", "bidpolicy.py")


def _codes_in_source() -> set[str]:
    package = ROOT / "green_procurement"
    codes = set()
    for name in _VALIDATING_MODULES:
        path = package / name
        if path.is_file():
            codes |= set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', path.read_text(encoding="utf-8")))
    return codes


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_every_problem_code_is_explained(lang: str) -> None:
    text = GUIDES[lang].read_text(encoding="utf-8")
    missing = [c for c in sorted(set(PROBLEM_CODES) | _codes_in_source()) if f"`{c}`" not in text]
    assert not missing, f"{GUIDES[lang].name} does not explain: {', '.join(missing)}"
