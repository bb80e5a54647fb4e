"""Fonts for figures: a Japanese font (IPAexGothic from matplotlib-fontja) when the course is in Japanese.

Loaded lazily by :func:`course.i18n.set_language` (or the first Japanese text), so the
English edition never imports it.

>>> import matplotlib
>>> with matplotlib.rc_context():
...     use_japanese_font()[0]
'IPAexGothic'
"""

from __future__ import annotations

JAPANESE_FONT = "IPAexGothic"
FALLBACK_FONT = "DejaVu Sans"  # matplotlib's own font, for symbols that IPAexGothic lacks

_done: dict[str, bool] = {"ja": False}


def use_japanese_font() -> list[str]:
    """Register IPAexGothic with matplotlib and make it the first font family; return the families.

    Figures created afterwards draw Japanese text instead of empty boxes. Calling it
    again does nothing more.
    """
    import matplotlib

    families = [JAPANESE_FONT, FALLBACK_FONT]
    if not _done["ja"]:
        import logging

        # IPAexGothic has one weight; bold titles use it as it is instead of logging "findfont" noise.
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        from matplotlib import font_manager
        from matplotlib_fontja import get_font_ttf_path

        font_manager.fontManager.addfont(get_font_ttf_path())
        _done["ja"] = True
    matplotlib.rcParams["font.family"] = families
    return families


def use_default_font() -> list[str]:
    """Give figures matplotlib's default font family again (after :func:`use_japanese_font`).

    >>> use_default_font()
    ['sans-serif']
    """
    import matplotlib

    matplotlib.rcParams["font.family"] = list(matplotlib.rcParamsDefault["font.family"])
    return matplotlib.rcParams["font.family"]


def japanese_font_path() -> str:
    """The file of the Japanese font (a ``.ttf`` shipped with matplotlib-fontja).

    >>> japanese_font_path().endswith(".ttf")
    True
    """
    from matplotlib_fontja import get_font_ttf_path

    return get_font_ttf_path()
