"""Grade right, half-right and hostile submissions of exercise 01 into a CSV, end to end."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys

import pytest
from submissions import EXERCISE_JA, RIGHT, WIDGETS_RIGHT, fill, index_of, write

from course.errors import CourseInputError
from course.grading.grade import grade_folder, question_order

QUESTIONS = ["q1", "q2", "q3", "q4", "q5"]


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    write(folder, "alice.ipynb", fill(RIGHT, WIDGETS_RIGHT))
    write(folder, "hanako-ja.ipynb", fill(RIGHT, WIDGETS_RIGHT, exercise=EXERCISE_JA))
    half = {k: v for k, v in RIGHT.items() if k == "serial = ..."}
    write(folder, "bob.ipynb", fill(half, {"q1_answer": "streaming", "q3_answer": 87.0}))
    looping = dict(RIGHT, **{"serial = ...": "while True:\n    pass\n"})
    (folder / "hostile").mkdir()
    write(folder / "hostile", "loop.ipynb", fill(looping, WIDGETS_RIGHT))
    raising = dict(RIGHT, **{"def compute_hours_per_day": "raise ValueError('oops')\n"})
    write(folder / "hostile", "raises.ipynb", fill(raising, WIDGETS_RIGHT))
    base = fill(RIGHT, WIDGETS_RIGHT)
    deletions = [(index_of(base, 'grader.check("q1")'), "del q1_answer"),
                 (index_of(base, 'grader.check("q4")'), "del compute_hours_per_day")]
    deleted = fill(RIGHT, WIDGETS_RIGHT, deletions)
    write(folder / "hostile", "deleted.ipynb", deleted)
    cheat = "grader = None\ndef check(*args, **kwargs):\n    return 'passed'\n"
    empty = fill({}, {})
    cheating = fill({}, {"q1_answer": "batch"}, [(index_of(empty, "import tempfile") + 1, cheat)])
    write(folder / "hostile", "cheater.ipynb", cheating)
    huge = fill(RIGHT, WIDGETS_RIGHT, [(3, "print('x' * 5_000_000)")])
    huge["cells"][3]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "y" * 20_000_000}]
    write(folder / "hostile", "huge.ipynb", huge)
    write(folder / "hostile", "broken.ipynb", "this is not a notebook {")
    write(folder / "hostile", "notes.txt", "my answers are in my head")
    before = _digest(folder)
    out = tmp_path_factory.mktemp("out") / "grades.csv"
    rows = grade_folder(folder, out, timeout=300, cell_timeout=40, jobs=2)
    return folder, before, out, {r["submission"]: r for r in rows}


def test_submissions_are_never_changed(graded):
    folder, before, _, _ = graded
    assert _digest(folder) == before


def test_csv_has_a_column_per_question_and_a_row_per_file(graded):
    _, before, out, _ = graded
    with out.open(newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
    assert reader.fieldnames == ["submission", *QUESTIONS, "total", "possible", "status", "message"]
    assert sorted(r["submission"] for r in rows) == sorted(before)
    assert [p.name for p in out.parent.iterdir()] == ["grades.csv"]  # no temporary files left


def test_right_and_half_right(graded):
    rows = graded[3]
    alice = rows["alice.ipynb"]
    assert [alice[q] for q in QUESTIONS] == [1.0, 2.0, 1.0, 2.0, 2.0], alice
    assert alice["total"] == 8.0 and alice["possible"] == 8.0 and alice["status"] == "graded"
    bob = rows["bob.ipynb"]
    # q1 wrong (a valid option passes only the 0-point public check), q2 and q3 right,
    # q4 and q5 unanswered: 0 + 2 + 1 + 0 + 0 = 3
    assert [bob[q] for q in QUESTIONS] == [0.0, 2.0, 1.0, 0.0, 0.0]
    assert bob["total"] == 3.0


def test_a_japanese_submission_is_graded_like_an_english_one(graded):
    hanako = graded[3]["hanako-ja.ipynb"]
    assert [hanako[q] for q in QUESTIONS] == [1.0, 2.0, 1.0, 2.0, 2.0], hanako
    assert hanako["total"] == 8.0 and hanako["status"] == "graded"


def test_endless_loop_costs_only_its_own_answer(graded):
    row = graded[3]["hostile/loop.ipynb"]
    assert row["q2"] == 0.0 and row["status"] == "graded"
    assert [row[q] for q in ("q1", "q3", "q4", "q5")] == [1.0, 1.0, 2.0, 2.0]


def test_a_raising_cell_costs_only_its_own_answer(graded):
    row = graded[3]["hostile/raises.ipynb"]
    assert row["q4"] == 0.0 and row["total"] == 6.0


def test_deleted_answers_score_zero(graded):
    row = graded[3]["hostile/deleted.ipynb"]
    assert row["q1"] == 0.0 and row["q4"] == 0.0 and row["total"] == 5.0


def test_redefining_grader_or_check_does_not_help(graded):
    row = graded[3]["hostile/cheater.ipynb"]
    assert row["q1"] == 1.0 and row["total"] == 1.0


def test_huge_output_is_graded(graded):
    assert graded[3]["hostile/huge.ipynb"]["total"] == 8.0


@pytest.mark.parametrize("name", ["hostile/broken.ipynb", "hostile/notes.txt"])
def test_files_that_are_not_notebooks_get_an_error_row(graded, name):
    row = graded[3][name]
    assert row["status"] == "error" and "not a Jupyter notebook" in row["message"]
    assert row["total"] == 0.0


def test_question_order_is_natural():
    assert question_order(["q10", "q9", "q1"]) == ["q1", "q9", "q10"]


@pytest.mark.parametrize("args, message", [
    (["/no/such/folder"], "is not a folder"),
    (["{empty}"], "holds no files"),
    (["{junk}"], "cannot tell which exercise"),
    (["{junk}", "--exercise", "99-nope"], "is not an exercise"),
    (["{junk}", "--jobs", "0"], "--jobs must be at least 1"),
])
def test_command_line_errors_are_clear(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.txt").write_text("x")
    args = [a.format(empty=tmp_path / "empty", junk=tmp_path / "junk") for a in args]
    done = subprocess.run([sys.executable, "-m", "course.grade", *args, "--out",
                           str(tmp_path / "g.csv")], capture_output=True, text=True)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "g.csv").exists()


def test_grade_folder_rejects_a_file_as_folder(tmp_path):
    (tmp_path / "x.ipynb").write_text("{}")
    with pytest.raises(CourseInputError, match="is not a folder"):
        grade_folder(tmp_path / "x.ipynb", tmp_path / "g.csv")
