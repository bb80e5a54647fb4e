"""One place per module for the words a learner reads, ready for a Japanese edition.

Each module keeps a catalogue ``{"en": {...}, "ja": {...}}`` and looks its texts up
with :func:`text`. The language comes from the ``COURSE_LANG`` environment
variable (default ``en``); a key missing in that language falls back to English.

>>> CATALOG = {"en": {"hello": "Hello, {name}!"}}
>>> text(CATALOG, "hello", name="Ada")
'Hello, Ada!'
"""

from __future__ import annotations

import os

DEFAULT_LANGUAGE = "en"


def language() -> str:
    """Return the language the learner asked for with ``COURSE_LANG`` (``en`` by default).

    >>> language() in {"en", "ja"}
    True
    """
    return os.environ.get("COURSE_LANG", DEFAULT_LANGUAGE).strip().lower() or DEFAULT_LANGUAGE


def text(catalog: dict[str, dict[str, str]], key: str, **values: object) -> str:
    """Look ``key`` up in ``catalog`` for the current language and fill in ``values``.

    >>> text({"en": {"n": "{n} jobs"}}, "n", n=3)
    '3 jobs'
    """
    english = catalog.get(DEFAULT_LANGUAGE, {})
    template = catalog.get(language(), {}).get(key, english.get(key))
    if template is None:
        raise KeyError(f"no text for key {key!r} in this catalogue")
    return template.format(**values) if values else template
