"""Explorer for lesson 05: an Auto Scaling group of queue workers against a batch window.

Every slider change re-runs :func:`course.autoscaling.simulate` (a few tens of ms) and redraws
only the lines over a background drawn once. The axes are fixed (time up to the horizon,
instances up to the slider's maximum), so every setting is drawn on the same scale and a
redraw stays under 100 ms.

>>> explorer = AutoScalingExplorer()
>>> explorer.max_instances.value = 30
>>> explorer.target.value = 10
>>> explorer.summary["met_deadline"]
True
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course.autoscaling import ScalingPolicy, Workload, simulate
from course.i18n import text
from course.plots.autoscaling import timeline_figure, update_timeline
from course.widgets.display import canvas_png, draw_over_background, show

TARGETS = (2, 5, 10, 15, 20, 30, 45, 60, 90, 120)

MESSAGES = {
    "en": {
        "target": "target backlog",
        "max": "max instances",
        "boot": "boot (min)",
        "spot": "Spot share",
        "hazard": "interrupts/h",
        "hazard_tip": "Spot interruptions per instance-hour; 0 uses the catalogue's monthly rate",
        "rebalance": "Capacity Rebalancing",
        "summary": "{jobs:,} jobs of {job_minutes} min, deadline {deadline:g} min. "
                   "Finished after <b>{finish}</b>; cost <b>${cost:.2f}</b> "
                   "({billed:.1f} instance-hours billed, {idle:.1f} of them idle); "
                   "peak {peak} instances, {interruptions} Spot interruptions, "
                   "{requeued} jobs went back to the queue. {verdict}",
        "minutes": "{minutes} min",
        "not_done": "not done in {horizon} min",
        "meets": "Meets the deadline.",
        "misses": "<span style='color:#d62728'>Misses the deadline.</span>",
        "fallback": "[Auto Scaling explorer: run the notebook to move target backlog, max instances, "
                    "boot time and Spot share]",
    }
}


class AutoScalingExplorer:
    """Sliders for the scaling policy; a live plot of queue and instances, finish time and cost."""

    def __init__(self, workload: Workload | None = None, policy: ScalingPolicy | None = None,
                 *, horizon_minutes: int = 240, seed: int = 0) -> None:
        self.workload = Workload() if workload is None else workload
        self.base = ScalingPolicy() if policy is None else policy
        self.horizon = max(horizon_minutes, int(self.workload.deadline_minutes))
        self.seed = seed
        style = {"description_width": "120px"}
        targets = sorted(set(TARGETS) | {self.base.target_backlog})
        self.target = w.SelectionSlider(options=targets, value=self.base.target_backlog,
                                        description=text(MESSAGES, "target"), style=style)
        self.max_instances = w.IntSlider(value=self.base.max_instances, min=1, max=60,
                                         description=text(MESSAGES, "max"), style=style)
        self.boot = w.IntSlider(value=self.base.boot_minutes, min=1, max=15,
                                description=text(MESSAGES, "boot"), style=style)
        self.spot = w.FloatSlider(value=self.base.spot_share, min=0, max=1, step=0.1,
                                  description=text(MESSAGES, "spot"), style=style)
        rate = self.base.spot_interruptions_per_hour
        self.hazard = w.FloatSlider(value=0.0 if rate is None else rate, min=0, max=1, step=0.05,
                                    description=text(MESSAGES, "hazard"), style=style,
                                    tooltip=text(MESSAGES, "hazard_tip"))
        self.rebalance = w.Checkbox(value=self.base.capacity_rebalance,
                                    description=text(MESSAGES, "rebalance"))
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.figure, self._parts = timeline_figure(self.workload.jobs, self.max_instances.max,
                                                   self.horizon)
        self._canvas = FigureCanvasAgg(self.figure)
        self._background: Any = None
        self.summary: dict[str, Any] = {}
        for control in (self.target, self.max_instances, self.boot, self.spot, self.hazard,
                        self.rebalance):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    @property
    def policy(self) -> ScalingPolicy:
        """The policy that the controls describe."""
        high = self.max_instances.value
        return replace(self.base, target_backlog=self.target.value, max_instances=high,
                       min_instances=min(self.base.min_instances, high),
                       on_demand_base=min(self.base.on_demand_base, high),
                       boot_minutes=self.boot.value, spot_share=round(self.spot.value, 2),
                       spot_interruptions_per_hour=round(self.hazard.value, 2) or None,
                       capacity_rebalance=self.rebalance.value)

    def redraw(self) -> None:
        """Re-run the model for the current controls and update the figure and summary line."""
        result = simulate(self.policy, self.workload, horizon_minutes=self.horizon, seed=self.seed)
        self.timeline, self.summary = result.timeline, result.summary
        if self._background is None:
            self._draw_background()
        update_timeline(self._parts, self.timeline, self.workload.deadline_minutes,
                        self.summary["finish_minute"])
        draw_over_background(self._canvas, self._background, self._artists())
        self.text.value = self._summary()
        self.image.value = canvas_png(self._canvas)

    def _artists(self) -> list[Any]:
        parts = self._parts
        return [parts["queue"], parts["instances"], parts["spot"], *parts["deadline"],
                *parts["finish"]]

    def _draw_background(self) -> None:
        artists = self._artists()
        for artist in artists:
            artist.set_animated(True)
        self._canvas.draw()
        self.figure.set_layout_engine("none")  # keep the first layout: later draws are cheaper
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)

    def _summary(self) -> str:
        s, wl = self.summary, self.workload
        finish = (text(MESSAGES, "minutes", minutes=s["finish_minute"]) if s["finish_minute"] is not None
                  else text(MESSAGES, "not_done", horizon=self.horizon))
        return text(MESSAGES, "summary", jobs=wl.jobs, job_minutes=wl.job_minutes,
                    deadline=wl.deadline_minutes, finish=finish, cost=s["cost_usd"],
                    billed=s["billed_instance_hours"], idle=s["idle_instance_hours"],
                    peak=s["peak_instances"], interruptions=s["interruptions"],
                    requeued=s["jobs_requeued"],
                    verdict=text(MESSAGES, "meets" if s["met_deadline"] else "misses"))

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: controls, summary line, figure."""
        controls = w.HBox([w.VBox([self.target, self.max_instances, self.boot]),
                           w.VBox([self.spot, self.hazard, self.rebalance])])
        return w.VBox([controls, self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))
