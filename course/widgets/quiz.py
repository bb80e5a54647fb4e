"""Quiz widgets: multiple choice, a numeric slider and an ordering question.

Each question gives feedback at once when the learner presses *Check*. With
``answer=`` it says right or "not yet" (a lesson's ungraded quiz). Without an
answer it only records the choice (a graded exercise: the hidden tests judge).
With ``record_as="q3_answer"`` the choice is also stored in that variable of the
notebook and in the saved notebook, so it survives a kernel restart.

>>> q = MultipleChoice("Which one is batch?", ["A nightly report", "A chat reply"],
...                    answer="A nightly report", explanation="It runs on a schedule.")
>>> q.value = "A chat reply"
>>> q.check().correct
False
>>> q.value = "A nightly report"
>>> q.check().message
'Correct! It runs on a schedule.'
"""

from __future__ import annotations

import hashlib
import html
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import ipywidgets as w
from IPython.display import DisplayHandle, display

from course.errors import CourseInputError, check_number
from course.i18n import text, translate
from course.widgets import record
from course.widgets.display import show

MESSAGES = {
    "en": {
        "check": "Check",
        "up": "Move up",
        "down": "Move down",
        "correct": "Correct!",
        "not_yet": "Not yet.",
        "empty": "Choose an answer first.",
        "recorded": "Recorded your answer in {name}. Run the grader check below for feedback.",
        "restored": "Restored your saved answer in {name}.",
        "no_record": "No answer recorded yet for {name}.",
        "hint": "Hint: {hint}",
        "options_needed": "options must hold at least two different choices, got {options!r}.",
        "answer_unknown": "answer={answer!r} is not one of the options {options!r}.",
        "bad_record_as": "record_as must be a Python variable name, got {name!r}.",
        "range": "min must be below max, got min={low!r} and max={high!r}.",
        "order_unknown": "the order must use each item exactly once: {items!r}.",
        "score": "Score: {right} of {total} correct.",
        "fallback": "[{kind} question: {prompt}]",
        "score_fallback": "[quiz score]",
    }
}


@dataclass(frozen=True)
class Feedback:
    """What a question said about an answer.

    >>> Feedback(correct=True, message="Correct!").correct
    True
    """

    correct: bool | None
    message: str


class Question:
    """Shared behaviour of all quiz questions; use a subclass."""

    def __init__(self, prompt: str, *, answer: Any = None, explanation: str = "",
                 hint: str = "", record_as: str | None = None,
                 namespace: dict[str, Any] | None = None) -> None:
        if record_as is not None and not (isinstance(record_as, str) and record_as.isidentifier()):
            raise CourseInputError(text(MESSAGES, "bad_record_as", name=record_as))
        self.prompt = prompt
        self.answer = answer
        self.explanation = explanation
        self.hint = hint
        self.record_as = record_as
        self._namespace = namespace
        self._handle: DisplayHandle | None = None
        self.feedback = w.HTML()
        self._button = w.Button(description=text(MESSAGES, "check"), button_style="primary")
        self._button.on_click(lambda _: self.check())

    # --- to be filled in by each kind of question -------------------------------
    def _input(self) -> w.Widget:
        raise NotImplementedError

    def _is_correct(self, value: Any) -> bool:
        raise NotImplementedError

    def _validate(self, value: Any) -> Any:
        return value

    @property
    def value(self) -> Any:
        """The learner's current answer (``None`` before they choose)."""
        raise NotImplementedError

    @value.setter
    def value(self, new: Any) -> None:
        raise NotImplementedError

    # --- shared -----------------------------------------------------------------
    @cached_property
    def widget(self) -> w.VBox:
        """The whole question as one ipywidgets box."""
        title = w.HTML(f"<b>{html.escape(translate(self.prompt))}</b>")
        return w.VBox([title, self._input(), w.HBox([self._button]), self.feedback])

    def check(self) -> Feedback:
        """Judge (or just record) the current answer, show the feedback and return it."""
        value = self.value
        if value is None:
            result = Feedback(None, text(MESSAGES, "empty"))
        elif self.answer is None:
            self._record(value)
            result = Feedback(None, text(MESSAGES, "recorded", name=self.record_as or "?"))
        else:
            self._record(value)
            correct = self._is_correct(value)
            parts = [text(MESSAGES, "correct" if correct else "not_yet")]
            if correct and self.explanation:
                parts.append(translate(self.explanation))
            if not correct and self.hint:
                parts.append(text(MESSAGES, "hint", hint=translate(self.hint)))
            result = Feedback(correct, " ".join(parts))
        colour = {True: "green", False: "#b45309", None: "#1f4e79"}[result.correct]
        self.feedback.value = f"<span style='color:{colour}'>{html.escape(result.message)}</span>"
        return result

    def choose(self, value: Any) -> Feedback:
        """Set the answer as if the learner picked ``value``, then press *Check*.

        >>> MultipleChoice("1 + 1?", ["2", "3"], answer="2").choose("3").correct
        False
        """
        self.value = value
        return self.check()

    def _record(self, value: Any) -> None:
        if self.record_as is None:
            return
        self._target()[self.record_as] = value
        if self._handle is not None:
            self._handle.update(record.answer_bundle(self.record_as, value), raw=True)

    def _target(self) -> dict[str, Any]:
        if self._namespace is not None:
            return self._namespace
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None:
            self._namespace = {}
            return self._namespace
        return shell.user_ns

    def _restore(self) -> None:
        """Bring back an answer saved in the notebook (see :mod:`course.widgets.record`)."""
        if self.record_as is None:
            return
        saved = record.recorded_answers().get(self.record_as)
        if saved is None:
            return
        try:
            self.value = saved
        except (CourseInputError, ValueError, TypeError):
            return
        self._target()[self.record_as] = self.value
        self.feedback.value = html.escape(text(MESSAGES, "restored", name=self.record_as))

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback", kind=type(self).__name__,
                               prompt=translate(self.prompt)))
        if self.record_as is not None:
            current = self._target().get(self.record_as) if self.value is not None else None
            bundle = (record.answer_bundle(self.record_as, current) if current is not None
                      else {"text/plain": text(MESSAGES, "no_record", name=self.record_as)})
            self._handle = display(bundle, raw=True, display_id=True)


