"""The summary HTML rendered in headless Chromium: DOM with every chart, no console messages, a
non-blank screenshot. Skips when no Chromium is installed (Debian: apt-get install -y chromium)."""
from __future__ import annotations

import os
import re
import shutil

import pytest
from headless import needs_chromium, run_chromium

from gkextract.store import Store

pytestmark = needs_chromium
_chromium = run_chromium


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    pytest.importorskip("gkextract.synth.generate")
    from gkextract.summarize.report import build_report
    from gkextract.summarize.sample import sample_records

    folder = tmp_path_factory.mktemp("browser")
    with Store(folder / "gk.duckdb") as store:
        store.add_many(sample_records(120, seed=5))
        result = build_report(store, folder / "report.html", by="agency_type", quiet=True)
    return result.html_path


def test_dom_has_charts_and_no_console_messages(page, tmp_path):
    run = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    source = page.read_text(encoding="utf-8")
    assert dom.count("<svg") == source.count("<svg") >= 7
    for section in ("overview", "problem-themes", "measure-themes", "unmatched", "clusters", "checks", "indicators"):
        assert f'id="{section}"' in dom
    # each chart has a drawn size and content
    for svg in re.findall(r"<svg[^>]*>", dom):
        assert re.search(r'width="[\d.]+pt"', svg) and re.search(r'height="[\d.]+pt"', svg)
    assert dom.count("<path") > 100


def test_screenshot_is_not_blank(page, tmp_path):
    import matplotlib.image as mpimg

    shot = tmp_path / "summary.png"
    run = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri())
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    pixels = mpimg.imread(shot)
    assert pixels.shape[0] >= 2000 and pixels.shape[1] >= 1200
    assert pixels[..., :3].std() > 0.05            # not a blank page
    if os.environ.get("GK_SCREENSHOT_DIR"):      # keep it to look at
        shutil.copy(shot, os.environ["GK_SCREENSHOT_DIR"])
