"""Grade ONE submission with otter-grader; run in its own process by :mod:`course.grading.grade`.

``python -m course.grading.worker AUTOGRADER.zip SUBMISSION.ipynb RESULT.json --cell-timeout 60``

Otter executes the notebook with nbconvert, which by default waits forever for a
cell. Here each cell gets ``--cell-timeout`` seconds; a cell that runs longer is
interrupted and execution goes on, so an endless loop in one answer costs only
that answer. The result file holds ``{"scores": {q: [score, possible]}, "error": ...}``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import tempfile
from pathlib import Path


def _limit_cell_time(seconds: int) -> None:
    """Give every cell that otter executes a time limit, after which the kernel is interrupted."""
    import otter.execute
    from traitlets.config import Config

    def config_with_time_limit() -> Config:
        config = Config()
        config.ExecutePreprocessor.timeout = seconds
        config.ExecutePreprocessor.interrupt_on_timeout = True
        return config

    otter.execute.Config = config_with_time_limit  # otter 7.0 builds its Config here


def grade_one(autograder: Path, submission: Path, cell_timeout: int) -> dict:
    """Run otter on ``submission`` and return the scores per question."""
    _limit_cell_time(cell_timeout)
    from otter.run import main as otter_run

    log = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="course-grade-out-") as out, \
            contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        results = otter_run(str(submission), autograder=str(autograder), output_dir=out,
                            no_logo=True)
    if results.has_catastrophic_failure():
        return {"scores": {}, "error": str(results.catastrophic_error)}
    scores = {name: [float(test.score), float(test.possible)]
              for name, test in sorted(results.results.items())}
    return {"scores": scores, "error": None}


def main(argv: list[str] | None = None) -> int:
    """Grade one submission and write the result file; always exit 0 (errors go in the file).

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "result.json"
    >>> main(["no-such-autograder.zip", "no-such-submission.ipynb", str(out)])
    0
    >>> json.loads(out.read_text())["error"].startswith("FileNotFoundError")
    True
    """
    parser = argparse.ArgumentParser(prog="python -m course.grading.worker")
    parser.add_argument("autograder", type=Path)
    parser.add_argument("submission", type=Path)
    parser.add_argument("result", type=Path)
    parser.add_argument("--cell-timeout", type=int, default=60)
    args = parser.parse_args(argv)
    try:
        outcome = grade_one(args.autograder, args.submission, args.cell_timeout)
    except Exception as error:  # a broken submission must not stop the batch
        outcome = {"scores": {}, "error": f"{type(error).__name__}: {error}"[:500]}
    partial = args.result.with_suffix(".part")
    partial.write_text(json.dumps(outcome), encoding="utf-8")
    os.replace(partial, args.result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
