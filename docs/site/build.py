"""Build the static reading site of the course into ``OUT/html`` (default ``OUT = build/site``).

    python docs/site/build.py [--out build/site]

Every lesson in ``notebooks/`` named ``NN-slug.ipynb`` becomes a page, in the order of its
number, with the outputs saved in the notebook (nothing is executed). There is no hand-kept list
of lessons: ``index.md`` takes them with a glob, so a new lesson appears on its next build.

Sphinx reads only its source folder, so the script first stages what the site needs in
``OUT/src``: this folder's ``index.md``, the lessons, and the exercises (as download targets for
the lessons' "Exercise" links). A staged lesson keeps its cells and outputs as saved (see
``for_the_site`` for the two small changes). ``conf.py`` stays here and is passed with ``-c``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LESSON = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")


def lessons(folder: Path = ROOT / "notebooks") -> list[Path]:
    """Return the lesson notebooks of ``folder`` in lesson order (``NN-slug.ipynb`` only)."""
    return sorted(p for p in folder.iterdir() if LESSON.match(p.name))


def for_the_site(lesson: Path) -> str:
    """Return the text of ``lesson`` as the site reads it; cells and outputs are kept as saved.

    Two things change. A lesson links its exercise as ``../exercises/NN-slug.ipynb``, which Sphinx
    would take for a missing page; the ``path:`` scheme makes MyST publish the file as a download.
    The saved widget state (``metadata.widgets``) is dropped: no widget can run in a static page,
    and it would add about 100 kB of unused JSON to every page.
    """
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    notebook["metadata"].pop("widgets", None)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            cell["source"] = source.replace("](../exercises/", "](path:../exercises/")
    return json.dumps(notebook, ensure_ascii=False)


def stage(src: Path) -> None:
    """Copy the index, the lessons and the exercises into a fresh staging folder ``src``."""
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    (src / "exercises").mkdir()
    shutil.copy2(HERE / "index.md", src / "index.md")
    for lesson in lessons():
        (src / "notebooks" / lesson.name).write_text(for_the_site(lesson), encoding="utf-8")
    for exercise in lessons(ROOT / "exercises"):
        shutil.copy2(exercise, src / "exercises" / exercise.name)


def build(out: Path, jobs: str = "auto") -> int:
    """Stage the sources and run Sphinx; return Sphinx's exit status."""
    from sphinx.cmd.build import build_main

    out = out.resolve()
    stage(out / "src")
    args = ["-b", "html", "-c", str(HERE), "-d", str(out / "doctrees"), "-q", "-j", jobs,
            str(out / "src"), str(out / "html")]
    return build_main(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site",
                        help="output folder (default: build/site); the site goes to OUT/html")
    parser.add_argument("-j", "--jobs", default="auto", help="Sphinx worker processes (default: auto)")
    args = parser.parse_args(argv)
    status = build(args.out, args.jobs)
    if status == 0:
        html = args.out.resolve() / "html"
        print(f"Site built: {html / 'index.html'}")
        print(f"View it:    python -m http.server -d {html} 8000   then open http://127.0.0.1:8000/")
    return status


if __name__ == "__main__":
    sys.exit(main())
