"""Build the Japanese edition from the English notebooks and gettext catalogues.

The English notebooks stay the only source of code. A catalogue per notebook,
``course/locale/ja/<kind>/<name>.po`` (``kind`` is ``notebooks`` or ``solutions``),
holds the translations of

- every markdown cell (``msgid`` = the whole cell; no ``msgctxt``);
- every string literal that a code cell passes to ``MultipleChoice``, ``Numeric``,
  ``Ordering``, ``Quiz`` or ``show`` (``msgctxt "code"``; the widgets look these up
  at run time, see :func:`course.i18n.translate`);
- in exercise masters, the ``failure_message`` of each public test
  (``msgctxt "failure_message"``).

``course/locale/ja/course.po`` translates the library's ``MESSAGES`` catalogues
(``msgctxt "<module>:<key>"``).

Command line (see docs/translating.md)::

    python -m course.translate extract 02-choosing-a-service   # create/update its catalogues
    python -m course.translate extract --library course.batching
    python -m course.translate build                           # write notebooks/ja, solutions/ja
    python -m course.translate check                           # exit 1 on any problem

>>> rewrite_link("../exercises/01-what-is-batch.ipynb")
'../../exercises/ja/01-what-is-batch.ipynb'
>>> rewrite_link("02-choosing-a-service.ipynb"), rewrite_link("https://aws.amazon.com/batch/")
('02-choosing-a-service.ipynb', 'https://aws.amazon.com/batch/')
"""

from __future__ import annotations

import ast
import copy
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

from course.errors import CourseInputError
from course.i18n import CODE_CONTEXT, LOCALE_DIR, placeholders

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("notebooks", "solutions")
LANG = "ja"
MARKDOWN_CONTEXT = None
FAILURE_CONTEXT = "failure_message"
LANGUAGE_CELL_ID = "ja-language"
LANGUAGE_CELL_TAG = "course-language"
LANGUAGE_CELL = ('# 日本語版: ウィジェット、フィードバック、図の表示を日本語にします。\n'
                 'import course.i18n\n\nprint("コースの表示言語:", course.i18n.set_language("ja"))')
