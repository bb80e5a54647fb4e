"""The Japanese edition: one body of code, complete catalogues, fresh builds, Japanese fonts."""

from __future__ import annotations

import json
import os
import shutil
import warnings

import polib
import pytest

import course.i18n as i18n
from course import translate
from course.errors import CourseInputError

TRANSLATED = translate.translated_notebooks()
IDS = [f"{kind}/{name}" for kind, name in TRANSLATED]
CATALOGS = [translate.catalog_path(k, n) for k, n in TRANSLATED] + [translate.library_path()]


@pytest.fixture
def japanese(monkeypatch):
    """Switch the course to Japanese for one test, and back to English afterwards."""
    monkeypatch.setenv(i18n.ENV_VARIABLE, "en")
    i18n.set_language("ja")
    yield
    i18n.set_language("en")
    i18n._state["language"] = None


def test_there_is_a_translated_lesson_and_master():
    assert ("notebooks", "00-start-here") in TRANSLATED
    assert ("notebooks", "01-what-is-batch") in TRANSLATED
    assert ("solutions", "01-what-is-batch") in TRANSLATED
    assert translate.library_path().is_file()


@pytest.mark.parametrize(("kind", "name"), TRANSLATED, ids=IDS)
def test_japanese_code_cells_equal_the_english_ones(kind, name):
    assert translate.code_problems(kind, name) == []


@pytest.mark.parametrize(("kind", "name"), TRANSLATED, ids=IDS)
def test_japanese_notebook_is_a_fresh_build(kind, name, tmp_path):
    committed = json.loads(translate.target_path(kind, name).read_text(encoding="utf-8"))
    built = translate.build(kind, name, out_root=tmp_path)
    fresh = json.loads(built.read_text(encoding="utf-8"))
    assert translate.without_outputs(committed) == translate.without_outputs(fresh), (
        f"{kind}/ja/{name}.ipynb is out of date: run `python -m course.translate build`, then execute it")


@pytest.mark.parametrize("path", CATALOGS, ids=[p.name if p.parent.name == "ja" else
                                               f"{p.parent.name}/{p.stem}" for p in CATALOGS])
def test_catalog_is_complete_and_current(path):
    problems = [p for p in translate.check() if str(path.relative_to(translate.ROOT)) in p]
    assert problems == []


def test_whole_edition_checks_clean():
    assert translate.check() == []


def test_placeholders_match_in_the_library_catalog():
    for entry in polib.pofile(str(translate.library_path())):
        assert i18n.placeholders(entry.msgid) == i18n.placeholders(entry.msgstr), entry.msgctxt


def test_a_lost_placeholder_or_code_span_is_reported():
    library = polib.POEntry(msgctxt="m:k", msgid="{n} jobs ran", msgstr="ジョブが実行されました")
    assert translate.entry_problems(library, library=True)
    markdown = polib.POEntry(msgid="Call `run_batch(paths)`.", msgstr="run_batch を呼びます。")
    assert translate.entry_problems(markdown)


def test_a_changed_english_cell_makes_its_translation_fuzzy(tmp_path):
    root, locale = tmp_path / "repo", tmp_path / "locale"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(translate.source_path("notebooks", "00-start-here"), root / "notebooks")
    shutil.copytree(translate.LOCALE_DIR, locale)
    source = root / "notebooks" / "00-start-here.ipynb"
    notebook = json.loads(source.read_text(encoding="utf-8"))
    old = "".join(notebook["cells"][2]["source"])
    notebook["cells"][2]["source"] = old.replace("Python version", "Python version and platform")
    source.write_text(json.dumps(notebook), encoding="utf-8")

    path = translate.extract_notebook("notebooks", "00-start-here", root, locale)
    catalog = polib.pofile(str(path))
    [changed] = catalog.fuzzy_entries()
    assert changed.previous_msgid == old and "platform" in changed.msgid
    assert changed.msgstr.startswith("## 2. 環境を確認する")
    assert not catalog.obsolete_entries() and not catalog.untranslated_entries()
    built = translate.build_notebook("notebooks", "00-start-here", root, locale)
    assert "".join(built["cells"][2]["source"]) == changed.msgid, "fuzzy entries are not used"


