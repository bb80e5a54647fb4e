"""Widgets for the lessons: quiz questions and interactive explorers.

This is the only layer of ``course`` that imports ipywidgets.

>>> from course.widgets import MultipleChoice
>>> MultipleChoice("Pick one", ["a", "b"], answer="a").answer
'a'
"""

from course.i18n import prepare_figures
from course.widgets.explorers import BatchWindowExplorer, SmokeTest
from course.widgets.quiz import Feedback, MultipleChoice, Numeric, Ordering, Question, Quiz
from course.widgets.record import restore_answers_from

prepare_figures()  # under COURSE_LANG=ja, explorers draw with a Japanese font from the start

__all__ = [
    "BatchWindowExplorer", "Feedback", "MultipleChoice", "Numeric", "Ordering", "Question",
    "Quiz", "SmokeTest", "restore_answers_from",
]
