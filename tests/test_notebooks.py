"""Every lesson follows the anatomy in docs/authoring.md and is committed executed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
JA_LESSONS = sorted((ROOT / "notebooks" / "ja").glob("[0-9][0-9]-*.ipynb"))
JA_SOLUTIONS = sorted((ROOT / "solutions" / "ja").glob("[0-9][0-9]-*.ipynb"))
# The fixed words of a lesson's anatomy (docs/authoring.md; docs/translating.md for Japanese).
ANATOMY = {
    "en": {"objectives": "By the end of this lesson you can", "time": "**Time:**",
           "prerequisites": "**Prerequisites:**", "key_points": "## Key points",
           "sources": r"## Sources", "read": r"read 20\d\d-\d\d-\d\d", "exercises": "exercises/"},
    "ja": {"objectives": "このレッスンを終えると", "time": "**所要時間：**",
           "prerequisites": "**前提知識：**", "key_points": "## 要点",
           "sources": r"## 出典", "read": r"20\d\d-\d\d-\d\d 閲覧", "exercises": "exercises/ja/"},
}
QUIZ_PARTS = {"MultipleChoice", "Numeric", "Ordering", "Quiz", "restore_answers_from"}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _markdown(notebook: dict) -> str:
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


def _code(notebook: dict) -> str:
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")


LESSON_IDS = [p.stem for p in LESSONS] + [f"ja/{p.stem}" for p in JA_LESSONS]


@pytest.mark.parametrize("path", LESSONS + JA_LESSONS, ids=LESSON_IDS)
def test_lesson_anatomy(path):
    words = ANATOMY["ja" if path.parent.name == "ja" else "en"]
    notebook = _load(path)
    opening = "".join(notebook["cells"][0]["source"])
    assert re.match(rf"# {path.stem[:2]} · ", opening), "the opening cell starts with '# NN · Title'"
    for key in ("objectives", "time", "prerequisites"):
        assert words[key] in opening, f"the opening cell needs {words[key]!r}"
    objectives = re.findall(r"^\d+\. ", opening, flags=re.MULTILINE)
    assert 3 <= len(objectives) <= 5, "3 to 5 learning objectives"
    text = _markdown(notebook)
    assert words["key_points"] in text and re.search(words["sources"], text)
    assert re.search(words["read"], text), "sources carry the date they were read"
    code = _code(notebook)
    assert "Quiz(" in code, "a 'check your understanding' quiz"
    if path.stem != "00-start-here":
        assert f"{words['exercises']}{path.stem}.ipynb" in text, "a link to the lesson's exercise"
        imported = set()
        for names in re.findall(r"^from course\.widgets[\w.]* import \(?([\w, \n]+)\)?", code, flags=re.M):
            imported |= {n.strip() for n in names.replace("\n", " ").split(",") if n.strip()}
        assert imported - QUIZ_PARTS, "an interactive explorer from course.widgets"


ALL = LESSONS + SOLUTIONS + JA_LESSONS + JA_SOLUTIONS


@pytest.mark.parametrize("path", ALL, ids=[p.relative_to(ROOT).with_suffix("").as_posix() for p in ALL])
def test_committed_executed_with_real_figures(path):
    notebook = _load(path)
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in code_cells), "commit the notebook executed"
    for cell in code_cells:
        for output in cell.get("outputs", []):
            shown = "".join(output.get("data", {}).get("text/plain", ""))
            assert not (shown.startswith("<Figure size") and "image/png" not in output.get("data", {})), (
                "a figure saved as text only: add `%matplotlib inline` to the first code cell")
            assert output.get("output_type") != "error", "a committed cell raised an error"


def test_every_solution_has_a_lesson():
    assert {p.name for p in SOLUTIONS} <= {p.name for p in LESSONS}
    assert {p.name for p in JA_SOLUTIONS} <= {p.name for p in JA_LESSONS}, "translate the lesson too"
