"""``python -m course.grade SUBMISSIONS_DIR --out grades.csv``: the gradebook (see course.grading.grade)."""

from course.grading.grade import main

if __name__ == "__main__":
    raise SystemExit(main())
