"""Figures for the lessons: timelines, throughput charts and cost curves (matplotlib)."""
