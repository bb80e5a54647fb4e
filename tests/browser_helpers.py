"""Helpers for the real-browser test (``tests/test_browser.py``).

A JupyterLab server runs from the project environment on a free loopback port over a
temporary *copy* of the lessons; Debian's Chromium, driven by Playwright, opens each
lesson, runs all cells, checks the outputs and moves one widget.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
INSTALL_HINT = ("install it with: sudo apt-get install --no-install-recommends chromium fonts-liberation "
                "(Debian/Ubuntu), or set COURSE_CHROMIUM=/path/to/chromium; never `playwright install`")

# A traceback, or a line that starts like "ValueError: ..." / "KeyError   Traceback ...".
ERROR_PATTERN = re.compile(
    r"Traceback \(most recent call last\)|^(\w+\.)*\w*(Error|Exception)(: |\s+Traceback)", re.MULTILINE)
WIDGET_FAILURES = ("Error displaying widget", "Loading widget...")

# User settings: no news or update checks, no autosave, every cell kept in the DOM.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def find_chromium() -> str | None:
    """Chromium's path: ``$COURSE_CHROMIUM``, ``/usr/bin/chromium``, or ``chromium`` on the PATH."""
    for candidate in (os.environ.get("COURSE_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lesson_paths() -> list[Path]:
    """Every lesson (``NN-*.ipynb``), then the Japanese edition (``ja/*.ipynb``), relative to notebooks/."""
    base = ROOT / "notebooks"
    found = sorted(base.glob("[0-9][0-9]-*.ipynb")) + sorted((base / "ja").glob("*.ipynb"))
    return [p.relative_to(base) for p in found]


@dataclass
class JupyterServer:
    """A ``jupyter lab`` process over a temporary copy of ``notebooks/``; stop() kills its process group."""

    workdir: Path
    port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen | None = None

    @property
    def root(self) -> Path:
        return self.workdir / "root"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> JupyterServer:
        shutil.copytree(ROOT / "notebooks", self.root / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        settings = self.workdir / "settings"
        for name, values in USER_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        # as in a learner's session: bytecode cached, English, matplotlib's backend chosen by the lesson
        unset = ("PYTHONDONTWRITEBYTECODE", "COURSE_LANG", "MPLBACKEND", "JUPYTER_CONFIG_DIR")
        env = {k: v for k, v in os.environ.items() if k not in unset}
        env.update(JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_CONFIG_DIR=str(self.workdir / "config"),
                   JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"))
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
                   f"--port={self.port}", f"--ServerApp.root_dir={self.root}",
                   f"--IdentityProvider.token={self.token}", f"--LabApp.workspaces_dir={self.workdir / 'ws'}",
                   "--ServerApp.port_retries=0",
                   "--ServerApp.open_browser=False", "--LanguageServerManager.autodetect=False"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        self.log = (self.workdir / "server.log").open("wb")
        self.process = subprocess.Popen(command, cwd=self.root, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status", timeout=5)
                return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        self.stop()
        raise TimeoutError(f"jupyter lab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def api(self, method: str, path: str, timeout: float = 30):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self, path: str | None = None) -> None:
        """Shut down the kernel of notebook ``path`` (every kernel if None) to free memory."""
        for session in self.api("GET", "/api/sessions"):
            if path is None or session.get("path") == path:
                with contextlib.suppress(OSError, urllib.error.URLError):
                    self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.closed:
            self.log.flush()
        text = (self.workdir / "server.log").read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
        self.log.close()


# --- driving the page -------------------------------------------------------------------------

PANEL = ".jp-NotebookPanel"
WIDGET_OUTPUT = ".jp-OutputArea-output:has(> .jupyter-widgets)"  # a rendered widget view
PROMPT_DONE = re.compile(r"\[\d+\]:")

# [(index, prompt, first source line)] of every code cell, read in one round trip
_PROMPTS_JS = """(panel) => Array.from(panel.querySelectorAll('.jp-Notebook .jp-CodeCell')).map((cell, i) => [
    i, ((cell.querySelector('.jp-InputPrompt') || {}).textContent || '').trim(),
    ((cell.querySelector('.jp-InputArea-editor .cm-line') || {}).textContent || '').slice(0, 80)])"""

# [(cell index, mime type, text)] of every output
_OUTPUTS_JS = """(panel) => Array.from(panel.querySelectorAll('.jp-Notebook .jp-CodeCell')).flatMap(
    (cell, i) => Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(
        o => [i, o.dataset.mimeType || '', o.innerText]))"""

# what an explorer shows: its images and its HTML text (not the sliders' own read-outs)
_SIGNATURE_JS = """(el) => JSON.stringify([
    Array.from(el.querySelectorAll('img')).map(img => img.src),
    Array.from(el.querySelectorAll('.widget-html-content, .jp-RenderedText')).map(e => e.innerHTML)])"""


def wait_until(predicate, timeout: float, interval: float = 0.25):
    """Call ``predicate`` until it returns something truthy; return that, or the last value on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def committed_widget_outputs(relpath: str) -> int:
    """How many widget outputs the committed lesson displays."""
    notebook = json.loads((ROOT / "notebooks" / relpath).read_text(encoding="utf-8"))
    return sum("application/vnd.jupyter.widget-view+json" in output.get("data", {})
               for cell in notebook["cells"] if cell["cell_type"] == "code"
               for output in cell.get("outputs", []))


def menu(page, label: str, command: str) -> None:
    """Click ``label`` in the menu bar, then the item that runs ``command``."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{label}$")).first.click()
    item = page.locator(f'.lm-Menu .lm-Menu-item[data-command="{command}"]').first
    item.wait_for(state="visible", timeout=30_000)
    item.click()


@dataclass
class LessonRun:
    """What one lesson did in the browser."""

    name: str
    code_cells: int = 0
    outputs: int = 0
    widget_outputs: int = 0
    moved: str = ""
    stderr: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._start = time.monotonic()

    def mark(self, phase: str) -> None:
        """Record when ``phase`` ended, in seconds since the lesson was opened."""
        self.phases[phase] = round(time.monotonic() - self._start, 1)

    def summary(self) -> str:
        return (f"{self.name}: {self.code_cells} code cells, {self.outputs} outputs, "
                f"{self.widget_outputs} widgets; moved {self.moved}; seconds {self.phases}"
                + "".join(f"; {n}" for n in self.notes)
                + (f"; stderr: {self.stderr}" if self.stderr else ""))


@dataclass
class _Lane:
    """One JupyterLab page (its own workspace) and the lesson running in it, if any."""

    number: int
    page: object = None
    relpath: str | None = None
    result: LessonRun | None = None
    error: BaseException | None = None


class Browser:
    """One Chromium and one server; JupyterLab lessons run in ``lanes`` pages, Notebook 7 ones in a page each.

    With two lanes, the next lesson opens and runs in the second page while the current one is
    checked: the kernels' work overlaps with the browser's.
    """

    def __init__(self, context, server: JupyterServer, lanes: int = 2, run_timeout: float = 180) -> None:
        self.context = context
        self.server = server
        self.lanes = [_Lane(n) for n in range(lanes)]
        self.run_timeout = run_timeout

    # -- JupyterLab -------------------------------------------------------------------------------

    def _lab_page(self, lane: _Lane):
        if lane.page is None:
            page = self.context.new_page()
            page.goto(f"{self.server.url}/lab/workspaces/lane{lane.number}?reset&token={self.server.token}",
                      timeout=120_000)
            page.locator(".lm-MenuBar-item", has_text=re.compile("^Run$")).wait_for(timeout=120_000)
            page.locator(".jp-FileBrowser .jp-DirListing-item").first.wait_for(timeout=120_000)
            lane.page = page
        return lane.page

    def start(self, relpath: str) -> bool:
        """Open ``relpath`` in a free JupyterLab lane and start Run All; False if no lane is free.

        A failure is kept and raised by ``run(relpath)``, so that it is reported for its own lesson.
        """
        if any(lane.relpath == relpath for lane in self.lanes):
            return True
        lane = next((lane for lane in self.lanes if lane.relpath is None), None)
        if lane is None:
            return False
        lane.relpath, lane.result, lane.error = relpath, None, None
        name = f"{relpath} in JupyterLab"
        try:
            page = self._lab_page(lane)
            menu(page, "File", "filebrowser:open-path")
            path_field = page.locator(".jp-Dialog input").first
            path_field.fill(f"notebooks/{relpath}")
            path_field.press("Enter")
            lane.result = start_lesson(page, self.server, f"notebooks/{relpath}", name)
        except Exception as error:  # noqa: BLE001 - re-raised by run() for this lesson
            lane.error = error
        return True

    def run(self, relpath: str, ui: str, screenshot: Path, prefetch: str | None = None) -> LessonRun:
        """Run and check lesson ``notebooks/relpath`` in ``ui`` ("lab" or "notebook"); see finish_lesson.

        ``prefetch`` (JupyterLab only) names the lesson to start in the other lane meanwhile.
        """
        if ui != "lab":
            return self._run_notebook7(relpath, screenshot)
        self.start(relpath)
        lane = next(lane for lane in self.lanes if lane.relpath == relpath)
        if prefetch:
            self.start(prefetch)
        ok = False
        try:
            if lane.error is not None:
                raise lane.error
            finish_lesson(lane.page, self.server, f"notebooks/{relpath}", lane.result, screenshot,
                          self.run_timeout, committed_widget_outputs(relpath))
            ok = True
            return lane.result
        finally:
            if not ok:
                _failure_screenshot(lane.page, screenshot)
            self._close_lab(lane, reuse=ok)

    def _close_lab(self, lane: _Lane, reuse: bool) -> None:
        """Close the lane's notebook unsaved and shut its kernel down; after a failure, drop the page."""
        page, path = lane.page, f"notebooks/{lane.relpath}"
        lane.relpath = None
        if page is not None and reuse:
            try:
                menu(page, "File", "filemenu:close-and-cleanup")
                for _ in range(4):  # "Shut down the notebook?", then "Save your work?"
                    dialog = page.locator(".jp-Dialog")
                    if not wait_until(lambda d=dialog: d.count() or not page.locator(PANEL).count(), 10):
                        break
                    if not dialog.count():
                        break
                    discard = dialog.locator("button", has_text=re.compile("Discard|Don't Save"))
                    accept = dialog.locator("button.jp-mod-accept").first
                    (discard.first if discard.count() else accept).click()
                    wait_until(lambda d=dialog: not d.count(), 5)
                reuse = page.locator(PANEL).count() == 0
            except Exception:  # noqa: BLE001 - fall back to a fresh page next time
                reuse = False
        if page is not None and not reuse:
            page.close()
            lane.page = None
        self.server.shutdown_kernels(path)

    # -- Notebook 7 -------------------------------------------------------------------------------

    def _run_notebook7(self, relpath: str, screenshot: Path) -> LessonRun:
        path = f"notebooks/{relpath}"
        page = self.context.new_page()
        ok = False
        try:
            page.goto(f"{self.server.url}/notebooks/{path}?token={self.server.token}", timeout=120_000)
            result = start_lesson(page, self.server, path, f"{relpath} in Notebook 7")
            finish_lesson(page, self.server, path, result, screenshot, self.run_timeout,
                          committed_widget_outputs(relpath))
            ok = True
            return result
        finally:
            if not ok:
                _failure_screenshot(page, screenshot)
            page.close()
            self.server.shutdown_kernels(path)


def _failure_screenshot(page, screenshot: Path) -> None:
    if page is None:
        return
    try:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot.with_name(screenshot.stem + "-FAILED.png")))
    except Exception:  # noqa: BLE001 - the page may be gone; the assertion says what failed
        pass


def _kernel_ready(page, server: JupyterServer, path: str) -> bool:
    sessions = [s for s in server.api("GET", "/api/sessions") if s.get("path") == path]
    indicator = page.locator(".jp-Notebook-ExecutionIndicator")
    shown = indicator.first.get_attribute("data-status") if indicator.count() else "idle"
    return bool(sessions) and sessions[0]["kernel"]["execution_state"] == "idle" and shown == "idle"


def start_lesson(page, server: JupyterServer, path: str, name: str) -> LessonRun:
    """In the page that is opening ``path``: wait for its kernel, clear the committed outputs, Run All.

    Hidden code is shown first so that every code cell shows its execution prompt; clearing the
    outputs means that everything checked afterwards comes from this run.
    """
    result = LessonRun(name)
    panel = page.locator(PANEL)
    panel.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=120_000)
    assert panel.count() == 1, f"{name}: expected one open notebook, found {panel.count()}"
    result.mark("opened")
    assert wait_until(lambda: _kernel_ready(page, server, path), 120, interval=0.5), \
        f"{name}: the kernel was not ready within 120 s"
    dialog = page.locator(".jp-Dialog")
    assert dialog.count() == 0, f"{name}: unexpected dialog: {dialog.first.inner_text()[:300]}"
    result.mark("kernel")
    menu(page, "View", "notebook:show-all-cell-code")
    menu(page, "Edit", "editmenu:clear-all")
    prompts = panel.evaluate(_PROMPTS_JS)
    assert prompts, f"{name}: the notebook shows no code cells"
    assert not any(PROMPT_DONE.fullmatch(p) for _i, p, _s in prompts), f"{name}: outputs were not cleared"
    result.code_cells = len(prompts)
    menu(page, "Run", "runmenu:run-all")
    return result


def finish_lesson(page, server: JupyterServer, path: str, result: LessonRun, screenshot: Path,
                  run_timeout: float, expected_widgets: int) -> LessonRun:
    """Wait until Run All is done, then check what the browser shows.

    Every code cell gets an execution count; no output shows a traceback; every widget renders
    (none still "Loading widget...", none "Error displaying widget", at least as many as the
    committed lesson displays, a visible quiz button); moving a control of the first widget (the
    lesson's explorer) changes its figure or text. Saves a screenshot of the explorer.
    """
    name = result.name
    panel = page.locator(PANEL)

    def all_done():
        done = all(PROMPT_DONE.fullmatch(p) for _i, p, _s in panel.evaluate(_PROMPTS_JS))
        return done and _kernel_ready(page, server, path)

    if not wait_until(all_done, run_timeout, interval=0.5):
        prompts = panel.evaluate(_PROMPTS_JS)
        pending = [(i, p, s) for i, p, s in prompts if not PROMPT_DONE.fullmatch(p)]
        index, prompt, source = pending[0] if pending else (None, "", "")
        raise AssertionError(f"{name}: Run All did not finish within {run_timeout:.0f} s: code cell {index} "
                             f"(prompt {prompt!r}, first line {source!r}) has no execution count; "
                             f"{len(pending)} of {len(prompts)} code cells unfinished")
    result.mark("ran")

    outputs = panel.evaluate(_OUTPUTS_JS)
    result.outputs = len(outputs)
    assert result.outputs >= 1, f"{name}: running all cells produced no output at all"
    for index, mime, text in outputs:
        assert not ERROR_PATTERN.search(text), f"{name}: code cell {index} shows an error:\n{text[:2000]}"
        if mime == "application/vnd.jupyter.stderr":
            result.stderr.append(f"cell {index}: {text[:200]}")

    def widgets_settled():
        texts = " ".join(t for _i, _m, t in panel.evaluate(_OUTPUTS_JS))
        return not any(failure in texts for failure in WIDGET_FAILURES)

    wait_until(widgets_settled, 60, interval=0.5)
    for index, _mime, text in panel.evaluate(_OUTPUTS_JS):
        for failure in WIDGET_FAILURES:
            assert failure not in text, f"{name}: code cell {index} still says {text[:500]!r}"
    widgets = panel.locator(f".jp-Notebook {WIDGET_OUTPUT}")
    result.widget_outputs = widgets.count()
    assert result.widget_outputs >= max(1, expected_widgets), \
        f"{name}: {result.widget_outputs} widgets rendered; the committed lesson displays {expected_widgets}"
    buttons = panel.locator(f".jp-Notebook {WIDGET_OUTPUT} button.jupyter-button")
    assert buttons.count() >= 1 and buttons.first.is_visible(), f"{name}: no visible quiz button"
    result.mark("checked")

    explorer = widgets.first
    result.moved = move_explorer(page, explorer, name, result.notes)
    images = explorer.locator("img")
    if images.count():
        assert wait_until(lambda: images.first.evaluate("i => i.complete && i.naturalWidth > 0"), 10), \
            f"{name}: the explorer's figure does not load"
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    explorer.scroll_into_view_if_needed()
    explorer.screenshot(path=str(screenshot), timeout=30_000)
    result.mark("moved")
    return result


# controls an explorer may have, in the order they are tried
_CONTROLS = (".widget-slider", ".widget-dropdown select", ".widget-toggle-buttons", ".widget-checkbox input")


def move_explorer(page, explorer, name: str, notes: list[str], attempts: int = 4, wait: float = 15) -> str:
    """Move the explorer's controls one by one (sliders first) until its figure or text changes.

    Some controls only matter together with another one (in lesson 11, "moved 1 Jul %" changes
    nothing for a Compute Savings Plan), so up to ``attempts`` controls are tried. Returns what moved.
    """
    explorer.scroll_into_view_if_needed()
    tried = []
    for selector in _CONTROLS:
        controls = explorer.locator(selector)
        for k in range(controls.count()):
            if len(tried) >= attempts:
                break
            before = explorer.evaluate(_SIGNATURE_JS)
            moved = _move(page, controls.nth(k), selector, name, notes)
            if wait_until(lambda b=before: explorer.evaluate(_SIGNATURE_JS) != b, wait):
                if tried:
                    notes.append(f"moving {', '.join(tried)} changed nothing it shows")
                return moved
            tried.append(moved)
    assert tried, f"{name}: the first widget has no slider, dropdown, toggle or checkbox to move"
    raise AssertionError(f"{name}: moving {'; '.join(tried)} did not change the explorer's figure or text "
                         f"within {wait:.0f} s each")


def _move(page, control, selector: str, name: str, notes: list[str]) -> str:
    if selector == ".widget-slider":
        return _move_slider(page, control, name, notes)
    if selector.endswith("select"):
        values = control.evaluate("s => Array.from(s.options).map(o => o.value)")
        current = control.input_value()
        other = next(v for v in values if v != current)
        control.select_option(other)
        return f"dropdown {current!r} → {other!r}"
    if selector.endswith("input"):
        control.click()
        return "checkbox"
    button = control.locator(".widget-toggle-button:not(.mod-active)").first
    text = button.inner_text()
    button.click()
    return f"toggle → {text!r}"


def _move_slider(page, slider, name: str, notes: list[str]) -> str:
    """Focus the handle, press ArrowRight (ArrowLeft at the maximum); click the track if keys do nothing."""
    label = slider.locator(".widget-label").first
    label = label.inner_text() if label.count() else "?"
    readout = slider.locator(".widget-readout").first
    value = readout.inner_text()
    handle = slider.locator(".noUi-handle").first
    how = "ArrowRight"
    handle.focus()
    page.keyboard.press("ArrowRight")
    if not wait_until(lambda: readout.inner_text() != value, 3):
        how = "ArrowLeft"  # it was at its maximum
        handle.focus()
        page.keyboard.press("ArrowLeft")
    if not wait_until(lambda: readout.inner_text() != value, 3):
        # Notebook 7 swallows arrow keys on a focused slider handle (its notebook keyboard
        # navigation takes them); click the track beside the handle, as a mouse user would.
        notes.append(f"the arrow keys did not move the focused slider {label!r}; clicked its track instead")
        how = "click on the track"
        box = handle.bounding_box()
        track = slider.locator(".noUi-base").first.bounding_box()
        x = box["x"] + box["width"] / 2
        x = x + 25 if x + 25 < track["x"] + track["width"] else x - 25
        page.mouse.click(x, box["y"] + box["height"] / 2)
    after = wait_until(lambda: readout.inner_text() != value and readout.inner_text(), 5)
    assert after, f"{name}: the slider {label!r} does not move (its read-out stays {value!r})"
    return f"slider {label!r} {value} → {after} ({how})"
