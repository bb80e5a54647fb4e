"""Keep widget answers across kernel restarts, inside the notebook file itself.

A graded widget question shows a small *record* output under itself. When the
learner saves the notebook, that output is saved with it. After a restart,
:func:`recorded_answers` reads the saved record back (read-only), so the
widget and its answer variable come back as they were. The grader passes the
records of a submission in the ``COURSE_RECORDED_ANSWERS`` environment
variable (a JSON file's path), so grading needs only the ``.ipynb``.

>>> bundle = answer_bundle("q3_answer", "B")
>>> bundle[ANSWER_MIME]
{'name': 'q3_answer', 'value': 'B'}
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ANSWER_MIME = "application/vnd.course.answer+json"
ENV_VARIABLE = "COURSE_RECORDED_ANSWERS"

MESSAGES = {
    "en": {
        "recorded": "Recorded: {name} = {value!r}",
    }
}

_source: dict[str, Path | None] = {"notebook": None}


def answer_bundle(name: str, value: Any) -> dict[str, Any]:
    """Return the display bundle that records ``name = value`` in a saved notebook.

    >>> answer_bundle("q1_answer", 3.5)["text/plain"]
    'Recorded: q1_answer = 3.5'
    """
    from course.i18n import text

    return {"text/plain": text(MESSAGES, "recorded", name=name, value=value),
            ANSWER_MIME: {"name": name, "value": value}}


def answers_in_notebook(notebook: dict[str, Any]) -> dict[str, Any]:
    """Collect the recorded answers from a notebook's saved outputs (a parsed ``.ipynb``).

    >>> cell = {"cell_type": "code", "outputs": [{"data": answer_bundle("q2", ["a", "b"])}]}
    >>> answers_in_notebook({"cells": [cell]})
    {'q2': ['a', 'b']}
    """
    found: dict[str, Any] = {}
    for cell in notebook.get("cells", []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []) or []:
            record = (output.get("data") or {}).get(ANSWER_MIME) if isinstance(output, dict) else None
            if isinstance(record, dict) and isinstance(record.get("name"), str):
                found[record["name"]] = record.get("value")
    return found


def restore_answers_from(notebook_path: str | os.PathLike[str]) -> dict[str, Any]:
    """Tell the widgets which saved notebook holds this learner's answers; return them.

    Call it once near the top of an exercise notebook. A missing or unreadable
    file simply means there is nothing to restore.

    >>> restore_answers_from("no-such-notebook.ipynb")
    {}
    """
    _source["notebook"] = Path(notebook_path)
    return recorded_answers()


def recorded_answers() -> dict[str, Any]:
    """Return the answers to restore: from the grader's file if set, else the saved notebook.

    >>> isinstance(recorded_answers(), dict)
    True
    """
    grader_file = os.environ.get(ENV_VARIABLE)
    if grader_file:
        return _read_json(Path(grader_file)) or {}
    notebook = _source["notebook"]
    if notebook is None:
        return {}
    parsed = _read_json(notebook)
    return answers_in_notebook(parsed) if isinstance(parsed, dict) else {}


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
