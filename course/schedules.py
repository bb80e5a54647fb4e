"""EventBridge schedule expressions: check them and list their next runs in a time zone.

Cron expressions are validated and stepped through by the ``aws-croniter`` library
(AWS's six-field syntax, including the ``?`` rule); this module never parses cron
fields itself. ``aws-croniter`` works in UTC only, so for a time zone we let it walk
the *wall clock* of that zone and then attach the zone with :mod:`zoneinfo`. That is
what EventBridge Scheduler does with ``ScheduleExpressionTimezone``: the fields mean
local time, a run that falls into a daylight-saving gap is skipped and a repeated
hour runs once. Scheduled *rules* (legacy) always evaluate in UTC.

``rate(...)`` and ``at(...)`` are simple enough to read with one regular expression each.

Known limits of aws-croniter 2.1.1 (AWS accepts these): it cannot evaluate ``LW`` in
day-of-month, and it reads ``L`` alone in day-of-week as no day at all. Both are reported as
"could not evaluate" rather than guessed.

>>> check_expression("cron(0 2 * * MON-FRI *)").valid
False
>>> [t.strftime("%a %H:%M") for t in next_runs("cron(0 2 ? * MON-FRI *)", "Asia/Tokyo", count=3)]
['Wed 02:00', 'Thu 02:00', 'Fri 02:00']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from course.errors import CourseInputError, check_number
from course.i18n import text

MESSAGES = {
    "en": {
        "not_text": "{name} must be a string such as 'rate(1 hour)' or 'cron(30 6 * * ? *)', got {value!r}.",
        "ok_cron": "Valid cron expression: six fields, evaluated in {zone}.",
        "ok_rate": "Valid rate expression: every {value} {unit}.",
        "ok_at": "Valid one-time expression (EventBridge Scheduler only).",
        "no_wrapper": "An expression must look like cron(...), rate(...) or at(...); got {expression!r}.",
        "cron_invalid": "Not a valid AWS cron expression: {detail}",
        "cron_unsupported": "The aws-croniter library could not evaluate this expression ({detail}).",
        "l_alone": "'L' alone in day-of-week means Saturday; write SAT or 7 instead",
        "question_rule": " AWS rule: one of day-of-month (3rd field) and day-of-week (5th field) must be "
                         "'?', because you cannot give both.",
        "five_fields": " AWS cron needs 6 fields: minutes hours day-of-month month day-of-week year.",
        "rate_invalid": "Not a valid rate expression: use rate(VALUE UNIT) with a whole number VALUE "
                        "of at least 1 and UNIT minute(s), hour(s) or day(s); got {expression!r}.",
        "rate_singular": "Use the singular unit for a value of 1 and the plural otherwise, "
                         "e.g. rate(1 hour), rate(5 minutes); got {expression!r}.",
        "at_invalid": "Not a valid one-time expression: use at(yyyy-mm-ddThh:mm:ss); got {expression!r}.",
        "bad_zone": "timezone={zone!r} is not an IANA time zone name such as 'UTC' or 'Asia/Tokyo'.",
        "naive": "after must be a timezone-aware datetime such as datetime(2026, 12, 1, tzinfo=UTC).",
        "invalid": "{reason}",
    }
}

#: The fixed "now" that lessons and exercises use, so saved notebooks never change.
DEFAULT_NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)

#: Time zones offered in the lesson widget (any IANA name works in the functions).
TIME_ZONES = ("UTC", "Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Sydney")

_WRAPPER = re.compile(r"^(cron|rate|at)\((.*)\)$")
_RATE = re.compile(r"^([0-9]+) (minute|minutes|hour|hours|day|days)$")
_AT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class ScheduleCheck:
    """The verdict on one schedule expression.

    >>> ScheduleCheck("rate(5 minutes)", "rate", True, "ok").valid
    True
    """

    expression: str
    kind: str | None
    valid: bool
    reason: str


def _check_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise CourseInputError(text(MESSAGES, "not_text", name=name, value=value))
    return value.strip()


def check_timezone(timezone: object) -> ZoneInfo:
    """Return the :class:`~zoneinfo.ZoneInfo` for an IANA name, or raise a clear error.

    >>> check_timezone("Asia/Tokyo").key
    'Asia/Tokyo'
    """
    if not isinstance(timezone, str) or not timezone or timezone not in _zone_names():
        raise CourseInputError(text(MESSAGES, "bad_zone", zone=timezone))
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as err:  # pragma: no cover - listed names load
        raise CourseInputError(text(MESSAGES, "bad_zone", zone=timezone)) from err


def _zone_names() -> set[str]:
    if not hasattr(_zone_names, "cache"):
        _zone_names.cache = available_timezones() | {"UTC"}  # type: ignore[attr-defined]
    return _zone_names.cache  # type: ignore[attr-defined]


def _croniter(fields: str):  # noqa: ANN202 - the library has no type hints
    from aws_croniter import AwsCroniter

    return AwsCroniter(fields)


def _check_cron(expression: str, fields: str, zone: str) -> ScheduleCheck:
    from aws_croniter.exceptions import AwsCroniterExpressionError

    try:
        parsed = _croniter(fields)
    except AwsCroniterExpressionError as err:
        reason = text(MESSAGES, "cron_invalid", detail=str(err).replace(".One", ". One").rstrip(".") + ".")
        if "question mark" in str(err):
            reason += text(MESSAGES, "question_rule")
        elif "number of values" in str(err):
            reason += text(MESSAGES, "five_fields")
        return ScheduleCheck(expression, "cron", False, reason)
    except (ValueError, IndexError) as err:
        return ScheduleCheck(expression, "cron", False,
                             text(MESSAGES, "cron_unsupported", detail=str(err)))
    if parsed.days_of_week == ["L", 0]:  # the library reads 'L' alone as "no day"; AWS means Saturday
        return ScheduleCheck(expression, "cron", False, text(MESSAGES, "cron_unsupported",
                                                             detail=text(MESSAGES, "l_alone")))
    return ScheduleCheck(expression, "cron", True, text(MESSAGES, "ok_cron", zone=zone))


def _check_rate(expression: str, body: str) -> ScheduleCheck:
    match = _RATE.match(body)
    if not match or int(match.group(1)) < 1:
        return ScheduleCheck(expression, "rate", False, text(MESSAGES, "rate_invalid",
                                                             expression=expression))
    value, unit = int(match.group(1)), match.group(2)
    if (value == 1) != (not unit.endswith("s")):
        return ScheduleCheck(expression, "rate", False, text(MESSAGES, "rate_singular",
                                                             expression=expression))
    return ScheduleCheck(expression, "rate", True, text(MESSAGES, "ok_rate", value=value, unit=unit))


def _check_at(expression: str, body: str) -> ScheduleCheck:
    match = _AT.match(body)
    try:
        if not match:
            raise ValueError(body)
        datetime(*(int(g) for g in match.groups()))
    except ValueError:
        return ScheduleCheck(expression, "at", False, text(MESSAGES, "at_invalid", expression=expression))
    return ScheduleCheck(expression, "at", True, text(MESSAGES, "ok_at"))


def check_expression(expression: str, timezone: str = "UTC") -> ScheduleCheck:
    """Say whether ``expression`` is a valid EventBridge schedule expression, and why not.

    Bad *expressions* give ``valid=False`` with a reason (they are what a learner is
    exploring); a non-string or an unknown time zone raises ``CourseInputError``.

    >>> check_expression("rate(5 minutes)").valid
    True
    >>> print(check_expression("cron(0 2 * * MON-FRI *)").reason)  # doctest: +ELLIPSIS
    Not a valid AWS cron expression: Invalid combination ... must be '?', because you cannot give both.
    """
    expression = _check_text("expression", expression)
    check_timezone(timezone)
    match = _WRAPPER.match(expression)
    if not match:
        return ScheduleCheck(expression, None, False, text(MESSAGES, "no_wrapper", expression=expression))
    kind, body = match.group(1), match.group(2).strip()
    if kind == "cron":
        return _check_cron(expression, body, timezone)
    if kind == "rate":
        return _check_rate(expression, body)
    return _check_at(expression, body)


def _cron_runs(fields: str, zone: ZoneInfo, after: datetime, count: int) -> list[datetime]:
    """Walk the zone's wall clock with aws-croniter, then attach the zone.

    A wall time that does not exist (spring-forward gap) is skipped, as EventBridge
    Scheduler skips it; a repeated wall time (fall-back) runs once, at its first instant.
    """
    cron = _croniter(fields)
    cursor = after.astimezone(zone).replace(tzinfo=None).replace(tzinfo=UTC)  # wall clock as "UTC"
    runs: list[datetime] = []
    for _ in range(count * 3 + 10):  # a few skipped gap hours at most
        found = cron.get_next(cursor, n=1)[0]
        if found is None:
            break
        cursor = found
        wall = found.replace(tzinfo=None)
        local = wall.replace(tzinfo=zone)
        if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
            continue  # this wall time does not exist in the zone on that day
        runs.append(local)
        if len(runs) == count:
            break
    return runs


def next_runs(expression: str, timezone: str = "UTC", *, after: datetime = DEFAULT_NOW,
              count: int = 5) -> list[datetime]:
    """Return the next ``count`` runs strictly after ``after``, as datetimes in ``timezone``.

    ``timezone`` plays the part of Scheduler's ``ScheduleExpressionTimezone``; pass
    ``"UTC"`` for a scheduled rule. A ``rate`` schedule is taken to start at ``after``
    (its creation), so its runs are ``after + k x interval``. A cron or ``at`` schedule
    whose times are all in the past returns fewer runs (possibly none).

    >>> [t.isoformat() for t in next_runs("cron(0 17 ? * SUN-THU *)", count=2)]
    ['2026-12-01T17:00:00+00:00', '2026-12-02T17:00:00+00:00']
    >>> next_runs("rate(1 day)", "Asia/Tokyo", count=1)[0].isoformat()
    '2026-12-02T09:00:00+09:00'
    """
    verdict = check_expression(expression, timezone)
    zone = check_timezone(timezone)
    n = int(check_number("count", count, low=1, high=1000))
    if not isinstance(after, datetime) or after.tzinfo is None or after.utcoffset() is None:
        raise CourseInputError(text(MESSAGES, "naive"))
    if not verdict.valid:
        raise CourseInputError(text(MESSAGES, "invalid", reason=verdict.reason))
    body = _WRAPPER.match(verdict.expression).group(2).strip()  # type: ignore[union-attr]
    if verdict.kind == "cron":
        return _cron_runs(body, zone, after, n)
    if verdict.kind == "rate":
        value, unit = _RATE.match(body).groups()  # type: ignore[union-attr]
        step = timedelta(seconds=int(value) * _UNIT_SECONDS[unit.rstrip("s")])
        return [(after + k * step).astimezone(zone) for k in range(1, n + 1)]
    moment = datetime.fromisoformat(body).replace(tzinfo=zone)
    return [moment] if moment > after else []


def runs_table(expression: str, timezone: str = "UTC", *, after: datetime = DEFAULT_NOW,
               count: int = 5) -> list[dict[str, str]]:
    """Return the next runs as rows of text: local time, weekday and the same instant in UTC.

    >>> runs_table("cron(0 17 * * ? *)", "Asia/Tokyo", count=1)
    [{'local': '2026-12-01 17:00 JST', 'weekday': 'Tue', 'utc': '2026-12-01 08:00 UTC'}]
    """
    return [{"local": t.strftime("%Y-%m-%d %H:%M %Z"), "weekday": t.strftime("%a"),
             "utc": t.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")}
            for t in next_runs(expression, timezone, after=after, count=count)]


def same_runs(first: tuple[str, str], second: tuple[str, str], *, after: datetime = DEFAULT_NOW,
              count: int = 20) -> bool:
    """Say whether two ``(expression, timezone)`` schedules fire at the same instants.

    >>> same_runs(("cron(0 2 ? * MON-FRI *)", "Asia/Tokyo"), ("cron(0 17 ? * SUN-THU *)", "UTC"))
    True
    """
    runs_a = next_runs(first[0], first[1], after=after, count=count)
    runs_b = next_runs(second[0], second[1], after=after, count=count)
    return len(runs_a) == len(runs_b) and all(a == b for a, b in zip(runs_a, runs_b, strict=True))
