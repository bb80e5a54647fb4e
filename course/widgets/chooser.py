"""The service chooser as a widget: describe a workload, read the recommendation and why.

The controls feed :func:`course.chooser.choose`; the answer is rendered as HTML text and a
table (no figure), so a redraw takes a few milliseconds.

>>> explorer = ServiceChooser(task_minutes=40, memory_gb=4)
>>> explorer.choice.service
'fargate'
>>> explorer.set(task_minutes=5).service
'lambda'
"""

from __future__ import annotations

import html
import time
from typing import Any

import ipywidgets as w

from course.catalogue import service_name
from course.chooser import KINDS, Choice, choose
from course.chooser import MESSAGES as CHOOSER_MESSAGES
from course.errors import check_choice
from course.i18n import text
from course.widgets.display import show

MESSAGES = {
    "en": {
        "task_minutes": "minutes per task",
        "memory_gb": "GB per task",
        "tasks": "tasks per run",
        "runs_per_day": "how often",
        "data_gb": "GB per run",
        "steps": "steps",
        "interruptible": "interruptions are tolerable (Spot)",
        "kind": "the work is",
        "by_hand": "by hand",
        "weekly": "weekly",
        "daily": "daily",
        "hourly": "hourly",
        "quarter": "every 15 min",
        "minute": "every minute",
        "notes": "Notes",
        "fallback": "[Service chooser: run the notebook to describe a workload and see the recommendation]",
    }
}

_FREQUENCIES = (("by_hand", 0.0), ("weekly", 1 / 7), ("daily", 1.0), ("hourly", 24.0),
                ("quarter", 96.0), ("minute", 1440.0))
_TASKS = (1, 10, 100, 1_000, 10_000, 100_000)
_COLOURS = {"recommended": "#1b7a3a", "orchestrator": "#1b5e9a", "ruled out": "#b3261e",
            "poor fit": "#7a5b00", "not needed": "#555555"}


class ServiceChooser:
    """Sliders and switches for a workload; redraws the chooser's verdicts on every change.

    ``timings_ms`` keeps the time of every redraw, in milliseconds.
    """

    def __init__(self, task_minutes: float = 5, memory_gb: float = 1, tasks: int = 1,
                 runs_per_day: float = 1, data_gb: float = 1, steps: int = 1,
                 interruptible: bool = False, kind: str = "code") -> None:
        style = {"description_width": "180px"}
        layout = w.Layout(width="520px")
        label = {k: text(MESSAGES, k) for k in MESSAGES["en"]}
        self.controls: dict[str, w.Widget] = {
            "task_minutes": w.FloatLogSlider(value=task_minutes, base=10, min=-1, max=4, step=0.05,
                                             description=label["task_minutes"], style=style,
                                             layout=layout, readout_format=".3g"),
            "memory_gb": w.FloatLogSlider(value=memory_gb, base=2, min=-3, max=10, step=0.25,
                                          description=label["memory_gb"], style=style, layout=layout,
                                          readout_format=".3g"),
            "tasks": w.SelectionSlider(options=_TASKS, value=tasks if tasks in _TASKS else 1,
                                       description=label["tasks"], style=style, layout=layout),
            "runs_per_day": w.SelectionSlider(
                options=[(label[k], v) for k, v in _FREQUENCIES],
                value=min((v for _, v in _FREQUENCIES), key=lambda v: abs(v - runs_per_day)),
                description=label["runs_per_day"], style=style, layout=layout),
            "data_gb": w.FloatLogSlider(value=max(data_gb, 0.001), base=10, min=-3, max=5, step=0.25,
                                        description=label["data_gb"], style=style, layout=layout,
                                        readout_format=".3g"),
            "steps": w.IntSlider(value=steps, min=1, max=10, description=label["steps"], style=style,
                                 layout=layout),
            "interruptible": w.Checkbox(value=interruptible, description=label["interruptible"],
                                        style=style, layout=layout),
            "kind": w.Dropdown(options=[(text(CHOOSER_MESSAGES, "kind." + k), k) for k in KINDS],
                               value=check_choice("kind", kind, KINDS), description=label["kind"],
                               style=style, layout=layout),
        }
        self.output = w.HTML()
        self.timings_ms: list[float] = []
        self.choice: Choice = self._choose()
        for control in self.controls.values():
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def values(self) -> dict[str, Any]:
        """Return the workload as :func:`course.chooser.choose` keyword arguments.

        >>> ServiceChooser(steps=3).values()["steps"]
        3
        """
        return {name: control.value for name, control in self.controls.items()}

    def _choose(self) -> Choice:
        return choose(**self.values())

    def set(self, **values: Any) -> Choice:
        """Move controls and return the new choice.

        >>> ServiceChooser().set(task_minutes=40, memory_gb=200).service
        'batch'
        """
        for name, value in values.items():
            self.controls[check_choice("control", name, self.controls)].value = value
        return self.choice

    def redraw(self) -> None:
        """Run the chooser on the controls' values and render its answer.

        >>> explorer = ServiceChooser()
        >>> explorer.redraw(); len(explorer.timings_ms)
        2
        """
        start = time.perf_counter()
        self.choice = self._choose()
        self.output.value = render(self.choice)
        self.timings_ms.append((time.perf_counter() - start) * 1000)

    @property
    def widget(self) -> w.VBox:
        """The controls above the chooser's answer.

        >>> len(ServiceChooser().widget.children)
        9
        """
        return w.VBox([*self.controls.values(), self.output])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))


def render(choice: Choice) -> str:
    """Return a choice as HTML: the recommendation, the notes, and one row per service.

    >>> "Use AWS Batch" in render(choose(task_minutes=60, memory_gb=8, tasks=100))
    True
    """
    rows = []
    for v in choice.verdicts:
        colour = _COLOURS[v.status]
        status = text(CHOOSER_MESSAGES, "status." + v.status)
        rows.append(f"<tr><td style='text-align:left'>{html.escape(service_name(v.service))}</td>"
                    f"<td style='text-align:left;color:{colour};font-weight:bold'>{status}</td>"
                    f"<td style='text-align:left'>{html.escape(v.reason)}</td></tr>")
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in choice.notes)
    return (f"<p style='font-size:1.1em'><b>{html.escape(choice.summary())}</b></p>"
            f"<ul>{notes}</ul><table>{''.join(rows)}</table>")
