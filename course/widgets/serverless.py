"""Fan-out explorer: how many S3 objects, how long each, how much concurrency, at what cost.

>>> explorer = FanOutExplorer()
>>> explorer.concurrency.value = 100
>>> explorer.result["waves"]
50
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course.i18n import text
from course.plots.serverless import fan_out_figure
from course.serverless import fan_out, fan_out_curve
from course.widgets.display import canvas_png, draw_over_background, show

MESSAGES = {
    "en": {
        "objects": "S3 objects",
        "seconds": "s per object",
        "per_invocation": "objects / call",
        "concurrency": "concurrency",
        "memory": "memory (MB)",
        "summary": "{invocations:,} invocations of {each:,.1f} s in {waves:,} wave(s): finished after "
                   "{minutes:,.1f} min. {gbs:,.0f} GB-s + {invocations:,} requests = <b>${cost:,.4f}</b> "
                   "(no free tier).",
        "too_long": "One invocation would run {each:,.0f} s: over Lambda's 900 s limit. "
                    "Put fewer objects in each call, or move this job to AWS Batch or Fargate.",
        "fallback": "[Fan-out explorer: run the notebook to move the sliders]",
    }
}

CONCURRENCY_GRID = [int(c) for c in np.unique(np.round(np.logspace(0, np.log10(20_000), 60)))]


class FanOutExplorer:
    """Sliders for a Lambda fan-out over S3 objects; a live makespan curve and the bill."""

    def __init__(self, objects: int = 5_000, seconds_per_object: float = 2.0,
                 objects_per_invocation: int = 1, concurrency: int = 1_000,
                 memory_mb: int = 1_024) -> None:
        style = {"description_width": "110px"}
        self.objects = w.IntSlider(value=objects, min=100, max=200_000, step=100,
                                   description=text(MESSAGES, "objects"), style=style)
        self.seconds = w.FloatSlider(value=seconds_per_object, min=0.1, max=120, step=0.1,
                                     description=text(MESSAGES, "seconds"), style=style)
        self.per_invocation = w.IntSlider(value=objects_per_invocation, min=1, max=500,
                                          description=text(MESSAGES, "per_invocation"), style=style)
        self.concurrency = w.IntSlider(value=concurrency, min=1, max=20_000, step=1,
                                       description=text(MESSAGES, "concurrency"), style=style)
        self.memory = w.IntSlider(value=memory_mb, min=128, max=10_240, step=64,
                                  description=text(MESSAGES, "memory"), style=style)
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.figure, self._parts = fan_out_figure()
        self._canvas = FigureCanvasAgg(self.figure)
        self._drawn_for: tuple[Any, ...] | None = None
        self._background: Any = None
        self.result: dict[str, Any] = {}
        for slider in (self.objects, self.seconds, self.per_invocation, self.concurrency, self.memory):
            slider.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def redraw(self) -> None:
        """Recompute the plan and redraw only the curve and the dot over a cached background.

        The axes have fixed log limits, so the background (frame, ticks, labels) is drawn once.
        """
        shape = (self.objects.value, self.seconds.value, self.per_invocation.value)
        self.result = fan_out(*shape[:2], concurrency=self.concurrency.value,
                              objects_per_invocation=shape[2], memory_mb=self.memory.value)
        parts = self._parts
        if self._background is None:
            for artist in (parts["curve"], parts["dot"]):
                artist.set_visible(False)
            self._canvas.draw()
            self._background = self._canvas.copy_from_bbox(self.figure.bbox)
            for artist in (parts["curve"], parts["dot"]):
                artist.set_visible(True)
        if shape != self._drawn_for:
            curve = fan_out_curve(shape[0], shape[1], CONCURRENCY_GRID, objects_per_invocation=shape[2])
            parts["curve"].set_data(curve["concurrency"], np.asarray(curve["makespan_seconds"]) / 60.0)
            self._drawn_for = shape
        parts["dot"].set_data([self.concurrency.value], [self.result["makespan_seconds"] / 60.0])
        draw_over_background(self._canvas, self._background, (parts["curve"], parts["dot"]))
        self.text.value = self._summary()
        self.image.value = canvas_png(self._canvas)

    def _summary(self) -> str:
        r = self.result
        if not r["fits"]:
            return text(MESSAGES, "too_long", each=r["invocation_seconds"])
        return text(MESSAGES, "summary", invocations=r["invocations"], each=r["invocation_seconds"],
                    waves=r["waves"], minutes=r["makespan_seconds"] / 60.0, gbs=r["gb_seconds"],
                    cost=r["cost"])

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: sliders, summary line, figure."""
        controls = w.HBox([w.VBox([self.objects, self.seconds, self.per_invocation]),
                           w.VBox([self.concurrency, self.memory])])
        return w.VBox([controls, self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))
