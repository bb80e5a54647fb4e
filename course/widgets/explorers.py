"""Interactive explorers: sliders that redraw a figure from the course models.

Each explorer keeps one figure and only updates its data, so a redraw stays
well under 100 ms (see ``benchmarks/bench_widgets.py``).

>>> explorer = BatchWindowExplorer()
>>> explorer.window.value = 60
>>> explorer.result["runs_per_day"]
24.0
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course.batching import window_curve, window_tradeoff
from course.i18n import text
from course.plots.throughput import window_figure
from course.widgets.display import canvas_png, draw_over_background, show

# what a slider move redraws over the cached axes, in drawing order
MOVING = ("overlap", "cost", "latency", "cost_dot", "latency_dot")
_CURVE_KEYS = {"cost": "compute_hours_per_day", "latency": "mean_latency_minutes"}

WINDOW_CHOICES = (1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440)

MESSAGES = {
    "en": {
        "window": "window (min)",
        "arrivals": "items / hour",
        "overhead": "overhead (s)",
        "per_item": "s per item",
        "summary": "Every {window:.0f} min: {items:,.0f} items per run, {runs:.1f} runs a day, "
                   "{eff:.0%} of compute on real work, {hours:.1f} compute-hours a day, "
                   "results wait {lat:.0f} min on average.",
        "fallback": "[Batch-window explorer: run the notebook to move the sliders]",
        "behind": " Warning: a run takes longer than the window, so runs pile up.",
    }
}


class BatchWindowExplorer:
    """Sliders for the batch window, arrival rate and overhead; a live cost/latency figure."""

    def __init__(self, arrivals_per_hour: float = 600, window_minutes: float = 60,
                 overhead_seconds: float = 120, seconds_per_item: float = 1.0) -> None:
        style = {"description_width": "110px"}
        choices = sorted(set(WINDOW_CHOICES) | {window_minutes})
        self.window = w.SelectionSlider(options=choices, value=window_minutes,
                                        description=text(MESSAGES, "window"), style=style)
        self.arrivals = w.IntSlider(value=int(arrivals_per_hour), min=0, max=5000, step=50,
                                    description=text(MESSAGES, "arrivals"), style=style)
        self.overhead = w.IntSlider(value=int(overhead_seconds), min=0, max=900, step=10,
                                    description=text(MESSAGES, "overhead"), style=style)
        self.per_item = w.FloatSlider(value=seconds_per_item, min=0.1, max=10, step=0.1,
                                      description=text(MESSAGES, "per_item"), style=style)
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.figure, self._parts = window_figure()
        self._canvas = FigureCanvasAgg(self.figure)
        self._drawn_for: tuple[float, float, float] | None = None
        self._background: Any = None
        self.result: dict[str, float] = {}
        for slider in (self.window, self.arrivals, self.overhead, self.per_item):
            slider.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def redraw(self) -> None:
        """Recompute the model for the slider values and update the figure and summary.

        The axes (ticks, labels, grid) are drawn once and cached; a slider move redraws
        only the curves, the shaded area and the dots over them. The cache is rebuilt
        only when a curve outgrows its axis or shrinks to a small part of it.
        """
        args = (self.arrivals.value, self.overhead.value, self.per_item.value)
        self.result = window_tradeoff(args[0], self.window.value, args[1], args[2])
        parts = self._parts
        if args != self._drawn_for:
            self._update_curves(args)
        parts["cost_dot"].set_data([self.window.value], [self.result["compute_hours_per_day"]])
        parts["latency_dot"].set_data([self.window.value], [self.result["mean_latency_minutes"]])
        draw_over_background(self._canvas, self._background, (parts[name] for name in MOVING))
        self.text.value = self._summary()
        self.image.value = canvas_png(self._canvas)

    def _update_curves(self, args: tuple[float, float, float]) -> None:
        curve = window_curve(*args)
        x = curve["window_minutes"]
        parts = self._parts
        parts["cost"].set_data(x, curve["compute_hours_per_day"])
        parts["latency"].set_data(x, curve["mean_latency_minutes"])
        behind = x[~curve["keeps_up"]]
        parts["overlap"].set_width((float(behind.max()) if behind.size else 1.0) - 1.0)
        rescale = self._background is None
        for name in ("cost", "latency"):
            ax, top = parts[name].axes, float(max(curve[_CURVE_KEYS[name]].max(), 1e-9))
            current = ax.get_ylim()[1]
            if self._background is None or top > current or top < current / 3:
                ax.set_ylim(0, top * 1.1)
                rescale = True
        if rescale:
            for name in MOVING:
                parts[name].set_visible(False)
            self._canvas.draw()
            self._background = self._canvas.copy_from_bbox(self.figure.bbox)
            for name in MOVING:
                parts[name].set_visible(True)
        self._drawn_for = args

    def _summary(self) -> str:
        r = self.result
        message = text(MESSAGES, "summary", window=r["window_minutes"], items=r["items_per_run"],
                       runs=r["runs_per_day"], eff=r["efficiency"],
                       hours=r["compute_hours_per_day"], lat=r["mean_latency_minutes"])
        return message + (text(MESSAGES, "behind") if not r["keeps_up"] else "")

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: sliders, summary line, figure."""
        controls = w.HBox([w.VBox([self.window, self.arrivals]),
                           w.VBox([self.overhead, self.per_item])])
        return w.VBox([controls, self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))


SMOKE_MESSAGES = {
    "en": {
        "label": "jobs",
        "result": "{jobs} jobs × 3 minutes each = {minutes} minutes of work "
                  "({hours:.1f} hours on one worker, {parallel:.1f} hours on 10).",
        "fallback": "[Widget smoke test: run the notebook and move the slider]",
    }
}


class SmokeTest:
    """A slider and a sentence: if the sentence changes when you move the slider, widgets work.

    >>> smoke = SmokeTest()
    >>> smoke.slider.value = 40
    >>> smoke.output.value.startswith("40 jobs")
    True
    """

    def __init__(self) -> None:
        self.slider = w.IntSlider(value=20, min=1, max=200, description=text(SMOKE_MESSAGES, "label"))
        self.output = w.HTML()
        self.slider.observe(lambda _change: self._update(), names="value")
        self._update()

    def _update(self) -> None:
        jobs = self.slider.value
        self.output.value = text(SMOKE_MESSAGES, "result", jobs=jobs, minutes=jobs * 3,
                                 hours=jobs * 3 / 60, parallel=jobs * 3 / 60 / 10)

    def _ipython_display_(self) -> None:
        show(w.VBox([self.slider, self.output]), text(SMOKE_MESSAGES, "fallback"))
