"""Exercises are generated from solutions/: in sync, with nothing leaked, and unanswered at start."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course.grading.assign import (
    EXERCISES,
    exercises_for,
    masters,
    normalise_student,
    student_notebook,
    translated_masters,
)

MASTERS = masters() + translated_masters()
ids = [m.stem if m.parent.name == "solutions" else f"{m.parent.name}/{m.stem}" for m in MASTERS]
NOT_YET = ("Not yet", "まだです", "❌")  # an English or Japanese failure message, or otter's mark


def _cells_between(notebook: dict, begin: str, end: str) -> list[dict]:
    """Code cells between raw cells starting with ``begin`` and ``end``."""
    found, inside = [], False
    for cell in notebook["cells"]:
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] == "raw" and source.startswith(begin):
            inside = True
        elif cell["cell_type"] == "raw" and source.startswith(end):
            inside = False
        elif inside and cell["cell_type"] == "code":
            found.append(cell)
    return found


def secret_lines(master: Path) -> list[str]:
    """Lines of solutions and hidden tests that must never reach a student."""
    notebook = json.loads(master.read_text(encoding="utf-8"))
    secrets = []
    for cell in _cells_between(notebook, "# BEGIN SOLUTION", "# END SOLUTION"):
        inside = False
        for line in "".join(cell["source"]).splitlines():
            stripped = line.strip()
            if stripped.startswith("# BEGIN SOLUTION"):
                inside = True
            elif stripped.startswith("# END SOLUTION"):
                inside = False
            elif inside or re.search(r"# ?SOLUTION( NO PROMPT)?$", stripped):
                secrets.append(re.sub(r"\s*# ?SOLUTION( NO PROMPT)?$", "", stripped))
    for cell in _cells_between(notebook, "# BEGIN TESTS", "# END TESTS"):
        source = "".join(cell["source"])
        if re.search(r"^hidden:\s*true", source, flags=re.MULTILINE):
            body = source.split("# END TEST CONFIG", 1)[-1]
            secrets += [line.strip() for line in body.splitlines()]
    return [s for s in secrets if len(s) >= 12]


def leaks(secrets: list[str], text: str) -> list[str]:
    """The secrets that appear in ``text`` (a notebook file), raw or JSON-escaped."""
    return [s for s in secrets if s in text or json.dumps(s)[1:-1] in text]


def test_there_is_an_exercise_for_every_master():
    assert MASTERS, "no exercise masters found in solutions/"
    assert sorted(p.name for p in EXERCISES.glob("*.ipynb")) == sorted(m.name for m in masters())
    japanese = translated_masters()
    assert sorted(p.name for p in (EXERCISES / "ja").glob("*.ipynb")) == sorted(m.name for m in japanese)


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_exercise_is_in_sync_with_its_master(master):
    committed = (exercises_for(master) / master.name).read_text(encoding="utf-8")
    assert committed == student_notebook(master), (
        f"the exercise of {master} is out of date: run `python -m course.assign {master.stem}`")


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_no_solution_or_hidden_test_leaks(master):
    exercise = (exercises_for(master) / master.name).read_text(encoding="utf-8")
    notebook = json.loads(exercise)
    secrets = secret_lines(master)
    assert secrets, "the master should have solutions and hidden tests"
    leaked = leaks(secrets, exercise)
    assert not leaked, f"leaked into exercises/{master.name}: {leaked[:3]}"
    assert "widgets" not in notebook["metadata"], "saved widget state would reveal answers"
    for question in notebook["metadata"]["otter"]["tests"].values():
        for suite in question["suites"]:
            assert all(not case["hidden"] for case in suite["cases"])
    assert all(not c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")


def test_leak_check_itself_catches_a_leak():
    master = MASTERS[0]
    secrets = secret_lines(master)
    notebook = json.loads((EXERCISES / master.name).read_text(encoding="utf-8"))
    assert not leaks(secrets, json.dumps(normalise_student(notebook, "x")))
    notebook["cells"][-1]["source"] = secrets[-1]
    assert leaks(secrets, json.dumps(normalise_student(notebook, "x"))) == [secrets[-1]]


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_fresh_exercise_runs_and_every_check_says_not_yet(master, tmp_path):
    shutil.copy(exercises_for(master) / master.name, tmp_path / master.name)
    notebook = nbformat.read(tmp_path / master.name, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    checks = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"cell raised: {errors[0].get('ename')}: {errors[0].get('evalue')}"
        if cell.source.startswith("grader.check("):
            checks += 1
            shown = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            assert any(word in shown for word in NOT_YET), f"{cell.source} did not say 'not yet'"
            if master.parent.name == "ja":
                assert "まだです" in shown, f"{cell.source}: the hint is not in Japanese"
            assert "passed!" not in shown
    assert checks >= 3