class MultipleChoice(Question):
    """Pick one option.

    >>> q = MultipleChoice("2 + 2?", ["3", "4"], answer="4", record_as="q1", namespace={})
    >>> q.value = "4"
    >>> q.check().correct, q._namespace
    (True, {'q1': '4'})
    """

    def __init__(self, prompt: str, options: Sequence[str], **kwargs: Any) -> None:
        options = [str(o) for o in options]
        if len(set(options)) < 2:
            raise CourseInputError(text(MESSAGES, "options_needed", options=options))
        super().__init__(prompt, **kwargs)
        if self.answer is not None and self.answer not in options:
            raise CourseInputError(text(MESSAGES, "answer_unknown", answer=self.answer,
                                        options=options))
        self.options = options
        self._radio = w.RadioButtons(options=[(translate(o), o) for o in options], value=None,
                                     layout=w.Layout(width="max-content"))
        self._restore()

    def _input(self) -> w.Widget:
        return self._radio

    @property
    def value(self) -> str | None:
        return self._radio.value

    @value.setter
    def value(self, new: str | None) -> None:
        if new is not None and new not in self.options:
            raise CourseInputError(text(MESSAGES, "answer_unknown", answer=new,
                                        options=self.options))
        self._radio.value = new

    def _is_correct(self, value: Any) -> bool:
        return value == self.answer


class Numeric(Question):
    """Answer with a number on a slider; right within ``tolerance``.

    >>> q = Numeric("Jobs per minute?", min=0, max=100, step=1, answer=40, tolerance=2)
    >>> q.value = 41
    >>> q.check().correct
    True
    """

    def __init__(self, prompt: str, *, min: float, max: float, step: float = 1.0,
                 unit: str = "", tolerance: float = 0.0, **kwargs: Any) -> None:
        low, high = check_number("min", min), check_number("max", max)
        if not low < high:
            raise CourseInputError(text(MESSAGES, "range", low=min, high=max))
        check_number("step", step, low=1e-12)
        self.tolerance = check_number("tolerance", tolerance, low=0)
        super().__init__(prompt, **kwargs)
        if self.answer is not None:
            check_number("answer", self.answer)
        self._answered = False
        self._slider = w.FloatSlider(value=low, min=low, max=high, step=step,
                                     description=translate(unit), continuous_update=True,
                                     readout_format=f".{_decimals(step)}f", layout=w.Layout(width="420px"))
        self._slider.observe(self._mark_answered, names="value")
        self._restore()

    def _mark_answered(self, _change: Any) -> None:
        self._answered = True

    def _input(self) -> w.Widget:
        return self._slider

    @property
    def value(self) -> float | None:
        return float(self._slider.value) if self._answered else None

    @value.setter
    def value(self, new: float | None) -> None:
        if new is None:
            self._answered = False
            return
        number = check_number("value", new, low=self._slider.min, high=self._slider.max)
        self._slider.value = number
        self._answered = True

    def _is_correct(self, value: Any) -> bool:
        step = self._slider.step
        return math.isclose(value, float(self.answer), abs_tol=self.tolerance + step / 2)


