"""Build fake exercise-01 submissions (right, half right, hostile) from the generated exercise."""

from __future__ import annotations

import json
from pathlib import Path

from course.widgets.record import answer_bundle

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = ROOT / "exercises" / "01-what-is-batch.ipynb"
EXERCISE_JA = ROOT / "exercises" / "ja" / "01-what-is-batch.ipynb"

RIGHT = {
    "serial = ...": (
        'serial = run_batch(paths, mode="serial", io_wait_ms=2)\n'
        'threaded = run_batch(paths, mode="threads", workers=16, io_wait_ms=2)\n'
        "speedup = serial.seconds / threaded.seconds\n"
    ),
    "def compute_hours_per_day": (
        "def compute_hours_per_day(arrivals_per_hour, window_minutes, overhead_seconds, "
        "seconds_per_item):\n"
        "    runs = 24 * 60 / window_minutes\n"
        "    items = arrivals_per_hour * window_minutes / 60\n"
        "    return runs * (overhead_seconds + items * seconds_per_item) / 3600\n"
    ),
    "def process_batch": (
        "def process_batch(paths, out_path, step):\n"
        "    results = [retry(lambda p=p: step(p), attempts=5).value for p in paths]\n"
        "    return write_report(results, out_path)\n"
    ),
}
WIDGETS_RIGHT = {"q1_answer": "batch", "q3_answer": 87.0}


def _load(exercise: Path = EXERCISE) -> dict:
    return json.loads(exercise.read_text(encoding="utf-8"))


def fill(answers: dict[str, str], widgets: dict[str, object],
         extra_cells: list[tuple[int, str]] = (), exercise: Path = EXERCISE) -> dict:
    """Return the exercise notebook with code answers filled in and widget answers saved."""
    notebook = _load(exercise)
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for start, code in answers.items():
            if source.startswith(start):
                cell["source"] = code
        for name, value in widgets.items():
            if f'record_as="{name}"' in source:
                cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                    "data": answer_bundle(name, value)}]
    for position, code in sorted(extra_cells, reverse=True):
        notebook["cells"].insert(position, {"cell_type": "code", "execution_count": None,
                                            "id": f"extra-{position}", "metadata": {},
                                            "outputs": [], "source": code})
    return notebook


def write(folder: Path, name: str, notebook: dict | str | bytes) -> Path:
    path = folder / name
    if isinstance(notebook, dict):
        path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    elif isinstance(notebook, bytes):
        path.write_bytes(notebook)
    else:
        path.write_text(notebook, encoding="utf-8")
    return path


def index_of(notebook: dict, startswith: str) -> int:
    for i, cell in enumerate(notebook["cells"]):
        if "".join(cell["source"]).startswith(startswith):
            return i
    raise KeyError(startswith)
