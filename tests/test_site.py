"""The static reading site: every lesson becomes a page, in lesson order, with its saved outputs.

The site is built once per module into a temporary folder with the same script as ``make site``.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "docs" / "site" / "build.py"
LESSONS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if re.match(r"^\d\d-", p.name))


def _title(notebook: Path) -> str:
    """The lesson's ``# NN · Title`` heading, as the authoring guide requires."""
    first = "".join(json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]["source"])
    return re.search(r"^# (.+)$", first, flags=re.MULTILINE).group(1).strip()


def _has_saved_image(notebook: Path) -> bool:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return any("image/png" in output.get("data", {}) for cell in cells for output in cell.get("outputs", []))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, str(BUILD), "--out", str(out)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    (out / "warnings.txt").write_text(done.stderr)
    return out / "html"


def test_the_build_has_no_warnings(site):
    """A Sphinx warning is a broken page: a link to a missing exercise, an unreadable output."""
    warnings = (site.parent / "warnings.txt").read_text()
    assert "WARNING" not in warnings, warnings


def test_there_are_lessons_to_build():
    assert len(LESSONS) >= 10
    assert [p.name[:2] for p in LESSONS] == sorted(p.name[:2] for p in LESSONS)


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_lesson_has_a_page_with_its_title_and_outputs(site, lesson):
    page = site / "notebooks" / f"{lesson.stem}.html"
    assert page.exists(), f"no page for {lesson.name}"
    text = html.unescape(page.read_text(encoding="utf-8"))
    title = _title(lesson)
    assert f"<title>{title} " in text, f"{page.name} lacks the title {title!r}"
    assert f"<h1>{title}" in text
    outputs = re.findall(r'<div class="cell_output docutils container">(.*?)</div>\s*</div>', text,
                         flags=re.DOTALL)
    assert outputs, f"{page.name} shows no saved output"
    if _has_saved_image(lesson):
        images = [img for block in outputs
                  for img in re.findall(r'<img [^>]*src="\.\./_images/[^"]+"', block)]
        assert images, f"{page.name} shows none of its saved figures"
        for img in images:
            src = re.search(r'src="([^"]+)"', img).group(1)
            assert (page.parent / src).resolve().is_file(), src


def test_widgets_show_their_text_fallback_and_load_nothing_from_a_cdn(site):
    text = (site / "notebooks" / "01-what-is-batch.html").read_text(encoding="utf-8")
    assert "[Batch-window explorer: run the notebook to move the sliders]" in text
    assert "widget-state+json" not in text and "require.min.js" not in text
    assert "@jupyter-widgets/html-manager" not in text


def test_the_table_of_contents_lists_the_lessons_in_order(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    body = index.split('<article class="bd-article">', 1)[1]
    linked = re.findall(r'href="notebooks/(\d\d-[^"]+)\.html"', body)
    assert list(dict.fromkeys(linked)) == [p.stem for p in LESSONS]
    # The side bar (the same on every page) lists the same order.
    nav = index.split('<nav class="bd-links bd-docs-nav"', 1)[1].split("</nav>", 1)[0]
    in_nav = re.findall(r'href="notebooks/(\d\d-[^"#/]+)\.html"', nav)
    assert list(dict.fromkeys(in_nav)) == [p.stem for p in LESSONS]


def test_exercise_links_become_downloads(site):
    text = (site / "notebooks" / "01-what-is-batch.html").read_text(encoding="utf-8")
    link = re.search(r'href="(\.\./_downloads/[^"]+/01-what-is-batch\.ipynb)"', text)
    assert link, "the lesson's exercise link is not a download"
    assert (site / "notebooks" / link.group(1)).resolve().is_file()
