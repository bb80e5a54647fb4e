"""Generate student exercises (and autograders) from the otter-grader masters in ``solutions/``.

``solutions/NN-name.ipynb`` is the single source of an exercise: questions,
solutions, public and hidden tests. ``otter assign`` turns it into a student
notebook (solutions stripped, public tests only) and an autograder zip (all tests).
This module runs it and normalises the student notebook so that regenerating
gives byte-identical files.

Command line::

    python -m course.assign            # regenerate every exercises/NN-*.ipynb (and exercises/ja/)
    python -m course.assign --check    # exit 1 if exercises/ is out of date

Japanese masters (``solutions/ja/NN-name.ipynb``, built by ``python -m course.translate``)
become ``exercises/ja/NN-name.ipynb`` in the same run.

>>> exercise_name("solutions/01-what-is-batch.ipynb")
'01-what-is-batch'
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from course.errors import CourseInputError
from course.i18n import text

MESSAGES = {
    "en": {
        "no_master": "no exercise master found at {path}",
        "otter_failed": "otter assign failed for {name}:\n{output}",
        "wrote": "wrote {path}",
        "up_to_date": "{path} is up to date",
        "stale": "{path} is out of date: run `python -m course.assign`",
    }
}

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
BUILD = ROOT / "build" / "autograder"
TRANSLATED = ("ja",)  # languages whose masters live in solutions/<lang>/


def master_language(master: str | os.PathLike[str]) -> str | None:
    """The language of a master in ``solutions/<lang>/`` (``None`` for the English masters).

    >>> master_language("solutions/ja/01-what-is-batch.ipynb"), master_language("solutions/01-x.ipynb")
    ('ja', None)
    """
    folder = Path(master).parent.name
    return folder if folder in TRANSLATED else None


def exercises_for(master: Path) -> Path:
    """Where the student version of ``master`` goes: ``exercises/`` or ``exercises/<lang>/``.

    >>> exercises_for(Path("solutions/ja/01-x.ipynb")).parts[-2:]
    ('exercises', 'ja')
    """
    language = master_language(master)
    return EXERCISES / language if language else EXERCISES


def translated_masters(names: list[str] | None = None) -> list[Path]:
    """The masters in ``solutions/<lang>/`` (all, or those named), in lesson order."""
    found = [m for lang in TRANSLATED for m in masters(SOLUTIONS / lang)]
    return [m for m in found if not names or m.stem in names]


def exercise_name(master: str | os.PathLike[str]) -> str:
    """The exercise's name: the master's file name without ``.ipynb``.

    >>> exercise_name("x/02-choosing-a-service.ipynb")
    '02-choosing-a-service'
    """
    return Path(master).stem


def masters(folder: Path = SOLUTIONS) -> list[Path]:
    """All exercise masters, in lesson order.

    >>> all(p.suffix == ".ipynb" for p in masters())
    True
    """
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def run_otter_assign(master: Path, out_dir: Path, *, run_tests: bool = False) -> Path:
    """Run ``otter assign`` on ``master`` into ``out_dir``; return ``out_dir``.

    Without ``run_tests`` it runs in this process (otter is imported once, which matters
    when many exercises are generated); with them, in a child process, since running the
    tests starts kernels and changes the working directory.
    """
    if not master.is_file():
        raise CourseInputError(text(MESSAGES, "no_master", path=master))
    if not run_tests:
        import contextlib
        import io

        from otter.assign import main as otter_assign

        log = io.StringIO()
        try:
            with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
                otter_assign(str(master), str(out_dir), no_pdfs=True, no_run_tests=True)
        except Exception as error:
            raise RuntimeError(text(MESSAGES, "otter_failed", name=master.name,
                                    output=f"{log.getvalue()[-3000:]}\n{error!r}")) from error
        return out_dir
    command = [sys.executable, "-m", "otter", "assign", "--no-pdfs", str(master), str(out_dir)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=master.parent)
    if done.returncode != 0:
        raise RuntimeError(text(MESSAGES, "otter_failed", name=master.name,
                                output=(done.stdout + done.stderr)[-4000:]))
    return out_dir


def normalise_student(notebook: dict, name: str, language: str | None = None) -> dict:
    """Make a student notebook deterministic: stable cell ids, no outputs, tagged metadata.

    >>> nb = {"cells": [{"cell_type": "code", "source": "x = ...", "outputs": [1],
    ...                  "execution_count": 3, "id": "random", "metadata": {}}], "metadata": {}}
    >>> out = normalise_student(nb, "01-x")
    >>> out["cells"][0]["id"], out["cells"][0]["outputs"], out["metadata"]["course"]
    ('01-x-000', [], {'exercise': '01-x'})
    """
    for index, cell in enumerate(notebook["cells"]):
        cell["id"] = f"{name}-{index:03d}"
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
    notebook["metadata"].pop("widgets", None)  # saved widget state would leak the solutions
    notebook["metadata"]["course"] = {"exercise": name}
    if language:
        notebook["metadata"]["course"]["language"] = language
    return notebook


def _write_notebook(notebook: dict, path: Path) -> None:
    path.write_text(json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def student_notebook(master: Path) -> str:
    """Return the text of the student notebook generated from ``master``."""
    name = exercise_name(master)
    with tempfile.TemporaryDirectory(prefix="course-assign-") as tmp:
        out = run_otter_assign(master, Path(tmp) / "dist")
        notebook = json.loads((out / "student" / master.name).read_text(encoding="utf-8"))
        target = Path(tmp) / "student.ipynb"
        _write_notebook(normalise_student(notebook, name, master_language(master)), target)
        return target.read_text(encoding="utf-8")


def generate(master: Path, exercises_dir: Path | None = None) -> Path:
    """Write ``exercises_dir/<name>.ipynb`` from ``master``; return its path."""
    exercises_dir = exercises_dir or exercises_for(master)
    exercises_dir.mkdir(parents=True, exist_ok=True)
    target = exercises_dir / master.name
    target.write_text(student_notebook(master), encoding="utf-8")
    return target


def autograder(master: Path, cache_dir: Path = BUILD) -> Path:
    """Return the autograder zip for ``master``, building it (with all tests run) if needed.

    The zip is cached under ``build/autograder`` by a hash of the master's content.
    """
    digest = hashlib.sha256(master.read_bytes()).hexdigest()[:16]
    target = cache_dir / f"{exercise_name(master)}-{digest}.zip"
    if target.is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="course-autograder-") as tmp:
        out = run_otter_assign(master, Path(tmp) / "dist", run_tests=True)
        [built] = (out / "autograder").glob("*.zip")
        partial = target.with_suffix(".zip.part")
        shutil.copyfile(built, partial)
        os.replace(partial, target)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: regenerate exercises, or ``--check`` that they are up to date."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m course.assign",
                                     description="Generate exercises/ from solutions/.")
    parser.add_argument("names", nargs="*", help="exercise names such as 01-what-is-batch "
                        "(default: all)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if any exercise is out of date")
    args = parser.parse_args(argv)
    chosen = [m for m in masters() if not args.names or m.stem in args.names]
    if args.names and len(chosen) != len(args.names):
        known = ", ".join(m.stem for m in masters())
        parser.error(f"unknown exercise name in {args.names}; known: {known}")
    stale = 0
    chosen += translated_masters([m.stem for m in chosen])
    for master in chosen:
        target = exercises_for(master) / master.name
        if args.check:
            fresh = student_notebook(master)
            same = target.is_file() and target.read_text(encoding="utf-8") == fresh
            stale += not same
            print(text(MESSAGES, "up_to_date" if same else "stale", path=target))
        else:
            print(text(MESSAGES, "wrote", path=generate(master)))
    return 1 if stale else 0
