"""Grade a folder of submitted exercise notebooks into a gradebook CSV.

Command line::

    python -m course.grade SUBMISSIONS_DIR --out grades.csv

Every submission is copied, run from the top in a fresh kernel by otter-grader
with all hidden tests, in its own process with a time limit. Submissions are
only read, never changed. One row per file; one column per question, then
``total``, ``possible``, ``status`` and ``message``. The CSV is written
atomically: it appears complete or not at all.

>>> question_order(["q10", "q2", "q1"])
['q1', 'q2', 'q10']
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from course.errors import CourseInputError
from course.files import write_csv_atomically
from course.grading.assign import SOLUTIONS, TRANSLATED, autograder, masters
from course.i18n import text
from course.widgets.record import ENV_VARIABLE, answers_in_notebook

MESSAGES = {
    "en": {
        "no_folder": "SUBMISSIONS_DIR {path} is not a folder.",
        "no_files": "SUBMISSIONS_DIR {path} holds no files to grade.",
        "which_exercise": "cannot tell which exercise these submissions are for; pass --exercise "
                          "with one of: {known}",
        "unknown_exercise": "--exercise {name!r} is not an exercise. Known: {known}",
        "not_notebook": "not a Jupyter notebook ({detail})",
        "wrong_exercise": "this notebook is exercise {found}, not {expected}",
        "timed_out": "stopped after the time limit of {seconds} s; graded as 0",
        "crashed": "grading failed: {detail}",
        "graded": "graded",
        "error": "error",
        "wrote": "Wrote {rows} rows to {path}",
    }
}

STATUS_GRADED, STATUS_ERROR = "graded", "error"


def question_order(names: list[str]) -> list[str]:
    """Sort question names naturally (q2 before q10).

    >>> question_order(["q3", "q1"])
    ['q1', 'q3']
    """
    return sorted(names, key=lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)])


def questions_in(autograder_zip: Path) -> list[str]:
    """The question names that an otter autograder zip grades (its ``tests/*.py``)."""
    with zipfile.ZipFile(autograder_zip) as archive:
        names = [Path(n).stem for n in archive.namelist()
                 if n.startswith("tests/") and n.endswith(".py")]
    return question_order(names)


@dataclass
class Submission:
    """One file in the submissions folder, as read (never changed)."""

    path: Path
    notebook: dict | None = None
    problem: str = ""
    exercise: str | None = None
    answers: dict = field(default_factory=dict)
    language: str | None = None


def read_submission(path: Path) -> Submission:
    """Read ``path`` without changing it, and say whether it is a gradable notebook."""
    item = Submission(path)
    if path.suffix != ".ipynb":
        item.problem = text(MESSAGES, "not_notebook", detail=f"file type {path.suffix or 'none'}")
        return item
    try:
        notebook = json.loads(path.read_bytes().decode("utf-8"))
        if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
            raise ValueError("no list of cells")
    except (ValueError, UnicodeDecodeError) as error:
        item.problem = text(MESSAGES, "not_notebook", detail=str(error)[:120])
        return item
    item.notebook = notebook
    course_meta = notebook.get("metadata", {}).get("course", {})
    item.exercise = course_meta.get("exercise") if isinstance(course_meta, dict) else None
    item.language = course_meta.get("language") if isinstance(course_meta, dict) else None
    item.answers = answers_in_notebook(notebook)
    return item


def _prepared_copy(item: Submission, folder: Path, exercise: str) -> tuple[Path, Path]:
    """Write a copy without saved outputs (answers are kept aside) for otter to run."""
    notebook = json.loads(json.dumps(item.notebook))
    for cell in notebook["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            cell["outputs"] = []
    copy = folder / f"{exercise}.ipynb"
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    answers = folder / "recorded-answers.json"
    answers.write_text(json.dumps(item.answers), encoding="utf-8")
    return copy, answers


def _run_worker(item: Submission, zip_path: Path, exercise: str, timeout: int,
                cell_timeout: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="course-grade-") as tmp:
        folder = Path(tmp)
        copy, answers = _prepared_copy(item, folder, exercise)
        result = folder / "result.json"
        env = dict(os.environ, **{ENV_VARIABLE: str(answers)})
        command = [sys.executable, "-m", "course.grading.worker", str(zip_path), str(copy),
                   str(result), "--cell-timeout", str(cell_timeout)]
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return {"scores": {}, "error": text(MESSAGES, "timed_out", seconds=timeout)}
        if not result.is_file():
            detail = (err or b"").decode(errors="replace").strip().splitlines()[-1:] or ["no result"]
            return {"scores": {}, "error": text(MESSAGES, "crashed", detail=detail[0][:300])}
        return json.loads(result.read_text(encoding="utf-8"))


def _choose_exercise(items: list[Submission], exercise: str | None) -> str:
    known = [m.stem for m in masters()]
    if exercise is not None:
        if exercise not in known:
            raise CourseInputError(text(MESSAGES, "unknown_exercise", name=exercise,
                                        known=", ".join(known)))
        return exercise
    found = Counter(i.exercise for i in items if i.exercise in known)
    if not found:
        raise CourseInputError(text(MESSAGES, "which_exercise", known=", ".join(known)))
    return found.most_common(1)[0][0]


def _row(item: Submission, root: Path, questions: list[str], outcome: dict) -> dict:
    row: dict[str, object] = {"submission": item.path.relative_to(root).as_posix()}
    scores = outcome.get("scores", {})
    for question in questions:
        score = scores.get(question)
        row[question] = round(score[0], 4) if score else 0.0
    row["total"] = round(sum(float(row[q]) for q in questions), 4)
    row["possible"] = outcome.get("possible", 0.0)
    row["status"] = STATUS_ERROR if outcome.get("error") else STATUS_GRADED
    row["message"] = outcome.get("error") or ""
    return row


def grade_folder(submissions: str | os.PathLike[str], out: str | os.PathLike[str], *,
                 exercise: str | None = None, timeout: int = 300, cell_timeout: int = 60,
                 jobs: int = 2) -> list[dict]:
    """Grade every file under ``submissions`` and write the gradebook CSV to ``out``.

    Returns the rows written. See the module docstring for the columns.
    """
    root = Path(submissions)
    if not root.is_dir():
        raise CourseInputError(text(MESSAGES, "no_folder", path=root))
    files = sorted(p for p in root.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(root).parts))
    if not files:
        raise CourseInputError(text(MESSAGES, "no_files", path=root))
    items = [read_submission(p) for p in files]
    name = _choose_exercise(items, exercise)
    zip_path = autograder(SOLUTIONS / f"{name}.ipynb")
    questions = questions_in(zip_path)
    zips: dict[str | None, Path] = {None: zip_path}
    for language in sorted({i.language for i in items if i.language in TRANSLATED and not i.problem}):
        master = SOLUTIONS / language / f"{name}.ipynb"
        if master.is_file():  # same tests as the English master, with translated hints
            zips[language] = autograder(master)

    def grade(item: Submission) -> dict:
        if item.problem:
            return {"scores": {}, "error": item.problem}
        if item.exercise not in (None, name):
            return {"scores": {}, "error": text(MESSAGES, "wrong_exercise", found=item.exercise,
                                                expected=name)}
        return _run_worker(item, zips.get(item.language, zip_path), name, timeout, cell_timeout)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        outcomes = list(pool.map(grade, items))
    possible = next((sum(s[1] for s in o["scores"].values()) for o in outcomes if o["scores"]),
                    None)
    rows = []
    for item, outcome in zip(items, outcomes, strict=True):
        outcome.setdefault("possible", possible if possible is not None else "")
        rows.append(_row(item, root, questions, outcome))
    columns = ["submission", *questions, "total", "possible", "status", "message"]
    write_csv_atomically(rows, columns, Path(out))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Command line for :func:`grade_folder`."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m course.grade",
        description="Grade submitted exercise notebooks into a CSV gradebook.")
    parser.add_argument("submissions", help="folder of submitted .ipynb files (searched recursively)")
    parser.add_argument("--out", required=True, help="the CSV file to write, e.g. grades.csv")
    parser.add_argument("--exercise", help="exercise name such as 01-what-is-batch "
                        "(default: read from the notebooks)")
    parser.add_argument("--timeout", type=int, default=300,
                        help="seconds allowed for one whole notebook (default 300)")
    parser.add_argument("--cell-timeout", type=int, default=60,
                        help="seconds allowed for one cell before it is interrupted (default 60)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks graded at once (default 2)")
    args = parser.parse_args(argv)
    for option in ("timeout", "cell_timeout", "jobs"):
        if getattr(args, option) < 1:
            parser.error(f"--{option.replace('_', '-')} must be at least 1")
    try:
        rows = grade_folder(args.submissions, args.out, exercise=args.exercise,
                            timeout=args.timeout, cell_timeout=args.cell_timeout, jobs=args.jobs)
    except CourseInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for row in rows:
        print(f"{row['submission']}: {row['total']}/{row['possible']} {row['status']} "
              f"{row['message']}".rstrip())
    print(text(MESSAGES, "wrote", rows=len(rows), path=args.out))
    return 0
