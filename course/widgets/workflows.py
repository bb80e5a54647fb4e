"""Explorer for lesson 08: what one workload costs as Standard and as Express workflows.

Moving only the executions slider redraws two dots over a cached background, so a
redraw stays well under 100 ms; the other controls recompute the two cost lines.

>>> explorer = StepFunctionsCostExplorer(executions_per_month=1_000_000, states_per_execution=10,
...                                      duration_seconds=0.25, memory_mb=64)
>>> explorer.result["cheaper"]
'Express'
>>> explorer.duration.value = 600
>>> explorer.result["express"] is None
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course.i18n import text
from course.plots.workflows import COST_RANGE, EXECUTIONS_RANGE, cost_figure, history_timeline
from course.widgets.display import canvas_png, draw_over_background, show
from course.workflows import compare_standard_express

FLOOR = COST_RANGE[0]  # a cost of $0 (free tier) is drawn on the bottom edge of the log axis

MESSAGES = {
    "en": {
        "executions": "executions / month",
        "states": "states / execution",
        "duration": "duration (s)",
        "memory": "memory (MB)",
        "free_tier": "Standard free tier (4,000 transitions)",
        "standard": "Standard: <b>{cost}</b> a month ({transitions:,.0f} state transitions)",
        "express": "Express: <b>{cost}</b> a month",
        "express_no": "Express: not possible ({note})",
        "cheaper": " ← cheaper",
        "fallback": "[Standard-vs-Express cost explorer: run the notebook to move the sliders]",
        "event": "event",
        "step": "Event {id} of {total}: <b>{type}</b>{state}{detail}",
        "in_state": " in <b>{state}</b>",
        "step_fallback": "[History stepper: run the notebook and move the slider through the events]",
    }
}


#: The artists that move; everything else is the cached background.
MOVING = ("standard", "express", "marker", "standard_dot", "express_dot")


def _usd(amount: float) -> str:
    """Dollars with cents, or with four decimals below one dollar.

    >>> _usd(1234.5), _usd(0.075)
    ('$1,234.50', '$0.0750')
    """
    return f"${amount:,.2f}" if amount >= 1 else f"${amount:.4f}"


class StepFunctionsCostExplorer:
    """Sliders for volume, states, duration and memory; the monthly cost of both workflow types."""

    def __init__(self, executions_per_month: float = 100_000, states_per_execution: int = 10,
                 duration_seconds: float = 2.0, memory_mb: int = 64, free_tier: bool = False) -> None:
        style = {"description_width": "130px"}
        low, high = (float(np.log10(v)) for v in EXECUTIONS_RANGE)
        self.executions = w.FloatLogSlider(value=executions_per_month, base=10, min=low, max=high,
                                           step=0.05, description=text(MESSAGES, "executions"),
                                           style=style, readout_format=",.0f")
        self.states = w.IntSlider(value=states_per_execution, min=1, max=100,
                                  description=text(MESSAGES, "states"), style=style)
        self.duration = w.FloatLogSlider(value=duration_seconds, base=10, min=-1, max=np.log10(86_400),
                                         step=0.05, description=text(MESSAGES, "duration"),
                                         style=style, readout_format=",.1f")
        self.memory = w.IntSlider(value=memory_mb, min=64, max=4096, step=64,
                                  description=text(MESSAGES, "memory"), style=style)
        self.free_tier = w.Checkbox(value=free_tier, description=text(MESSAGES, "free_tier"),
                                    indent=False)
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.figure, self._parts = cost_figure()
        self._canvas = FigureCanvasAgg(self.figure)
        self._xs = np.logspace(low, high, 40)
        self._background: Any = None
        self.result: dict[str, Any] = {}
        for control in (self.executions, self.states, self.duration, self.memory, self.free_tier):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def _costs(self, executions: float) -> dict[str, Any]:
        return compare_standard_express(executions, self.states.value, self.duration.value * 1000,
                                        self.memory.value, free_tier=self.free_tier.value)

    def redraw(self) -> None:
        """Recompute both costs for the current controls and update the figure and summary.

        The axes have fixed limits, so the background (axes, ticks, legend) is drawn once;
        each redraw only blits the two lines, two dots and the marker over it.
        """
        runs = self.executions.value
        self.result = self._costs(runs)
        parts = self._parts
        curves = [self._costs(float(x)) for x in self._xs]
        parts["standard"].set_data(self._xs, [max(c["standard"], FLOOR) for c in curves])
        express = self.result["express"]
        if express is None:
            parts["express"].set_data([], [])
            parts["express_dot"].set_data([], [])
        else:
            parts["express"].set_data(self._xs, [max(c["express"], FLOOR) for c in curves])
            parts["express_dot"].set_data([runs], [max(express, FLOOR)])
        parts["standard_dot"].set_data([runs], [max(self.result["standard"], FLOOR)])
        parts["marker"].set_xdata([runs, runs])
        if self._background is None:
            self._draw_background()
        draw_over_background(self._canvas, self._background, (parts[name] for name in MOVING))
        self.text.value = self._summary()
        self.image.value = canvas_png(self._canvas)

    def _draw_background(self) -> None:
        for name in MOVING:
            self._parts[name].set_visible(False)
        self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        for name in MOVING:
            self._parts[name].set_visible(True)

    def _summary(self) -> str:
        r = self.result
        cheaper = text(MESSAGES, "cheaper")
        lines = [text(MESSAGES, "standard", cost=_usd(r["standard"]), transitions=r["transitions"])
                 + (cheaper if r["cheaper"] == "Standard" else "")]
        if r["express"] is None:
            lines.append(text(MESSAGES, "express_no", note=r["note"]))
        else:
            lines.append(text(MESSAGES, "express", cost=_usd(r["express"]))
                         + (cheaper if r["cheaper"] == "Express" else ""))
        return "<br>".join(lines)

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: controls, summary, figure."""
        controls = w.HBox([w.VBox([self.executions, self.states]),
                           w.VBox([self.duration, self.memory, self.free_tier])])
        return w.VBox([controls, self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))


