"""The project's own promises: environment files in step, README and CI run the same tests."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_PACKAGES = {"python", "pip", "-e ."}


def _parse(requirement: str) -> tuple[str, str]:
    """Split 'moto[batch]>=5.1,<6' into ('moto', '>=5.1,<6')."""
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", requirement)
    assert match, requirement
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    spec = ",".join(sorted(part.strip() for part in match.group(3).split(",") if part.strip()))
    return name, spec


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values()
                                              for r in extra]
    return dict(_parse(r) for r in requirements)


def _environment() -> dict[str, str]:
    found = {}
    text = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    for line in text.splitlines():
        item = re.match(r"^\s*-\s+(.+?)\s*$", line)
        if item and item.group(1) not in NOT_PACKAGES and ":" not in item.group(1) \
                and not item.group(1).startswith("python"):
            name, spec = _parse(item.group(1))
            found[name] = spec
    return found


def test_environment_yml_and_pyproject_name_the_same_packages_and_versions():
    pyproject, environment = _pyproject(), _environment()
    assert sorted(environment) == sorted(pyproject)
    differing = {n: (pyproject[n], environment[n]) for n in pyproject if pyproject[n] != environment[n]}
    assert not differing, f"version ranges differ (pyproject, environment.yml): {differing}"


def test_every_dependency_is_pinned_to_a_range():
    for name, spec in _pyproject().items():
        assert ">=" in spec and "<" in spec, f"{name} needs a compatible range, got {spec!r}"


def test_readme_gives_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- commands -->\s*```bash\n(.*?)```", readme, flags=re.DOTALL)
    assert block, "README must show the two commands in a ```bash block after <!-- commands -->"
    commands = [c for c in block.group(1).splitlines() if c.strip() and not c.startswith("#")]
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1].strip() in ci.splitlines(), "CI must call the README's test command"


def test_import_course_is_light():
    code = ("import sys, time; t = time.perf_counter(); import course; "
            "print(time.perf_counter() - t); "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets', 'boto3', 'moto') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, heavy = done.stdout.splitlines()
    assert heavy == "[]", f"import course pulled in {heavy}"


def test_readme_links_point_to_files_that_exist():
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"\]\(((?:notebooks|exercises|docs)/[^)#]+)\)", readme)
    assert links
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, missing


def test_lesson_links_point_to_files_that_exist():
    import json

    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text())["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        for link in re.findall(r"\]\(((?:\.\./)?[\w./-]+\.ipynb)\)", text):
            assert (notebook.parent / link).exists(), f"{notebook.name} links to missing {link}"
