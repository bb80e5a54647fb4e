"""Schedule explorer: type an EventBridge expression, pick a time zone, see the next runs.

>>> explorer = ScheduleExplorer()
>>> explorer.expression.value = "cron(0 2 * * MON-FRI *)"
>>> explorer.check.valid
False
>>> explorer.expression.value = "cron(0 2 ? * MON-FRI *)"
>>> explorer.runs[0]["local"]
'2026-12-02 02:00 JST'
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

import ipywidgets as w

from course.i18n import text
from course.schedules import DEFAULT_NOW, TIME_ZONES, check_expression, runs_table
from course.widgets.display import show

MESSAGES = {
    "en": {
        "expression": "expression",
        "zone": "time zone",
        "real_now": "use the real current time (otherwise {now})",
        "valid": "✔ {reason}",
        "invalid": "✘ {reason}",
        "after": "Next {count} runs after {now}:",
        "none": "No runs after {now}.",
        "head": "<tr><th>local time</th><th>day</th><th>same instant in UTC</th></tr>",
        "fallback": "[Schedule explorer: run the notebook to type an expression and pick a time zone]",
    }
}


class ScheduleExplorer:
    """A text box for the expression, a time-zone menu, and the verdict with the next runs."""

    def __init__(self, expression: str = "cron(0 2 ? * MON-FRI *)", timezone: str = "Asia/Tokyo",
                 count: int = 5) -> None:
        self.count = count
        self.expression = w.Text(value=expression, description=text(MESSAGES, "expression"),
                                 continuous_update=False, layout=w.Layout(width="420px"))
        self.timezone = w.Dropdown(options=list(TIME_ZONES), value=timezone,
                                   description=text(MESSAGES, "zone"))
        self.real_now = w.Checkbox(value=False, indent=False, description=text(
            MESSAGES, "real_now", now=DEFAULT_NOW.strftime("%Y-%m-%d %H:%M UTC")))
        self.output = w.HTML()
        self.check = check_expression(expression, timezone)
        self.runs: list[dict[str, str]] = []
        for control in (self.expression, self.timezone, self.real_now):
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    def now(self) -> datetime:
        """The instant the runs are counted from: the fixed lesson time, or the real clock."""
        return datetime.now(UTC).replace(second=0, microsecond=0) if self.real_now.value else DEFAULT_NOW

    def update(self) -> None:
        """Check the expression in the chosen zone and list its next runs."""
        now = self.now()
        self.check = check_expression(self.expression.value, self.timezone.value)
        self.runs = (runs_table(self.expression.value, self.timezone.value, after=now, count=self.count)
                     if self.check.valid else [])
        verdict = text(MESSAGES, "valid" if self.check.valid else "invalid", reason=self.check.reason)
        colour = "green" if self.check.valid else "#b45309"
        parts = [f"<div style='color:{colour}'>{html.escape(verdict)}</div>"]
        stamp = now.strftime("%Y-%m-%d %H:%M UTC")
        if self.check.valid and self.runs:
            rows = "".join(f"<tr><td>{r['local']}</td><td>{r['weekday']}</td><td>{r['utc']}</td></tr>"
                           for r in self.runs)
            parts.append(html.escape(text(MESSAGES, "after", count=len(self.runs), now=stamp)))
            parts.append(f"<table>{text(MESSAGES, 'head')}{rows}</table>")
        elif self.check.valid:
            parts.append(html.escape(text(MESSAGES, "none", now=stamp)))
        self.output.value = "".join(parts)

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box."""
        return w.VBox([w.HBox([self.expression, self.timezone]), self.real_now, self.output])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))
