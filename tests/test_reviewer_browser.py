"""The reviewer's site in headless Chromium: every page type loads without console messages or script errors,
a failing cell is highlighted (and ringed when its finding is picked), a quote is marked in the text, the
index filters (driven by the URL hash: --dump-dom cannot click) and pages; a screenshot per page type.
Skips when no Chromium is installed (Debian: apt-get install -y chromium)."""
from __future__ import annotations

import html
import os
import re
import shutil

import pytest
from headless import needs_chromium, run_chromium

pytestmark = needs_chromium
_chromium = run_chromium


def dom(tmp_path, url: str) -> str:
    run = _chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", url)
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    page = run.stdout
    assert 'data-ready="1"' in page                                   # the script ran to its end
    errors = re.search(r'<pre id="errors"([^>]*)>(.*?)</pre>', page, re.S)
    assert errors and "hidden" in errors.group(1) and errors.group(2) == "", errors and errors.group(2)
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("gkextract.synth.generate")
    from gkextract.reviewer import Reviewed, add_batch_checks, from_paths, write_site
    from gkextract.summarize.sample import sample_records
    from test_reviewer import make_reports

    folder = make_reports(tmp_path_factory.mktemp("reports"))
    done, failed = from_paths([folder])
    # and enough records (without their texts) for more than one page of the index
    done += [Reviewed(r) for r in sample_records(130, seed=11)]
    add_batch_checks(done)
    out = tmp_path_factory.mktemp("site")
    written = write_site(done, failed, out)
    pages = {d.record.source.path.rsplit("/", 1)[-1]: d for d in done}
    return written, pages


def page_of(site, name: str):
    from test_reviewer import page_data

    written, pages = site
    index = page_data(written.index)
    row = next(r for r in index["reports"] if r["f"] == name)
    return written.out_dir / "reports" / f"{row['id']}.html", pages[name], index


def rows_shown(page: str) -> list[str]:
    table = re.search(r'<table id="list">.*?</table>', page, re.S).group(0)
    return re.findall(r'<tr data-id="([^"]+)"', table)


def test_index_loads_and_pages(site, tmp_path):
    written, pages = site
    page = dom(tmp_path, written.index.as_uri())
    assert len(rows_shown(page)) == 100                               # one page of 100 drawn, not 135
    assert 'data-count="135"' in page and "broken.txt" in page and "下一页" in page
    second = dom(tmp_path, written.index.as_uri() + "#page=2")
    assert len(rows_shown(second)) == 35 and not set(rows_shown(second)) & set(rows_shown(page))


def test_index_filters(site, tmp_path):
    from test_reviewer import page_data

    written, _ = site
    index = page_data(written.index)
    rule = {r[0]: i for i, r in enumerate(index["rules"])}["T3_BALANCE"]
    want = {r["id"] for r in index["reports"] if rule in r["r"]}
    page = dom(tmp_path, written.index.as_uri() + "#rule=T3_BALANCE")
    assert want and set(rows_shown(page)) == want and f'data-count="{len(want)}"' in page

    year, kind = 2022, index["reports"][0]["k"]
    want = {r["id"] for r in index["reports"] if r["y"] == year and r["k"] == kind and r["e"]}
    page = dom(tmp_path, written.index.as_uri() + f"#sev=error&year={year}&type={kind}")
    assert set(rows_shown(page)) == want and f'data-count="{len(want)}"' in page

    clean = {r["id"] for r in index["reports"] if not (r["e"] or r["w"] or r["i"])}
    page = dom(tmp_path, written.index.as_uri() + "#sev=none")
    assert clean and set(rows_shown(page)) <= clean and f'data-count="{len(clean)}"' in page

    page = dom(tmp_path, written.index.as_uri() + "#sort=a")              # by agency name, ascending
    table = re.search(r'<table id="list">.*?</table>', page, re.S).group(0)
    names = [html.unescape(n) for n in re.findall(r'<tr data-id="[^"]+"><td><a [^>]*>([^<]*)</a>', table)]
    assert len(names) == 100 and "▲" in page


def _cell_tag(page: str, path: str) -> str:
    return next(t for t in re.findall(r"<td[^>]*>", page) if f'data-p="{path}"' in t)


def test_failing_cell_is_highlighted_with_its_message(site, tmp_path):
    from gkextract.reviewer.labels import rule_name

    path, item, _ = page_of(site, "t3.txt")
    check = next(c for c in item.record.checks if c.rule == "T3_BALANCE")
    page = dom(tmp_path, path.as_uri())
    for cell in check.cells:
        tag = html.unescape(_cell_tag(page, cell))
        assert "sev-error" in tag and f'title="{rule_name("T3_BALANCE")}：' in tag
    named = {p for c in item.record.checks for p in c.cells}
    unnamed = next(p for p in re.findall(r'data-p="(requests\.[^"]+)"', page) if p not in named)
    assert "sev-" not in _cell_tag(page, unnamed)
    assert 'id="grid-requests"' in page and 'id="grid-review_litigation"' in page and 'id="grid-proactive"' in page

    index = item.record.checks.index(check)
    picked = dom(tmp_path, path.as_uri() + f"#f{index}")
    assert all("focus" in _cell_tag(picked, cell) for cell in check.cells)


def test_quote_marked_in_text(site, tmp_path):
    path, item, _ = page_of(site, "narr.txt")
    index = next(i for i, c in enumerate(item.record.checks) if c.rule == "NARRATIVE_REQUESTS")
    page = dom(tmp_path, path.as_uri())
    assert re.search(f'<mark class="q" id="q{index}"', page)
    assert page.count('<b class="h"') == len(item.record.sections)


def test_page_without_text_and_legacy_page(site, tmp_path):
    written, pages = site
    path, _, _ = page_of(site, "legacy.txt")
    assert 'id="grid-legacy_stats"' in dom(tmp_path, path.as_uri())
    path, _, _ = page_of(site, "11_0000.txt")                          # a record without its text
    assert "原文不可用" in dom(tmp_path, path.as_uri())


def test_screenshots(site, tmp_path):
    import matplotlib.image as mpimg

    written, _ = site
    report, _, _ = page_of(site, "t3.txt")
    for name, url, size in (("review_index.png", written.index.as_uri(), "1280,1000"),
                            ("review_report.png", report.as_uri(), "1400,1800")):
        shot = tmp_path / name
        run = _chromium(tmp_path, f"--screenshot={shot}", f"--window-size={size}", url)
        assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
        pixels = mpimg.imread(shot)
        assert pixels[..., :3].std() > 0.05                        # not a blank page
        if os.environ.get("GK_SCREENSHOT_DIR"):                  # keep them to look at
            shutil.copy(shot, os.environ["GK_SCREENSHOT_DIR"])
