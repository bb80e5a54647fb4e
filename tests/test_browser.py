"""Every lesson in a real browser: JupyterLab (and Notebook 7) in Debian's Chromium, driven by Playwright.

nbval proves that the kernel side of a lesson runs; this test proves that a learner's browser
shows it: all cells run from the Run menu without a traceback, every widget renders (no
"Error displaying widget", no "Loading widget..." left), and moving the lesson's explorer
changes its figure or text. Screenshots of each explorer go to build/screenshots/.

The test works on a temporary copy of notebooks/, so the committed lessons never change. It
skips, saying what is missing, when Playwright or Chromium is not installed; with
COURSE_BROWSER_TEST=require (CI) it fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings

import pytest
from browser_helpers import (
    CHROMIUM_ARGS,
    INSTALL_HINT,
    ROOT,
    Browser,
    JupyterServer,
    find_chromium,
    lesson_paths,
)

REQUIRED = os.environ.get("COURSE_BROWSER_TEST") == "require"


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (COURSE_BROWSER_TEST=require, so this is an error)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright.sync_api import sync_playwright
except ImportError:
    _unavailable("the browser test needs the playwright Python package: "
                 ".venv/bin/python -m pip install -e '.[test]' (no browser download is needed)")
CHROMIUM = find_chromium()
if CHROMIUM is None:
    _unavailable(f"the browser test needs Chromium at /usr/bin/chromium; {INSTALL_HINT}")

ALL_LESSONS = lesson_paths()
ENGLISH = [p for p in ALL_LESSONS if p.parent.name != "ja"]
# The Japanese lessons run the same code cells and widgets; by default the browser checks the first and
# the last of them (Japanese labels, fonts), which keeps the suite within minutes.
# COURSE_BROWSER_TEST_ALL=1 checks every Japanese lesson too.
JAPANESE = [p for p in ALL_LESSONS if p.parent.name == "ja"]
if os.environ.get("COURSE_BROWSER_TEST_ALL") != "1":
    JAPANESE = sorted({JAPANESE[0], JAPANESE[-1]}) if JAPANESE else []
LESSONS = ENGLISH + JAPANESE
# Notebook 7 shares JupyterLab's widget manager but not its page: check the first and the last lesson.
NOTEBOOK7 = sorted({ENGLISH[0], ENGLISH[-1]}) if ENGLISH else []
SHOTS = ROOT / "build" / "screenshots"


def _shot_name(relpath) -> str:
    return "-".join(relpath.with_suffix(".png").parts)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    jupyter = JupyterServer(tmp_path_factory.mktemp("browser"))
    try:
        yield jupyter.start()
    finally:
        jupyter.stop()


@pytest.fixture(scope="module")
def browser(server):
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(server.workdir / "chromium-profile"), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000})
        try:
            yield Browser(context, server, lanes=2)
        finally:
            context.close()


@pytest.fixture(scope="module")
def lab_queue(request):
    """The JupyterLab lessons this session will check, in order (so the next one can start early)."""
    return [item.callspec.params["relpath"] for item in request.session.items
            if getattr(item, "originalname", "") == "test_lesson_in_jupyterlab"]


def _report(result) -> None:
    print(result.summary())
    for note in result.notes:
        warnings.warn(note, stacklevel=2)


def test_lessons_are_found():
    assert LESSONS, "no lessons found in notebooks/ (expected notebooks/NN-*.ipynb)"
    assert ENGLISH[0].name.startswith("00-"), "lesson 00 is checked in both user interfaces"
    if any(p.parent.name == "ja" for p in LESSONS) and shutil.which("fc-list"):
        japanese = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True).stdout.strip()
        if not japanese:
            warnings.warn("no Japanese font is installed: the browser shows the Japanese edition's widget "
                          "labels as boxes (apt-get install fonts-ipafont-gothic)", stacklevel=1)


@pytest.mark.parametrize("relpath", LESSONS, ids=[str(p) for p in LESSONS])
def test_lesson_in_jupyterlab(browser, lab_queue, relpath):
    later = lab_queue[lab_queue.index(relpath) + 1:] if relpath in lab_queue else []
    prefetch = str(later[0]) if later else None
    _report(browser.run(str(relpath), "lab", SHOTS / _shot_name(relpath), prefetch=prefetch))


@pytest.mark.parametrize("relpath", NOTEBOOK7, ids=[str(p) for p in NOTEBOOK7])
def test_lesson_in_notebook7(browser, relpath):
    _report(browser.run(str(relpath), "notebook", SHOTS / "notebook7" / _shot_name(relpath)))