def test_set_language_rejects_unknown_languages():
    with pytest.raises(CourseInputError, match=r"language='fr'.*'en', 'ja'"):
        i18n.set_language("fr")


def test_set_language_reaches_child_processes(japanese):
    import os

    assert i18n.language() == "ja" and os.environ[i18n.ENV_VARIABLE] == "ja"


def test_quiz_strings_are_translated_at_run_time(japanese):
    from course.widgets import MultipleChoice

    question = MultipleChoice(
        "Which workload is the best fit for batch processing?",
        ["Showing a customer their cart total", "Re-encoding yesterday's 4,000 uploaded videos"],
        answer="Re-encoding yesterday's 4,000 uploaded videos",
        explanation="Nobody waits for each video; the work can be collected and run together.",
    )
    assert "バッチ処理に最も向いている" in question.widget.children[0].value
    labels = [label for label, _ in question._radio.options]
    assert labels[1] == "昨日アップロードされた 4,000 本の動画を再エンコードする"
    feedback = question.choose("Re-encoding yesterday's 4,000 uploaded videos")
    assert feedback.message.startswith("正解です！ 動画 1 本ごとの結果を待っている人はいません。")
    assert question.value == "Re-encoding yesterday's 4,000 uploaded videos", "values stay English"


def test_library_messages_are_translated_and_fall_back_to_english(japanese):
    from course import errors

    assert i18n.text(errors.MESSAGES, "empty", name="paths") == "paths を空にすることはできません。"
    assert i18n.translate("A string no catalogue knows") == "A string no catalogue knows"
    stale = {"en": {"empty": "{name} must hold something."}}
    assert i18n.text(stale, "empty", name="x") == "x must hold something."


def test_english_is_unchanged_by_default():
    from course import errors

    assert i18n.language() == "en"
    assert i18n.text(errors.MESSAGES, "empty", name="paths") == "paths must not be empty."
    assert i18n.translate("Which workload is the best fit for batch processing?").startswith("Which")


def test_japanese_label_renders_with_the_japanese_font(japanese):
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from course.plots.fonts import JAPANESE_FONT, japanese_font_path

    figure = Figure(figsize=(3, 1))
    FigureCanvasAgg(figure)
    title = figure.add_subplot().set_title("ジョブキューとコンピューティング環境")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" becomes an error
        figure.canvas.draw()
    used = font_manager.findfont(title.get_fontproperties(), fallback_to_default=False)
    assert used == japanese_font_path()
    assert title.get_fontproperties().get_family()[0] == JAPANESE_FONT


def test_the_font_test_would_catch_missing_glyphs():
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        figure = Figure(figsize=(3, 1))
        FigureCanvasAgg(figure)
        figure.add_subplot().set_title("ジョブキュー")
        with pytest.warns(UserWarning, match="missing from font"):
            figure.canvas.draw()


def test_course_lang_alone_gives_figures_the_japanese_font():
    """With only COURSE_LANG=ja (no set_language call), the first figure already draws Japanese."""
    import subprocess
    import sys

    script = (
        "import warnings; warnings.simplefilter('error')\n"
        "from course.plots import chooser\n"
        "figure = chooser.limits_map()\n"
        "figure.canvas.draw() if figure.canvas else None\n"
        "from matplotlib.backends.backend_agg import FigureCanvasAgg\n"
        "FigureCanvasAgg(figure).draw()\n"
    )
    env = {**os.environ, "COURSE_LANG": "ja", "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize(("target", "expected"), [
    ("../exercises/01-what-is-batch.ipynb", "../../exercises/ja/01-what-is-batch.ipynb"),
    ("../notebooks/01-what-is-batch.ipynb#key-points",
     "../../notebooks/ja/01-what-is-batch.ipynb#key-points"),
    ("02-choosing-a-service.ipynb", "02-choosing-a-service.ipynb"),
    ("../docs/glossary.md", "../../docs/glossary.md"),
    ("https://docs.aws.amazon.com/batch/", "https://docs.aws.amazon.com/batch/"),
])
def test_links_are_rewritten_for_the_ja_folder(target, expected):
    assert translate.rewrite_link(target) == expected


def test_command_line_check_passes(capsys):
    assert translate.main(["check"]) == 0
    assert "complete and up to date" in capsys.readouterr().out
