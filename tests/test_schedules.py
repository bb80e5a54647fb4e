"""EventBridge schedule expressions: validation, next runs in a time zone, DST, the widget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from course.errors import CourseInputError
from course.schedules import (
    DEFAULT_NOW,
    check_expression,
    check_timezone,
    next_runs,
    runs_table,
    same_runs,
)


# --- validation ---------------------------------------------------------------------------------
@pytest.mark.parametrize("expression", [
    "cron(0 2 ? * MON-FRI *)", "cron(0 17 * * ? *)", "cron(0/15 * * * ? *)", "cron(0 9 1,15 * ? *)",
    "cron(0 0 ? * 3#2 *)", "cron(0 0 L * ? *)", "cron(0 0 ? * 6L *)", "cron(0 0 15W * ? *)",
    "cron(0 12 ? JAN-MAR 2 2027)",
    "rate(5 minutes)", "rate(1 hour)", "rate(1 day)", "rate(12 hours)", "at(2026-12-24T09:00:00)",
])
def test_valid_expressions(expression):
    verdict = check_expression(expression)
    assert verdict.valid, verdict.reason


@pytest.mark.parametrize("expression, words", [
    ("cron(0 2 * * MON-FRI *)", "must be '?'"),          # both day fields given: the ? rule
    ("cron(0 2 ? * ? *)", "must be '?'"),                # both '?' is wrong too
    ("cron(0 2 * * *)", "6 fields"),                     # Unix 5-field cron
    ("cron(0 2 * * ? * *)", "6 fields"),                 # 7 fields
    ("cron(0 25 * * ? *)", "Invalid hour"),
    ("cron(60 2 * * ? *)", "Invalid minute"),
    ("cron(0 0 ? * 3#1,6#3 *)", "day-of-week"),          # '#' only once
    ("cron(*/0 * * * ? *)", "could not evaluate"),       # a step of 0
    ("cron(0 0 LW * ? *)", "could not evaluate"),        # valid in AWS; a gap of aws-croniter 2.1.1
    ("cron(0 0 ? * L *)", "write SAT or 7"),             # valid in AWS; a gap of aws-croniter 2.1.1
    ("0 2 * * ? *", "cron(...)"),                        # no wrapper
    ("rate(1 minutes)", "singular"),
    ("rate(5 minute)", "singular"),
    ("rate(0 minutes)", "at least 1"),
    ("rate(5 seconds)", "rate(VALUE UNIT)"),
    ("rate(1.5 hours)", "rate(VALUE UNIT)"),
    ("at(2026-02-30T09:00:00)", "at(yyyy-mm-ddThh:mm:ss)"),
])
def test_invalid_expressions_say_why(expression, words):
    verdict = check_expression(expression)
    assert not verdict.valid
    assert words in verdict.reason


def test_the_kind_is_reported():
    assert check_expression("cron(0 2 ? * MON-FRI *)").kind == "cron"
    assert check_expression("rate(5 minutes)").kind == "rate"
    assert check_expression("nonsense").kind is None


# --- next runs -----------------------------------------------------------------------------------
def test_weekdays_0200_tokyo_are_the_previous_evening_in_utc():
    # DEFAULT_NOW is Tue 2026-12-01 00:00 UTC = Tue 09:00 JST, so Tuesday's 02:00 JST has passed.
    runs = next_runs("cron(0 2 ? * MON-FRI *)", "Asia/Tokyo", count=5)
    assert [t.strftime("%a %d %H:%M") for t in runs] == [
        "Wed 02 02:00", "Thu 03 02:00", "Fri 04 02:00", "Mon 07 02:00", "Tue 08 02:00"]
    # JST = UTC+9, so 02:00 JST is 17:00 UTC the day before: Tue, Wed, Thu, Sun, Mon.
    assert [t.astimezone(UTC).strftime("%a %d %H:%M") for t in runs] == [
        "Tue 01 17:00", "Wed 02 17:00", "Thu 03 17:00", "Sun 06 17:00", "Mon 07 17:00"]


def test_utc_rule_equivalent_matches_the_tokyo_schedule():
    assert same_runs(("cron(0 2 ? * MON-FRI *)", "Asia/Tokyo"), ("cron(0 17 ? * SUN-THU *)", "UTC"))
    # The tempting mistake keeps MON-FRI in UTC: it fires Tue-Sat in Tokyo.
    assert not same_runs(("cron(0 2 ? * MON-FRI *)", "Asia/Tokyo"), ("cron(0 17 ? * MON-FRI *)", "UTC"))


def test_the_same_cron_in_tokyo_is_nine_hours_earlier_than_in_utc():
    tokyo = next_runs("cron(0 17 * * ? *)", "Asia/Tokyo", count=1)[0]
    utc = next_runs("cron(0 17 * * ? *)", "UTC", count=1)[0]
    assert tokyo.isoformat() == "2026-12-01T17:00:00+09:00"
    assert utc - tokyo == timedelta(hours=9)


def test_rate_counts_from_creation():
    runs = next_runs("rate(5 minutes)", count=3)
    assert [t.strftime("%H:%M") for t in runs] == ["00:05", "00:10", "00:15"]


def test_at_runs_once_and_not_in_the_past():
    assert next_runs("at(2026-12-24T09:00:00)", "Asia/Tokyo")[0].isoformat() == "2026-12-24T09:00:00+09:00"
    assert next_runs("at(2026-11-01T09:00:00)", "Asia/Tokyo") == []


def test_a_year_in_the_past_has_no_runs():
    assert next_runs("cron(0 0 1 1 ? 2020)") == []


def test_spring_forward_skips_the_missing_hour():
    # US clocks jump from 02:00 to 03:00 on Sunday 2027-03-14: 02:30 does not exist that day.
    runs = next_runs("cron(30 2 * * ? *)", "America/New_York", after=datetime(2027, 3, 12, tzinfo=UTC))
    assert [t.day for t in runs] == [12, 13, 15, 16, 17]


def test_fall_back_runs_the_repeated_hour_once():
    # On Sunday 2027-11-07, 01:30 happens twice in New York; Scheduler runs it once (the first).
    runs = next_runs("cron(30 1 * * ? *)", "America/New_York", after=datetime(2027, 11, 6, tzinfo=UTC),
                     count=3)
    assert [t.day for t in runs] == [6, 7, 8]
    assert runs[1].astimezone(UTC).hour == 5  # 01:30 EDT = 05:30 UTC, not 06:30 (EST)


def test_runs_table_rows():
    rows = runs_table("cron(0 17 * * ? *)", "Asia/Tokyo", count=2)
    assert rows[1] == {"local": "2026-12-02 17:00 JST", "weekday": "Wed", "utc": "2026-12-02 08:00 UTC"}


def test_default_now_is_fixed():
    assert datetime(2026, 12, 1, tzinfo=UTC) == DEFAULT_NOW


# --- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize("zone", ["Tokyo", "JST", "", None, 9, "Asia/Tokio"])
def test_check_timezone_rejects(zone):
    with pytest.raises(CourseInputError, match="IANA"):
        check_timezone(zone)


@pytest.mark.parametrize("kwargs", [
    {"expression": None}, {"expression": 5}, {"expression": ["cron(0 2 ? * MON-FRI *)"]},
    {"expression": "rate(5 minutes)", "timezone": "JST"}, {"expression": "rate(5 minutes)", "timezone": 9},
])
def test_check_expression_rejects(kwargs):
    with pytest.raises(CourseInputError):
        check_expression(**kwargs)


@pytest.mark.parametrize("args, kwargs, words", [
    (("cron(0 2 * * MON-FRI *)",), {}, "must be '?'"),
    (("rate(5 minutes)", "Mars/Olympus"), {}, "IANA"),
    (("rate(5 minutes)",), {"count": 0}, "count"),
    (("rate(5 minutes)",), {"count": "5"}, "count"),
    (("rate(5 minutes)",), {"after": datetime(2026, 12, 1)}, "timezone-aware"),
    (("rate(5 minutes)",), {"after": "2026-12-01"}, "timezone-aware"),
    ((None,), {}, "string"),
])
def test_next_runs_rejects(args, kwargs, words):
    with pytest.raises(CourseInputError, match=words.replace("?", r"\?").replace("(", r"\(")):
        next_runs(*args, **kwargs)


@pytest.mark.parametrize("args, kwargs", [
    (("cron(0 2 * * *)",), {}), ((42,), {}), (("rate(5 minutes)", "JST"), {}),
    (("rate(5 minutes)",), {"count": -1}), (("rate(5 minutes)",), {"after": datetime(2026, 1, 1)}),
])
def test_runs_table_rejects(args, kwargs):
    with pytest.raises(CourseInputError):
        runs_table(*args, **kwargs)


@pytest.mark.parametrize("first, second", [
    (("cron(0 2 * * MON-FRI *)", "UTC"), ("rate(1 day)", "UTC")),
    (("rate(1 day)", "UTC"), ("cron(0 2 * * *)", "UTC")),
    (("rate(1 day)", "JST"), ("rate(1 day)", "UTC")),
    ((None, "UTC"), ("rate(1 day)", "UTC")),
    (("rate(1 day)", "UTC"), ("rate(0 days)", "UTC")),
])
def test_same_runs_rejects(first, second):
    with pytest.raises(CourseInputError):
        same_runs(first, second)


# --- widget -------------------------------------------------------------------------------------
def test_schedule_explorer_reacts_to_expression_zone_and_clock():
    from course.widgets.schedules import ScheduleExplorer

    explorer = ScheduleExplorer()
    assert explorer.runs[0]["local"] == "2026-12-02 02:00 JST" and len(explorer.runs) == 5
    explorer.expression.value = "cron(0 2 * * MON-FRI *)"
    assert not explorer.check.valid and explorer.runs == []
    assert "must be &#x27;?&#x27;" in explorer.output.value
    explorer.expression.value = "cron(0 17 * * ? *)"
    explorer.timezone.value = "UTC"
    assert explorer.runs[0] == {"local": "2026-12-01 17:00 UTC", "weekday": "Tue",
                                "utc": "2026-12-01 17:00 UTC"}
    explorer.real_now.value = True
    assert abs(explorer.now() - datetime.now(UTC)) < timedelta(minutes=2)
    assert len(explorer.runs) == 5