WIDGET_CALLS = {"MultipleChoice", "Numeric", "Ordering", "Quiz", "show"}
WIDGET_TEXT_KEYWORDS = {"prompt", "options", "items", "explanation", "hint", "unit", "fallback"}
FAILURE_LINE = re.compile(r"^(?P<lead>\s*failure_message:\s*)(?P<value>.+?)\s*$", re.MULTILINE)
LINK = re.compile(r"(\]\()(?P<target>[^)\s]+)(\))")
CODE_SPAN = re.compile(r"`[^`\n]+`")
URL = re.compile(r"https?://[^\s)>\]]+")
HEADER = {
    "Project-Id-Version": "batch-on-aws-course",
    "Language": LANG,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


@dataclass(frozen=True)
class Message:
    """One translatable text of a source: where it is, its context and the English text.

    >>> Message("notebooks/00-start-here.ipynb:c000", None, "# 00 · Start here").context_label
    'markdown'
    """

    where: str
    context: str | None
    english: str

    @property
    def context_label(self) -> str:
        return self.context or "markdown"


# --- sources and catalogue paths ------------------------------------------------------------------

def source_path(kind: str, name: str, root: Path = ROOT) -> Path:
    """The English notebook ``<kind>/<name>.ipynb``.

    >>> source_path("notebooks", "00-start-here").name
    '00-start-here.ipynb'
    """
    if kind not in KINDS:
        raise CourseInputError(f"kind={kind!r} is not allowed. Allowed: {', '.join(map(repr, KINDS))}.")
    return root / kind / f"{name}.ipynb"


def target_path(kind: str, name: str, root: Path = ROOT) -> Path:
    """The Japanese notebook built from ``<kind>/<name>.ipynb``.

    >>> target_path("solutions", "01-what-is-batch").parts[-3:]
    ('solutions', 'ja', '01-what-is-batch.ipynb')
    """
    return root / kind / LANG / f"{name}.ipynb"


def catalog_path(kind: str, name: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """The catalogue of one notebook.

    >>> catalog_path("notebooks", "00-start-here").parts[-3:]
    ('ja', 'notebooks', '00-start-here.po')
    """
    return locale_dir / LANG / kind / f"{name}.po"


def library_path(locale_dir: Path = LOCALE_DIR) -> Path:
    """The catalogue of the library's ``MESSAGES`` (``course/locale/ja/course.po``)."""
    return locale_dir / LANG / "course.po"


def translated_notebooks(locale_dir: Path = LOCALE_DIR) -> list[tuple[str, str]]:
    """``(kind, name)`` of every notebook that has a catalogue, in order.

    >>> ("notebooks", "00-start-here") in translated_notebooks()
    True
    """
    return [(kind, p.stem) for kind in KINDS for p in sorted((locale_dir / LANG / kind).glob("*.po"))]


def english_notebooks(root: Path = ROOT) -> list[tuple[str, str]]:
    """``(kind, name)`` of every English lesson and exercise master."""
    return [(kind, p.stem) for kind in KINDS for p in sorted((root / kind).glob("[0-9][0-9]-*.ipynb"))]


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


# --- extraction -------------------------------------------------------------------------------------

def _python(source: str) -> str:
    """Cell source with IPython-only lines (``%magic``, ``!shell``) blanked, so that ``ast`` parses it.

    >>> _python("%matplotlib inline\\nx = 1")
    '\\nx = 1'
    """
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n"))


def _strings(node: ast.AST) -> Iterator[str]:
    """String constants in ``node``: a literal, or a list/tuple of them (recursively)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            yield from _strings(item)


def code_strings(source: str) -> list[str]:
    """Strings a code cell passes to quiz widgets or to ``show(widget, fallback)``, in order.

    >>> code_strings('MultipleChoice("Why?", ["a", "b"], answer="a", hint="Look.", record_as="q1")')
    ['Why?', 'a', 'b', 'Look.']
    >>> code_strings('show(w, "[a chart]")')
    ['[a chart]']
    """
    try:
        tree = ast.parse(_python(source))
    except SyntaxError:
        return []
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in WIDGET_CALLS or name == "Quiz":
            continue
        args = node.args[1:2] if name == "show" else node.args[:2]
        for arg in args:
            found.extend(_strings(arg))
        for keyword in node.keywords:
            if keyword.arg in WIDGET_TEXT_KEYWORDS:
                found.extend(_strings(keyword.value))
    return _unique(found)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i.strip()))


def failure_messages(source: str) -> list[str]:
    """The ``failure_message`` values of otter test configs in a cell.

    >>> failure_messages('\"\"\" # BEGIN TEST CONFIG\\nfailure_message: "Not yet. Try."\\n\"\"\"')
    ['Not yet. Try.']
    """
    import yaml

    found = []
    for match in FAILURE_LINE.finditer(source):
        value = yaml.safe_load(match.group("value"))
        if isinstance(value, str):
            found.append(value)
    return found


def messages(notebook: dict, label: str) -> list[Message]:
    """Every translatable text of a parsed English notebook; ``label`` names it in locations.

    >>> nb = {"cells": [{"cell_type": "markdown", "id": "c0", "source": "## Hi"},
    ...                 {"cell_type": "code", "id": "c1", "source": 'show(w, "[w]")'}]}
    >>> [(m.where, m.context, m.english) for m in messages(nb, "x.ipynb")]
    [('x.ipynb:c0', None, '## Hi'), ('x.ipynb:c1', 'code', '[w]')]
    """
    found: list[Message] = []
    for index, cell in enumerate(notebook["cells"]):
        where = f"{label}:{cell.get('id') or index}"
        source = _source(cell)
        if cell["cell_type"] == "markdown" and source.strip():
            found.append(Message(where, MARKDOWN_CONTEXT, source))
        elif cell["cell_type"] == "code":
            found += [Message(where, CODE_CONTEXT, s) for s in code_strings(source)]
        if cell["cell_type"] in ("code", "raw"):
            found += [Message(where, FAILURE_CONTEXT, s) for s in failure_messages(source)]
    return found


def library_messages(package: Path = ROOT / "course") -> dict[str, list[Message]]:
    """``{module: [Message]}`` for every ``*MESSAGES = {"en": {...}}`` catalogue in the library.

    Read with ``ast`` (nothing is imported). Message contexts are ``module:key``, or
    ``module.VARIABLE:key`` for a catalogue with another name.

    >>> found = library_messages()
    >>> [m.context for m in found["course.errors"]][:2]
    ['course.errors:not_allowed', 'course.errors:did_you_mean']
    """
    found: dict[str, list[Message]] = {}
    for path in sorted(package.rglob("*.py")):
        module = ".".join(path.relative_to(package.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            target = (node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1
                      else node.target if isinstance(node, ast.AnnAssign) and node.value is not None
                      else None)
            if not (isinstance(target, ast.Name) and target.id.endswith("MESSAGES")):
                continue
            try:
                catalog = ast.literal_eval(node.value)
            except ValueError:
                continue
            if not (isinstance(catalog, dict) and isinstance(catalog.get("en"), dict)):
                continue
            prefix = module if target.id == "MESSAGES" else f"{module}.{target.id}"
            where = f"{path.relative_to(package.parent).as_posix()}:{node.lineno}"
            found.setdefault(module, []).extend(
                Message(where, f"{prefix}:{key}", value) for key, value in catalog["en"].items())
    return found


# --- catalogues ---------------------------------------------------------------------------------------

def _new_catalog() -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = dict(HEADER)
    return catalog


def template(found: list[Message]) -> polib.POFile:
    """A catalogue with one untranslated entry per distinct ``(context, English)``, in source order."""
    catalog = _new_catalog()
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    for message in found:
        key = (message.context, message.english)
        if key not in entries:
            entries[key] = polib.POEntry(msgctxt=message.context, msgid=message.english, msgstr="")
            catalog.append(entries[key])
        file, _, line = message.where.rpartition(":")
        entries[key].occurrences.append((file, line))
    return catalog


def merge(old: polib.POFile | None, new: polib.POFile) -> polib.POFile:
    """Carry the translations of ``old`` into the template ``new`` (like gettext's ``msgmerge``).

    - same context and English text: the translation is kept (and stays fuzzy if it was);
    - the English text at the same place changed: the old translation is kept, marked
      ``fuzzy``, with the old English as ``#| msgid`` so the translator sees the change;
    - entries whose text is gone become obsolete (``#~``), for the translator to delete.

    >>> old = template([Message("x:c1", None, "Hello")])
    >>> old[0].msgstr = "こんにちは"
    >>> merged = merge(old, template([Message("x:c1", None, "Hello!")]))
    >>> merged[0].msgstr, merged[0].fuzzy, merged[0].previous_msgid
    ('こんにちは', True, 'Hello')
    """
    if old is None:
        return new
    by_key = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    used: set[int] = set()
    for entry in new:
        previous = by_key.get((entry.msgctxt, entry.msgid))
        if previous is not None:
            entry.msgstr = previous.msgstr
            entry.tcomment = previous.tcomment
            entry.flags = list(previous.flags)
            used.add(id(previous))
    for entry in new:
        if entry.msgstr:
            continue
        places = _places(entry)
        for previous in old:
            if (id(previous) in used or previous.obsolete or not previous.msgstr
                    or previous.msgctxt != entry.msgctxt or not places & _places(previous)):
                continue
            entry.msgstr, entry.tcomment = previous.msgstr, previous.tcomment
            entry.flags = sorted(set(previous.flags) | {"fuzzy"})
            entry.previous_msgid = previous.msgid
            used.add(id(previous))
            break
    for previous in old:
        if id(previous) not in used and previous.msgstr:
            gone = copy.copy(previous)
            gone.obsolete, gone.occurrences = True, []
            new.append(gone)
    new.metadata = dict(old.metadata or HEADER)
    return new


def _places(entry: polib.POEntry) -> set[str]:
    """An entry's locations as ``file:cell`` strings (polib reads ``a.ipynb:c001`` back as one file)."""
    return {f"{file}:{line}" if line else file for file, line in entry.occurrences}


def _load(path: Path) -> polib.POFile | None:
    return polib.pofile(str(path), wrapwidth=0) if path.is_file() else None


def extract_notebook(kind: str, name: str, root: Path = ROOT, locale_dir: Path = LOCALE_DIR) -> Path:
    """Create or update the catalogue of ``<kind>/<name>.ipynb``; return its path."""
    source = source_path(kind, name, root)
    if not source.is_file():
        raise CourseInputError(f"no English notebook at {source}")
    found = messages(_read(source), f"{kind}/{name}.ipynb")
    path = catalog_path(kind, name, locale_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    merge(_load(path), template(found)).save(str(path))
    return path


def extract_library(modules: list[str], locale_dir: Path = LOCALE_DIR, root: Path = ROOT) -> Path:
    """Add ``modules`` to ``course.po`` (and update the modules already in it); return its path."""
    available = library_messages(root / "course")
    path = library_path(locale_dir)
    old = _load(path)
    wanted = set(modules) | library_modules(old, available)
    unknown = sorted(set(modules) - set(available))
    if unknown:
        raise CourseInputError(f"modules={unknown!r} have no MESSAGES catalogue. "
                               f"Allowed: {', '.join(sorted(available))}.")
    found = [m for module in sorted(wanted) for m in available[module]]
    path.parent.mkdir(parents=True, exist_ok=True)
    merge(old, template(found)).save(str(path))
    return path


def library_modules(catalog: polib.POFile | None, available: dict[str, list[Message]]) -> set[str]:
    """The modules whose messages ``catalog`` (``course.po``) already covers."""
    present = {(e.msgctxt or "").split(":", 1)[0] for e in catalog or [] if not e.obsolete}
    return {module for module, found in available.items()
            if any(m.context.split(":", 1)[0] in present for m in found)}


# --- building -------------------------------------------------------------------------------------

def translations(catalog: polib.POFile | None) -> dict[tuple[str | None, str], str]:
    """``{(context, English): Japanese}`` for the finished (translated, not fuzzy) entries."""
    if catalog is None:
        return {}
    return {(e.msgctxt, e.msgid): e.msgstr for e in catalog.translated_entries() if not e.obsolete}


def rewrite_link(target: str) -> str:
    """A relative link of an English notebook, rewritten for the ``ja/`` folder one level deeper.

    Links to lessons, exercises or masters in another folder go to their Japanese
    edition; links to sibling notebooks stay (the sibling is in ``ja/`` too); other
    relative links gain one ``../``.

    >>> rewrite_link("../README.md"), rewrite_link("#key-points"), rewrite_link("figure.png")
    ('../../README.md', '#key-points', '../figure.png')
    """
    if re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", target):
        return target
    folder = re.match(r"^\.\./(notebooks|exercises|solutions)/([0-9][0-9]-[\w.-]+\.ipynb(?:#.*)?)$", target)
    if folder:
        return f"../../{folder.group(1)}/{LANG}/{folder.group(2)}"
    if re.match(r"^[0-9][0-9]-[\w.-]+\.ipynb(#.*)?$", target):
        return target
    return f"../{target}"


def rewrite_links(markdown: str) -> str:
    """Apply :func:`rewrite_link` to every Markdown link target in ``markdown``.

    >>> rewrite_links("[演習](../exercises/01-what-is-batch.ipynb)")
    '[演習](../../exercises/ja/01-what-is-batch.ipynb)'
    """
    return LINK.sub(lambda m: m.group(1) + rewrite_link(m.group("target")) + m.group(3), markdown)


def _swap_failure_messages(source: str, done: dict[tuple[str | None, str], str]) -> str:
    import yaml

    def swap(match: re.Match) -> str:
        english = yaml.safe_load(match.group("value"))
        japanese = done.get((FAILURE_CONTEXT, english)) if isinstance(english, str) else None
        if japanese is None:
            return match.group(0)
        return match.group("lead") + json.dumps(japanese, ensure_ascii=False)

    return FAILURE_LINE.sub(swap, source)


def language_cell() -> dict:
    """The code cell that every Japanese notebook runs first: it switches the course to Japanese."""
    return {"cell_type": "code", "execution_count": None, "id": LANGUAGE_CELL_ID,
            "metadata": {"tags": [LANGUAGE_CELL_TAG]}, "outputs": [], "source": LANGUAGE_CELL}


def build_notebook(kind: str, name: str, root: Path = ROOT, locale_dir: Path = LOCALE_DIR,
                   previous: dict | None = None) -> dict:
    """Return the Japanese notebook for ``<kind>/<name>.ipynb`` (parsed JSON), without running it.

    Markdown is replaced by its translation (links rewritten for ``ja/``), code cells are
    copied unchanged, failure messages are swapped, and the language cell goes before the
    first code cell. Outputs of ``previous`` (the committed Japanese notebook) are kept
    for code cells whose source did not change, so building twice changes nothing.
    """
    english = _read(source_path(kind, name, root))
    done = translations(_load(catalog_path(kind, name, locale_dir)))
    notebook = copy.deepcopy(english)
    for cell in notebook["cells"]:
        source = _source(cell)
        if cell["cell_type"] == "markdown":
            cell["source"] = rewrite_links(done.get((MARKDOWN_CONTEXT, source), source))
        elif cell["cell_type"] in ("code", "raw"):
            cell["source"] = _swap_failure_messages(source, done)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
            cell.get("metadata", {}).pop("execution", None)
    first_code = next((i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code"),
                      len(notebook["cells"]))
    notebook["cells"].insert(first_code, language_cell())
    notebook["metadata"].pop("widgets", None)
    notebook["metadata"]["course"] = {"language": LANG, "source": f"{kind}/{name}.ipynb"}
    if previous is not None:
        _keep_outputs(notebook, previous)
    return notebook


def _keep_outputs(notebook: dict, previous: dict) -> None:
    old = {c.get("id"): c for c in previous.get("cells", []) if c.get("cell_type") == "code"}
    for cell in notebook["cells"]:
        before = old.get(cell.get("id"))
        if cell["cell_type"] == "code" and before is not None and _source(before) == cell["source"]:
            cell["outputs"] = before.get("outputs", [])
            cell["execution_count"] = before.get("execution_count")
            if "execution" in before.get("metadata", {}):
                cell["metadata"]["execution"] = before["metadata"]["execution"]
    if "widgets" in previous.get("metadata", {}):
        notebook["metadata"]["widgets"] = previous["metadata"]["widgets"]


def notebook_text(notebook: dict) -> str:
    """Serialise a notebook the way Jupyter saves it (one-space indent, sorted keys, UTF-8)."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def build(kind: str, name: str, root: Path = ROOT, locale_dir: Path = LOCALE_DIR,
          out_root: Path | None = None) -> Path:
    """Write the Japanese notebook of ``<kind>/<name>.ipynb`` under ``out_root`` (default: the repo)."""
    target = target_path(kind, name, out_root or root)
    previous = _read(target) if target.is_file() else None
    notebook = build_notebook(kind, name, root, locale_dir, previous)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(notebook_text(notebook), encoding="utf-8")
    return target


# --- checks -------------------------------------------------------------------------------------------

def catalog_problems(path: Path, expected: list[Message] | None = None, *,
                     library: bool = False) -> list[str]:
    """What is wrong with one catalogue: untranslated, fuzzy, obsolete, stale or broken entries.

    ``expected`` are the messages the English source holds now (``None``: do not compare).
    """
    catalog = _load(path)
    if catalog is None:
        return [f"{path}: missing"]
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    problems = [f"{name}: untranslated: {_short(e.msgid)}" for e in catalog.untranslated_entries()
                if not e.obsolete]
    problems += [f"{name}: fuzzy (check the translation, then delete the fuzzy flag): "
                 f"{_short(e.msgid)}" for e in catalog.fuzzy_entries()]
    problems += [f"{name}: obsolete (delete the #~ entry): {_short(e.msgid)}"
                 for e in catalog.obsolete_entries()]
    for entry in catalog.translated_entries():
        if entry.obsolete:
            continue
        problems += [f"{name}: {p}: {_short(entry.msgid)}" for p in entry_problems(entry, library=library)]
    if expected is not None:
        have = {(e.msgctxt, e.msgid) for e in catalog if not e.obsolete}
        missing = [m for m in expected if (m.context, m.english) not in have]
        problems += [f"{name}: not extracted yet (run extract): {_short(m.english)}" for m in missing]
        wanted = {(m.context, m.english) for m in expected}
        problems += [f"{name}: no longer in the English source (run extract): {_short(e.msgid)}"
                     for e in catalog if not e.obsolete and (e.msgctxt, e.msgid) not in wanted]
    return problems


def entry_problems(entry: polib.POEntry, *, library: bool = False) -> list[str]:
    """Placeholders, code spans and URLs that a translation lost or changed.

    >>> e = polib.POEntry(msgctxt="m:k", msgid="{n} jobs", msgstr="{count} 個のジョブ")
    >>> entry_problems(e, library=True)
    ["placeholders differ: {'n'} vs {'count'}"]
    """
    problems = []
    if library:
        try:
            want, got = placeholders(entry.msgid), placeholders(entry.msgstr)
        except ValueError as error:
            return [f"bad braces ({error})"]
        if want != got:
            problems.append(f"placeholders differ: {want} vs {got}")
        return problems
    lost_code = [s for s in CODE_SPAN.findall(entry.msgid) if s not in entry.msgstr]
    if lost_code:
        problems.append(f"code spans missing or changed: {lost_code[:3]}")
    lost_urls = [u for u in URL.findall(entry.msgid) if u not in entry.msgstr]
    if lost_urls:
        problems.append(f"URLs missing or changed: {lost_urls[:3]}")
    links = [t for t in re.findall(r"\]\(([^)\s]+)\)", entry.msgid) if t not in entry.msgstr]
    if links:
        problems.append(f"link targets missing or changed: {links[:3]}")
    return problems


def _short(value: str, width: int = 70) -> str:
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


def comparable_code(source: str) -> str:
    """A code cell's source with failure messages blanked (the one thing translation may change).

    >>> comparable_code('failure_message: "Not yet."') == comparable_code('failure_message: "まだです。"')
    True
    """
    return FAILURE_LINE.sub(lambda m: m.group("lead") + "…", source)


def code_problems(kind: str, name: str, root: Path = ROOT) -> list[str]:
    """Differences between the code cells of a Japanese notebook and its English source."""
    target = target_path(kind, name, root)
    if not target.is_file():
        return [f"{kind}/ja/{name}.ipynb: missing (run build)"]
    english = [comparable_code(_source(c)) for c in _read(source_path(kind, name, root))["cells"]
               if c["cell_type"] == "code"]
    cells = [c for c in _read(target)["cells"] if c["cell_type"] == "code"]
    injected = [c for c in cells if c.get("id") == LANGUAGE_CELL_ID]
    japanese = [comparable_code(_source(c)) for c in cells if c.get("id") != LANGUAGE_CELL_ID]
    problems = [] if len(injected) == 1 and _source(injected[0]) == LANGUAGE_CELL else [
        f"{kind}/ja/{name}.ipynb: needs exactly one language cell (run build)"]
    if japanese != english:
        problems.append(f"{kind}/ja/{name}.ipynb: code cells differ from {kind}/{name}.ipynb (run build)")
    return problems


def without_outputs(notebook: dict) -> dict:
    """A copy of a notebook without outputs, execution counts and timings (to compare builds)."""
    bare = copy.deepcopy(notebook)
    for cell in bare["cells"]:
        cell["source"] = _source(cell)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cell.get("metadata", {}).pop("execution", None)
    bare["metadata"].pop("widgets", None)
    return bare


def stale_problems(kind: str, name: str, root: Path = ROOT, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Whether the committed Japanese notebook equals a fresh build (outputs ignored)."""
    target = target_path(kind, name, root)
    if not target.is_file():
        return [f"{kind}/ja/{name}.ipynb: missing (run build)"]
    fresh = without_outputs(build_notebook(kind, name, root, locale_dir))
    if without_outputs(_read(target)) != fresh:
        return [f"{kind}/ja/{name}.ipynb: out of date with its English source or catalogue "
                f"(run build, then execute it)"]
    return []


def conflicts(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Code strings translated differently in two catalogues (widgets look them up by English text).

    >>> conflicts()
    []
    """
    seen: dict[str, tuple[str, str]] = {}
    problems = []
    for kind, name in translated_notebooks(locale_dir):
        for entry in _load(catalog_path(kind, name, locale_dir)) or []:
            if entry.msgctxt != CODE_CONTEXT or not entry.msgstr or entry.obsolete:
                continue
            first = seen.setdefault(entry.msgid, (entry.msgstr, f"{kind}/{name}.po"))
            if first[0] != entry.msgstr:
                problems.append(f"{kind}/{name}.po translates {_short(entry.msgid)} as "
                                f"{_short(entry.msgstr)}, but {first[1]} as {_short(first[0])}: "
                                f"use one translation")
    return problems


def check(root: Path = ROOT, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Every problem of the Japanese edition; an empty list means it is complete and up to date."""
    problems: list[str] = []
    for kind, name in translated_notebooks(locale_dir):
        source = source_path(kind, name, root)
        if not source.is_file():
            problems.append(f"{catalog_path(kind, name, locale_dir)}: no English notebook {source}")
            continue
        expected = messages(_read(source), f"{kind}/{name}.ipynb")
        problems += catalog_problems(catalog_path(kind, name, locale_dir), expected)
        problems += code_problems(kind, name, root) or stale_problems(kind, name, root, locale_dir)
    problems += conflicts(locale_dir)
    library = library_path(locale_dir)
    if library.is_file():
        available = library_messages(root / "course")
        modules = library_modules(_load(library), available)
        expected = [m for module in sorted(modules) for m in available[module]]
        problems += catalog_problems(library, expected, library=True)
    for kind in KINDS:
        built = sorted((root / kind / LANG).glob("*.ipynb"))
        orphans = [p for p in built if not catalog_path(kind, p.stem, locale_dir).is_file()]
        problems += [f"{p.relative_to(root)}: has no catalogue" for p in orphans]
    return problems


# --- command line -----------------------------------------------------------------------------------

def _resolve(names: list[str], root: Path = ROOT) -> list[tuple[str, str]]:
    """Turn ``02-choosing-a-service`` or ``solutions/02-choosing-a-service`` into ``(kind, name)``s."""
    chosen: list[tuple[str, str]] = []
    for raw in names:
        kind, _, name = raw.removesuffix(".ipynb").rpartition("/")
        kinds = [kind.split("/")[0]] if kind else list(KINDS)
        found = [(k, name) for k in kinds if source_path(k, name, root).is_file()]
        if not found:
            known = ", ".join(sorted({n for _, n in english_notebooks(root)}))
            raise CourseInputError(f"names={raw!r} is not an English notebook. Allowed: {known}.")
        chosen += found
    return list(dict.fromkeys(chosen))


def main(argv: list[str] | None = None) -> int:
    """``python -m course.translate {extract,build,check}``; see the module docstring."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m course.translate",
                                     description="Japanese edition: extract catalogues, build, check.")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="create or update .po catalogues from English")
    extract.add_argument("names", nargs="*", help="e.g. 02-choosing-a-service or solutions/02-…")
    extract.add_argument("--all", action="store_true", help="every lesson and master, every module")
    extract.add_argument("--library", nargs="*", default=None, metavar="MODULE",
                         help="add these modules' MESSAGES to course.po (no names: update it)")
    build_cmd = commands.add_parser("build", help="write notebooks/ja and solutions/ja")
    build_cmd.add_argument("names", nargs="*", help="default: every notebook with a catalogue")
    commands.add_parser("check", help="exit 1 if anything is untranslated, fuzzy or out of date")
    args = parser.parse_args(argv)
    try:
        if args.command == "extract":
            chosen = english_notebooks() if args.all else _resolve(args.names)
            for kind, name in chosen:
                print(f"wrote {extract_notebook(kind, name).relative_to(ROOT)}")
            if args.all or args.library is not None:
                modules = sorted(library_messages()) if args.all else args.library
                print(f"wrote {extract_library(modules).relative_to(ROOT)}")
        elif args.command == "build":
            for kind, name in _resolve(args.names) if args.names else translated_notebooks():
                print(f"wrote {build(kind, name).relative_to(ROOT)}")
        else:
            problems = check()
            for problem in problems:
                print(problem)
            print(f"{len(problems)} problem(s)" if problems else "Japanese edition: complete and up to date")
            return 1 if problems else 0
    except CourseInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