def _decimals(step: float) -> int:
    """Decimal places a slider with this step needs (1 -> 0, 0.25 -> 2).

    >>> _decimals(1), _decimals(0.1), _decimals(0.25)
    (0, 1, 2)
    """
    return next(d for d in range(10) if abs(round(step, d) - step) < 1e-12)


class Ordering(Question):
    """Put items in order with *Move up* / *Move down*. The start order is shuffled.

    >>> q = Ordering("Earliest first", ["SUBMITTED", "RUNNABLE", "RUNNING"],
    ...              answer=["SUBMITTED", "RUNNABLE", "RUNNING"])
    >>> q.value = ["SUBMITTED", "RUNNABLE", "RUNNING"]
    >>> q.check().correct
    True
    """

    def __init__(self, prompt: str, items: Sequence[str], **kwargs: Any) -> None:
        items = [str(i) for i in items]
        if len(set(items)) < 2 or len(set(items)) != len(items):
            raise CourseInputError(text(MESSAGES, "options_needed", options=items))
        super().__init__(prompt, **kwargs)
        if self.answer is not None and sorted(self.answer) != sorted(items):
            raise CourseInputError(text(MESSAGES, "order_unknown", items=items))
        self.items = items
        start = list(items)
        seed = int(hashlib.sha256(prompt.encode()).hexdigest(), 16)
        while start == list(items) or (self.answer is not None and start == list(self.answer)):
            random.Random(seed).shuffle(start)
            seed += 1
        self._order = start
        self._touched = False
        self._select = w.Select(options=_labelled(start), value=start[0], rows=len(start),
                                layout=w.Layout(width="max-content"))
        self._up = w.Button(description=text(MESSAGES, "up"), icon="arrow-up")
        self._down = w.Button(description=text(MESSAGES, "down"), icon="arrow-down")
        self._up.on_click(lambda _: self.move(self._select.value, -1))
        self._down.on_click(lambda _: self.move(self._select.value, +1))
        self._restore()

    def _input(self) -> w.Widget:
        return w.HBox([self._select, w.VBox([self._up, self._down])])

    def move(self, item: str, step: int) -> None:
        """Move ``item`` one place up (``-1``) or down (``+1``)."""
        order = list(self._order)
        i = order.index(item)
        j = min(max(i + step, 0), len(order) - 1)
        order[i], order[j] = order[j], order[i]
        self.value = order
        self._select.value = item

    @property
    def value(self) -> list[str] | None:
        return list(self._order) if self._touched else None

    @value.setter
    def value(self, new: Sequence[str] | None) -> None:
        if new is None:
            self._touched = False
            return
        new = [str(i) for i in new]
        if sorted(new) != sorted(self.items):
            raise CourseInputError(text(MESSAGES, "order_unknown", items=self.items))
        self._order = new
        self._touched = True
        selected = self._select.value
        self._select.options = _labelled(new)
        self._select.value = selected if selected in new else new[0]

    def _is_correct(self, value: Any) -> bool:
        return list(value) == list(self.answer)


def _labelled(items: Sequence[str]) -> list[tuple[str, str]]:
    """``(label, value)`` pairs: the label in the learner's language, the value as the code wrote it.

    >>> _labelled(["RUNNABLE"])
    [('RUNNABLE', 'RUNNABLE')]
    """
    return [(translate(item), item) for item in items]


class Quiz:
    """Several questions shown together, with a running score.

    >>> quiz = Quiz([MultipleChoice("1 + 1?", ["2", "3"], answer="2")])
    >>> quiz.questions[0].value = "2"
    >>> quiz.score()
    'Score: 1 of 1 correct.'
    """

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = list(questions)
        self._score = w.HTML()
        for question in self.questions:
            question._button.on_click(lambda _: self._update())

    def score(self) -> str:
        """Check every answered question and return the score line."""
        right = sum(1 for q in self.questions if q.value is not None and q.check().correct)
        return text(MESSAGES, "score", right=right, total=len(self.questions))

    def _update(self) -> None:
        right = sum(1 for q in self.questions
                    if q.value is not None and q.answer is not None and q._is_correct(q.value))
        self._score.value = html.escape(text(MESSAGES, "score", right=right,
                                             total=len(self.questions)))

    def _ipython_display_(self) -> None:
        for question in self.questions:
            show(question.widget, text(MESSAGES, "fallback", kind=type(question).__name__,
                                       prompt=translate(question.prompt)))
        show(self._score, text(MESSAGES, "score_fallback"))