class HistoryStepper:
    """A slider that walks through an execution history, event by event, on the timeline figure.

    >>> import pandas as pd
    >>> h = pd.DataFrame({"id": [1, 2, 3], "type": ["ExecutionStarted", "PassStateEntered",
    ...                   "ExecutionSucceeded"], "state": ["", "Hello", ""], "detail": ["", "", ""]})
    >>> stepper = HistoryStepper(h)
    >>> stepper.slider.value = 2
    >>> stepper.text.value
    'Event 2 of 3: <b>PassStateEntered</b> in <b>Hello</b>'
    """

    def __init__(self, history: Any) -> None:
        self.history = history.reset_index(drop=True)
        ids = [int(i) for i in self.history["id"]]
        self.slider = w.IntSlider(value=ids[0], min=ids[0], max=ids[-1], description=text(MESSAGES, "event"),
                                  layout=w.Layout(width="560px"))
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.figure = history_timeline(self.history)
        self._canvas = FigureCanvasAgg(self.figure)
        ax = self.figure.axes[0]
        self._cursor = ax.axvline(ids[0], color="#d62728", lw=2, alpha=0.6)
        self._cursor.set_visible(False)
        self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        self._cursor.set_visible(True)
        self._rows = {event_id: row for event_id, row in zip(ids, self.history.itertuples(), strict=True)}
        self.slider.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def redraw(self) -> None:
        """Move the cursor to the chosen event and describe that event."""
        event_id = self.slider.value
        row = self._rows.get(event_id)
        self._cursor.set_xdata([event_id, event_id])
        draw_over_background(self._canvas, self._background, [self._cursor])
        if row is not None:
            state = text(MESSAGES, "in_state", state=row.state) if row.state else ""
            detail = f" ({row.detail})" if row.detail else ""
            self.text.value = text(MESSAGES, "step", id=event_id, total=len(self.history),
                                   type=row.type, state=state, detail=detail)
        self.image.value = canvas_png(self._canvas)

    def _ipython_display_(self) -> None:
        show(w.VBox([self.slider, self.text, self.image]), text(MESSAGES, "step_fallback"))


