"""The set-up check that every learner (and every workshop attendee) runs first.

>>> report = check_environment()
>>> {"package", "needed", "installed", "ok", "advice"} <= set(report[0])
True
"""

from __future__ import annotations

import sys
from importlib import metadata

from course.i18n import text

MESSAGES = {
    "en": {
        "missing": "{package} is not installed. Run the README's set-up command again "
                   "(it installs everything into .venv).",
        "too_old": "{package} {installed} is older than {needed}. Run the README's set-up "
                   "command again to upgrade it.",
        "python_old": "Python {installed} is too old: the course needs Python {needed} or newer.",
        "widgets_mismatch": "ipywidgets {kernel} and jupyterlab_widgets {lab} do not belong "
                            "together: widgets would show 'Error displaying widget'. Reinstall "
                            "both with the README's set-up command.",
        "all_good": "All {count} checks passed: you are ready to start.",
        "some_bad": "{count} problem(s) found. Fix them before you go on:",
        "ok": "ok",
    }
}

# The lowest versions the course is tested with (kept in step with pyproject.toml).
REQUIRED: dict[str, str] = {
    "ipywidgets": "8.1",
    "jupyterlab_widgets": "3.0",
    "numpy": "2.0",
    "pandas": "2.2",
    "matplotlib": "3.9",
    "botocore": "1.40",
    "boto3": "1.40",
    "otter-grader": "7.0",
}


def _version_tuple(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def check_environment(required: dict[str, str] | None = None) -> list[dict[str, object]]:
    """Check Python and each required package; return one row per check.

    Each row has ``package``, ``needed``, ``installed``, ``ok`` and ``advice``
    (empty when all is well).

    >>> rows = check_environment({"no-such-package-xyz": "1.0"})
    >>> rows[-1]["ok"], rows[-1]["installed"]
    (False, None)
    """
    python = ".".join(str(p) for p in sys.version_info[:3])
    rows: list[dict[str, object]] = [{
        "package": "python", "needed": "3.11", "installed": python,
        "ok": sys.version_info >= (3, 11),
        "advice": "" if sys.version_info >= (3, 11)
        else text(MESSAGES, "python_old", installed=python, needed="3.11"),
    }]
    for package, needed in (REQUIRED if required is None else required).items():
        try:
            installed: str | None = metadata.version(package)
        except metadata.PackageNotFoundError:
            installed = None
        if installed is None:
            ok, advice = False, text(MESSAGES, "missing", package=package)
        elif _version_tuple(installed) < _version_tuple(needed):
            ok, advice = False, text(MESSAGES, "too_old", package=package,
                                     installed=installed, needed=needed)
        else:
            ok, advice = True, ""
        rows.append({"package": package, "needed": needed, "installed": installed,
                     "ok": ok, "advice": advice})
    if required is None:
        rows.append(_widgets_pair())
    return rows


def _widgets_pair() -> dict[str, object]:
    """ipywidgets 8 needs jupyterlab_widgets 3: a mismatch breaks widgets in the browser."""
    try:
        kernel = metadata.version("ipywidgets")
        lab = metadata.version("jupyterlab_widgets")
    except metadata.PackageNotFoundError:
        return {"package": "widgets pair", "needed": "8 + 3", "installed": None, "ok": False,
                "advice": text(MESSAGES, "missing", package="ipywidgets/jupyterlab_widgets")}
    ok = _version_tuple(kernel)[:1] == (8,) and _version_tuple(lab)[:1] == (3,)
    return {"package": "widgets pair", "needed": "8 + 3", "installed": f"{kernel} + {lab}",
            "ok": ok, "advice": "" if ok else text(MESSAGES, "widgets_mismatch",
                                                   kernel=kernel, lab=lab)}


def summary(rows: list[dict[str, object]]) -> str:
    """Turn the rows of :func:`check_environment` into a short verdict for the learner.

    >>> summary([{"package": "x", "ok": True, "advice": ""}])
    'All 1 checks passed: you are ready to start.'
    """
    bad = [row for row in rows if not row["ok"]]
    if not bad:
        return text(MESSAGES, "all_good", count=len(rows))
    lines = [text(MESSAGES, "some_bad", count=len(bad))]
    lines += [f"  - {row['advice']}" for row in bad]
    return "\n".join(lines)
