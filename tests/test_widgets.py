"""Drive each quiz widget as a learner would: set values, press Check, read the feedback."""

from __future__ import annotations

import json

import pytest

from course.errors import CourseInputError
from course.widgets import (
    BatchWindowExplorer,
    MultipleChoice,
    Numeric,
    Ordering,
    Quiz,
    SmokeTest,
)
from course.widgets import record as rec


def test_multiple_choice_feedback_right_wrong_and_empty():
    q = MultipleChoice("2 + 2?", ["3", "4", "5"], answer="4", explanation="Add them.",
                       hint="Count on your fingers.")
    assert q.check().message == "Choose an answer first."
    q.value = "5"
    wrong = q.check()
    assert wrong.correct is False
    assert "Not yet." in wrong.message and "Count on your fingers." in wrong.message
    assert "4" not in wrong.message  # never gives the answer away
    q._button.click()  # the real button does the same
    assert "Not yet." in q.feedback.value
    right = q.choose("4")
    assert right.correct is True and right.message == "Correct! Add them."
    assert "Correct!" in q.feedback.value


def test_numeric_tolerance_and_half_step():
    q = Numeric("Jobs?", min=0, max=100, step=1, answer=40, tolerance=2)
    assert q.value is None  # untouched slider is not an answer
    assert q.choose(42).correct is True
    assert q.choose(43).correct is False
    exact = Numeric("Hours?", min=0, max=10, step=0.1, answer=5.6)
    assert exact.choose(5.6).correct is True
    assert exact.choose(5.7).correct is False


def test_ordering_moves_and_judges():
    items = ["SUBMITTED", "RUNNABLE", "RUNNING"]
    q = Ordering("Earliest first", items, answer=items)
    assert q._order != items  # starts shuffled, never in the right order
    assert sorted(q._order) == sorted(items)
    q.value = ["RUNNABLE", "SUBMITTED", "RUNNING"]
    assert q.check().correct is False
    q.move("SUBMITTED", -1)
    assert q.value == items
    assert q.check().correct is True
    q.move("SUBMITTED", -1)  # already first: stays put
    assert q.value == items


def test_recording_sets_the_variable_and_graded_mode_hides_judgement():
    namespace: dict = {}
    q = MultipleChoice("Which?", ["a", "b"], record_as="q1_answer", namespace=namespace)
    feedback = q.choose("b")
    assert namespace == {"q1_answer": "b"}
    assert feedback.correct is None
    assert "Recorded" in feedback.message and "q1_answer" in feedback.message


def test_answers_are_restored_from_a_saved_notebook(tmp_path):
    saved = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": rec.answer_bundle("q3_answer", 87.0)}]}]}
    path = tmp_path / "ex.ipynb"
    path.write_text(json.dumps(saved))
    before = path.read_bytes()
    assert rec.restore_answers_from(path) == {"q3_answer": 87.0}
    namespace: dict = {}
    q = Numeric("Window?", min=1, max=240, record_as="q3_answer", namespace=namespace)
    assert q.value == 87.0 and namespace == {"q3_answer": 87.0}
    assert "Restored" in q.feedback.value
    assert path.read_bytes() == before  # reading never changes the learner's file
    rec.restore_answers_from(tmp_path / "missing.ipynb")


def test_grader_answers_file_wins(tmp_path, monkeypatch):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"q1_answer": "a"}))
    monkeypatch.setenv(rec.ENV_VARIABLE, str(answers))
    namespace: dict = {}
    MultipleChoice("Which?", ["a", "b"], record_as="q1_answer", namespace=namespace)
    assert namespace == {"q1_answer": "a"}


def test_restored_value_that_is_no_longer_valid_is_ignored(tmp_path, monkeypatch):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"q1_answer": "gone", "q2_answer": 999}))
    monkeypatch.setenv(rec.ENV_VARIABLE, str(answers))
    namespace: dict = {}
    assert MultipleChoice("Which?", ["a", "b"], record_as="q1_answer", namespace=namespace).value is None
    assert Numeric("n", min=0, max=10, record_as="q2_answer", namespace=namespace).value is None
    assert namespace == {}


def test_quiz_scores_answered_questions():
    quiz = Quiz([MultipleChoice("1?", ["1", "2"], answer="1"),
                 Numeric("2?", min=0, max=5, answer=2)])
    assert quiz.score() == "Score: 0 of 2 correct."
    quiz.questions[0].value = "1"
    quiz.questions[1].value = 3
    assert quiz.score() == "Score: 1 of 2 correct."


@pytest.mark.parametrize("make", [
    lambda: MultipleChoice("?", ["only"]),
    lambda: MultipleChoice("?", ["a", "a"]),
    lambda: MultipleChoice("?", ["a", "b"], answer="c"),
    lambda: MultipleChoice("?", ["a", "b"], record_as="not a name"),
    lambda: Numeric("?", min=5, max=1),
    lambda: Numeric("?", min=0, max=1, step=0),
    lambda: Numeric("?", min=0, max=1, tolerance=-1),
    lambda: Numeric("?", min=0, max="ten"),
    lambda: Ordering("?", ["a", "a", "b"]),
    lambda: Ordering("?", ["a", "b"], answer=["a", "c"]),
])
def test_bad_construction_gives_a_clear_error(make):
    with pytest.raises(CourseInputError):
        make()


def test_bad_values_give_clear_errors():
    with pytest.raises(CourseInputError, match="not one of the options"):
        MultipleChoice("?", ["a", "b"]).value = "z"
    with pytest.raises(CourseInputError, match="value must be at most 10"):
        Numeric("?", min=0, max=10).value = 11
    with pytest.raises(CourseInputError, match="each item exactly once"):
        Ordering("?", ["a", "b"]).value = ["a"]


def test_explorer_redraws_when_sliders_move():
    explorer = BatchWindowExplorer()
    first_image, first_text = explorer.image.value, explorer.text.value
    explorer.window.value = 5
    assert explorer.result["runs_per_day"] == pytest.approx(288)
    assert explorer.text.value != first_text and explorer.image.value != first_image
    explorer.overhead.value = 600  # curves change: full redraw
    assert explorer.result["keeps_up"] is False
    assert "runs pile up" in explorer.text.value


def test_smoke_test_responds():
    smoke = SmokeTest()
    before = smoke.output.value
    smoke.slider.value = 40
    assert smoke.output.value != before and smoke.output.value.startswith("40 jobs")
