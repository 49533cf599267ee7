"""The HTML report in a real browser: Debian's Chromium driven by Playwright (no browser download:
the system's binary).  The page loads offline (every request that is not the file itself is
refused and counted), no element overflows at desktop and laptop widths, every text meets WCAG's
4.5:1 contrast, and printed to PDF (A4 landscape) the example list takes at most 6 pages.

Skipped, with the reason, where Playwright or a Chromium binary is missing (``.ci/run`` installs
both where it can)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from green_procurement.cli import main

from .conftest import ROOT

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "mua-sam-can-tho-2025.csv"
MAX_PAGES = 6


def _chromium() -> str | None:
    for name in (os.environ.get("GPP_CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) if name else None
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed "
                                   "(pip install playwright; .ci/run does)")
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium binary (apt-get install chromium; .ci/run does where it can)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module", params=["vi", "en"])
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / f"bao-cao-{request.param}.html"
    assert main(["check", str(EXAMPLE), "--on", "2025-12-01", "--lang", request.param, "--quiet",
                 "-o", str(out)]) == 0
    return out


_OVERFLOWS = """() => {
  const root = document.documentElement, bad = [];
  if (root.scrollWidth > root.clientWidth + 1) bad.push('page ' + root.scrollWidth + '>' + root.clientWidth);
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > root.clientWidth + 1)
      bad.push(el.tagName + ' right ' + r.right + ' in #' + (el.closest('section') || {}).id);
    if (['TD', 'TH', 'DD', 'P', 'CAPTION'].includes(el.tagName) && el.scrollWidth > el.clientWidth + 1)
      bad.push(el.tagName + ' ' + el.textContent.slice(0, 40));
  }
  return bad;
}"""

_CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                                if (c.length === 3 || c[3] > 0) return c; } return [255, 255, 255]; };
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const fg = rgb(getComputedStyle(el).color), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) low.push(el.tagName + '.' + el.className + ' ' + ratio.toFixed(2));
  }
  return low;
}"""


def test_the_report_loads_offline_fits_the_screen_and_reads_well(browser: Any, report: Path) -> None:
    for width in (1280, 900):
        page = browser.new_page(viewport={"width": width, "height": 900})
        fetched: list[str] = []

        def refuse(route: Any, fetched: list[str] = fetched) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                fetched.append(route.request.url)
                route.abort()

        page.route("**/*", refuse)
        page.goto(report.as_uri())
        assert fetched == []
        assert page.evaluate(_OVERFLOWS) == []
        assert page.evaluate(_CONTRAST) == []
        assert page.locator("table caption").count() == page.locator("table").count()
        for section in ("#overview", "#status", "#chart", "#groups", "#entities", "#items", "#reasons", "#rules"):
            assert page.locator(section).count() == 1, section
        page.close()


def test_the_example_list_prints_on_at_most_six_a4_landscape_pages(browser: Any, report: Path) -> None:
    page = browser.new_page()
    page.goto(report.as_uri())
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    page.close()
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert 1 <= pages <= MAX_PAGES
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box is not None and float(box.group(1)) > float(box.group(2))       # landscape
    assert abs(float(box.group(1)) - 841.9) < 2                                  # A4: 297 mm wide
