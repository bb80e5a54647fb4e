"""Explorer for lesson 04: maxvCpus and allocation strategy against makespan and cost.

The grid of simulations is run once when the explorer is built (about 0.2 s for the
default workload); moving a control then only moves three artists over a cached
background, so a redraw takes a few tens of milliseconds.

>>> from course.batchscale import RenderWorkload
>>> explorer = BatchScaleExplorer(workload=RenderWorkload(jobs=8), grid=(8, 16))
>>> explorer.max_vcpus.value = 16
>>> explorer.result["makespan_min"]
11.68
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course.batchscale import DEFAULT_GRID, DEFAULT_OPTIONS, RenderWorkload, cheapest_plan, sweep
from course.errors import CourseInputError
from course.i18n import text
from course.plots.batchscale import DEADLINE_RANGE, scale_figure
from course.widgets.display import canvas_png, draw_over_background, show

MESSAGES = {
    "en": {
        "max_vcpus": "maxvCpus",
        "option": "capacity",
        "deadline": "deadline (min)",
        "summary": "<b>{label}</b>, maxvCpus {max_vcpus}: {instances} × {types}, last frame done "
                   "after <b>{makespan:.1f} min</b>, run costs <b>${cost:.3f}</b>. {verdict}",
        "meets": "Meets the {deadline} min deadline.",
        "misses": "<span style='color:#d62728'>Misses the {deadline} min deadline.</span>",
        "best": " Cheapest setting in the grid that meets it: {label}, maxvCpus {max_vcpus} "
                "(${cost:.3f}).",
        "none": " No setting in the grid meets it.",
        "fallback": "[Batch scale explorer: run the notebook to move maxvCpus, the capacity "
                    "option and the deadline]",
        "bad_default": "{name}={value!r} is not in the grid {grid!r}.",
    }
}


class BatchScaleExplorer:
    """Choose maxvCpus, the purchase option/strategy and a deadline; see makespan and cost."""

    def __init__(self, *, workload: RenderWorkload | None = None,
                 grid: tuple[int, ...] = DEFAULT_GRID,
                 options: tuple[tuple[str, str], ...] = DEFAULT_OPTIONS,
                 max_vcpus: int | None = None, deadline_minutes: int = 60) -> None:
        self.table = sweep(grid, options, workload=workload)
        labels = list(dict.fromkeys(self.table["label"]))
        grid_values = sorted(set(self.table["max_vcpus"]))
        max_vcpus = grid_values[len(grid_values) // 2] if max_vcpus is None else max_vcpus
        if max_vcpus not in grid_values:
            raise CourseInputError(text(MESSAGES, "bad_default", name="max_vcpus",
                                        value=max_vcpus, grid=tuple(grid_values)))
        style = {"description_width": "110px"}
        self.max_vcpus = w.SelectionSlider(options=grid_values, value=max_vcpus, style=style,
                                           description=text(MESSAGES, "max_vcpus"))
        self.option = w.Dropdown(options=labels, value=labels[0], style=style,
                                 description=text(MESSAGES, "option"),
                                 layout=w.Layout(width="420px"))
        self.deadline = w.IntSlider(value=deadline_minutes, min=int(DEADLINE_RANGE[0]),
                                    max=int(DEADLINE_RANGE[1]), step=5, style=style,
                                    description=text(MESSAGES, "deadline"))
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.figure, self._parts = scale_figure(self.table)
        self._canvas = FigureCanvasAgg(self.figure)
        for name in ("makespan_dot", "cost_dot", "deadline"):
            self._parts[name].set_visible(False)
        self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        for name in ("makespan_dot", "cost_dot", "deadline"):
            self._parts[name].set_visible(True)
        self.result: dict[str, Any] = {}
        for control in (self.max_vcpus, self.option, self.deadline):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def redraw(self) -> None:
        """Look the current setting up in the grid, move the markers, update the text."""
        table = self.table
        row = table[(table["label"] == self.option.value)
                    & (table["max_vcpus"] == self.max_vcpus.value)].iloc[0]
        self.result = row.to_dict()
        parts = self._parts
        parts["makespan_dot"].set_data([row["max_vcpus"]], [row["makespan_min"]])
        parts["cost_dot"].set_data([row["max_vcpus"]], [row["cost_usd"]])
        parts["deadline"].set_ydata([self.deadline.value, self.deadline.value])
        moving = (parts[name] for name in ("deadline", "makespan_dot", "cost_dot"))
        draw_over_background(self._canvas, self._background, moving)
        self.text.value = self._summary()
        self.image.value = canvas_png(self._canvas)

    def _summary(self) -> str:
        r, deadline = self.result, self.deadline.value
        verdict = text(MESSAGES, "meets" if r["makespan_min"] <= deadline else "misses",
                       deadline=deadline)
        try:
            best = cheapest_plan(self.table, deadline)
            verdict += text(MESSAGES, "best", label=best["label"], max_vcpus=best["max_vcpus"],
                            cost=best["cost_usd"])
        except CourseInputError:
            verdict += text(MESSAGES, "none")
        return text(MESSAGES, "summary", label=r["label"], max_vcpus=r["max_vcpus"],
                    instances=r["instances"], types=r["instance_types"],
                    makespan=r["makespan_min"], cost=r["cost_usd"], verdict=verdict)

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: controls, summary line, figure."""
        return w.VBox([w.HBox([self.max_vcpus, self.deadline]), self.option, self.text,
                       self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))
