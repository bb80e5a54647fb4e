"""Figures for the lessons: timelines, throughput charts and cost curves (matplotlib)."""

from course.i18n import prepare_figures as _prepare_figures

_prepare_figures()  # under COURSE_LANG=ja, figures get a Japanese font before any label is drawn
