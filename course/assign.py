"""``python -m course.assign``: generate ``exercises/`` from ``solutions/`` (see course.grading.assign)."""

from course.grading.assign import main

if __name__ == "__main__":
    raise SystemExit(main())
