"""One place per module for the words a learner reads, in English or Japanese.

Each module keeps an English catalogue ``MESSAGES = {"en": {...}}`` and looks its
texts up with :func:`text`. The Japanese texts live in gettext catalogues under
``course/locale/ja/`` (see :mod:`course.translate`):

- ``course.po`` translates the library's catalogues: ``msgctxt`` is
  ``"<module>:<key>"`` (``"<module>.<VARIABLE>:<key>"`` for a catalogue not named
  ``MESSAGES``), ``msgid`` the English template;
- ``notebooks/*.po`` and ``solutions/*.po`` translate the notebooks; their entries
  with ``msgctxt "code"`` are the strings that code cells pass to widgets, which
  :func:`translate` looks up at run time.

The language is ``en`` unless the learner sets ``COURSE_LANG=ja`` or calls
:func:`set_language` (the first code cell of every Japanese notebook does). A text
missing in Japanese falls back to English.

>>> CATALOG = {"en": {"hello": "Hello, {name}!"}}
>>> text(CATALOG, "hello", name="Ada")
'Hello, Ada!'
"""

from __future__ import annotations

import os
import string
import sys
from functools import cache
from pathlib import Path

DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "ja")
ENV_VARIABLE = "COURSE_LANG"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CODE_CONTEXT = "code"

_state: dict[str, str | None] = {"language": None}

def language() -> str:
    """Return the current language: set by :func:`set_language`, else ``COURSE_LANG``, else ``en``.

    >>> language() in {"en", "ja"}
    True
    """
    chosen = _state["language"] or os.environ.get(ENV_VARIABLE, DEFAULT_LANGUAGE).strip().lower()
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def set_language(name: str) -> str:
    """Switch the course to ``name`` (``"en"`` or ``"ja"``) for this kernel and its child processes.

    Under ``ja``, widgets, feedback and messages come from the Japanese catalogues
    and figures use a Japanese font (IPAexGothic). Returns the language set.

    >>> set_language("fr")
    Traceback (most recent call last):
    ...
    course.errors.CourseInputError: language='fr' is not allowed. Allowed: 'en', 'ja'.
    """
    from course.errors import check_choice

    chosen = check_choice("language", name.strip().lower() if isinstance(name, str) else name,
                          LANGUAGES)
    _state["language"] = chosen
    os.environ[ENV_VARIABLE] = chosen  # processes started later (worker pools) follow along
    if chosen == "ja":
        _japanese_fonts()
    elif "course.plots.fonts" in sys.modules:
        sys.modules["course.plots.fonts"].use_default_font()
    return chosen


def prepare_figures() -> None:
    """Give figures a Japanese font when the language is ``ja`` (drawing modules call this on import).

    >>> prepare_figures()  # does nothing in English
    """
    if language() == "ja":
        _japanese_fonts()


def _japanese_fonts() -> None:
    """Make matplotlib figures able to draw Japanese (imported only when Japanese is used)."""
    from course.plots.fonts import use_japanese_font

    use_japanese_font()


DRAWING_MODULES = ("course.plots", "course.widgets")  # their texts end up inside figures


def _context(catalog: dict[str, dict[str, str]]) -> str | None:
    """The ``msgctxt`` prefix of ``catalog``: ``module`` or ``module.VARIABLE``, found by identity.

    >>> from course import errors
    >>> _context(errors.MESSAGES)
    'course.errors'
    """
    for name, module in list(sys.modules.items()):
        if not (name == "course" or name.startswith("course.")) or module is None:
            continue
        for variable, value in list(vars(module).items()):
            if value is catalog and variable.endswith("MESSAGES"):
                return name if variable == "MESSAGES" else f"{name}.{variable}"
    return None


_contexts: dict[int, str | None] = {}


def text(catalog: dict[str, dict[str, str]], key: str, **values: object) -> str:
    """Look ``key`` up in ``catalog`` for the current language and fill in ``values``.

    >>> text({"en": {"n": "{n} jobs"}}, "n", n=3)
    '3 jobs'
    """
    english = catalog.get(DEFAULT_LANGUAGE, {})
    template = english.get(key)
    current = language()
    if current != DEFAULT_LANGUAGE:
        template = catalog.get(current, {}).get(key) or _library_translation(catalog, key, template)
    if template is None:
        raise KeyError(f"no text for key {key!r} in this catalogue")
    return template.format(**values) if values else template


def _library_translation(catalog: dict[str, dict[str, str]], key: str,
                         english: str | None) -> str | None:
    if english is None:
        return None
    if id(catalog) not in _contexts:
        _contexts[id(catalog)] = _context(catalog)
    prefix = _contexts[id(catalog)]
    if prefix and prefix.startswith(DRAWING_MODULES):  # with COURSE_LANG=ja and no set_language()
        _japanese_fonts()
    found = library_catalog(language()).get(f"{prefix}:{key}") if prefix else None
    return found if found is not None else english


def translate(msgid: str) -> str:
    """Return the translation of a string that a code cell passes to a widget (``msgid`` if none).

    In English, or when no notebook catalogue translates ``msgid``, it comes back unchanged.

    >>> translate("Check this")
    'Check this'
    """
    if not isinstance(msgid, str) or language() == DEFAULT_LANGUAGE:
        return msgid
    return notebook_strings(language()).get(msgid, msgid)


def _entries(path: Path) -> list:
    import polib

    return [e for e in polib.pofile(str(path)).translated_entries() if not e.obsolete]


@cache
def library_catalog(lang: str) -> dict[str, str]:
    """``{msgctxt: msgstr}`` of ``course/locale/<lang>/course.po`` (empty if there is none).

    >>> library_catalog("xx")
    {}
    """
    path = LOCALE_DIR / lang / "course.po"
    return {e.msgctxt: e.msgstr for e in _entries(path)} if path.is_file() else {}


@cache
def notebook_strings(lang: str) -> dict[str, str]:
    """``{msgid: msgstr}`` of every ``msgctxt "code"`` entry in the notebook catalogues of ``lang``.

    >>> notebook_strings("xx")
    {}
    """
    found: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / lang).glob("*/*.po")):
        found.update({e.msgid: e.msgstr for e in _entries(path) if e.msgctxt == CODE_CONTEXT})
    return found


def placeholders(template: str) -> set[str]:
    """The ``str.format`` fields that ``template`` uses, with their conversion and format spec.

    >>> sorted(placeholders("{n} jobs, {share:.0%} done, {name!r}"))
    ['n', 'name!r', 'share:.0%']
    """
    fields = set()
    for _, field, spec, conversion in string.Formatter().parse(template):
        if field is not None:
            fields.add(field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))
    return fields
