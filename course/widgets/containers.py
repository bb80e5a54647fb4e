"""Fargate-or-EC2 explorer: choose a task size, an instance type and a utilisation; watch costs.

One persistent figure with fixed axes, drawn once; every change recomputes the costs and
blits only the data artists over the cached axes (the pattern of ``BatchWindowExplorer``).

>>> explorer = FargateEc2Explorer()
>>> explorer.utilisation.value = 50
>>> explorer.result["tasks_per_instance"]
2
>>> explorer.memory.options[:3]
(2.0, 3.0, 4.0)
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course.containers import (
    HOURS_PER_MONTH,
    break_even_by_memory,
    break_even_curve,
    check_region,
    comparable_instance_types,
    fargate_cpu_options,
    fargate_hourly,
    fargate_memory_options,
    fargate_task_size,
)
from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text
from course.plots.containers import break_even_figure
from course.pricing import catalog
from course.widgets.display import canvas_png, draw_over_background, show

MESSAGES = {
    "en": {
        "region": "Region",
        "instance": "EC2 type",
        "vcpu": "task vCPU",
        "memory": "task GB",
        "ec2_price": "EC2 price",
        "on_demand": "On-Demand",
        "spot": "Spot (typical)",
        "utilisation": "utilisation %",
        "reserved": "MiB kept by OS",
        "fits": ("<b>{instance}</b> ({ivcpu:g} vCPU, {imem:g} GiB) holds <b>{k}</b> task(s) of "
                 "{vcpu:g} vCPU / {memory:g} GB. At {u:.0f}% utilisation a month costs: "
                 "EC2 <b>${ec2:,.2f}</b>, Fargate <b>${fargate:,.2f}</b>{spot}. "),
        "spot_part": ", Fargate Spot <b>${cost:,.2f}</b>",
        "break_even": "Break-even at <b>{be:.0f}%</b>: below it Fargate is cheaper, above it EC2.",
        "never": "Fargate is cheaper at every utilisation (break-even {be:.0f}% is above 100%).",
        "no_fit": ("<b>{instance}</b> ({ivcpu:g} vCPU, {imem:g} GiB) cannot hold a task of "
                   "{vcpu:g} vCPU / {memory:g} GB. Choose a larger instance or a smaller task."),
        "fallback": "[Fargate-or-EC2 explorer: run the notebook to move the sliders]",
    }
}


class FargateEc2Explorer:
    """Controls for task size, instance type, EC2 pricing and utilisation; a live cost figure."""

    def __init__(self, task_vcpu: float = 1.0, task_memory_gb: float = 2.0,
                 instance_type: str = "m5.large", utilisation_percent: float = 40,
                 region: str = "us-east-1") -> None:
        region = check_region(region)
        fargate_task_size(task_vcpu, task_memory_gb)   # refuses sizes Fargate does not offer
        instance_type = check_choice("instance_type", instance_type, comparable_instance_types(region))
        utilisation_percent = check_number("utilisation_percent", utilisation_percent, low=0, high=100)
        style = {"description_width": "95px"}
        layout = w.Layout(width="260px")
        self.region = w.Dropdown(options=list(catalog.REGIONS), value=region,
                                 description=text(MESSAGES, "region"), style=style, layout=layout)
        self.instance = w.Dropdown(options=comparable_instance_types(region), value=instance_type,
                                   description=text(MESSAGES, "instance"), style=style, layout=layout)
        self.vcpu = w.Dropdown(options=fargate_cpu_options(), value=float(task_vcpu),
                               description=text(MESSAGES, "vcpu"), style=style, layout=layout)
        self.memory = w.Dropdown(options=fargate_memory_options(task_vcpu),
                                 value=float(task_memory_gb), description=text(MESSAGES, "memory"),
                                 style=style, layout=layout)
        self.ec2_price = w.ToggleButtons(options=[(text(MESSAGES, "on_demand"), False),
                                                  (text(MESSAGES, "spot"), True)], value=False,
                                         description=text(MESSAGES, "ec2_price"), style=style)
        self.utilisation = w.IntSlider(value=int(utilisation_percent), min=0, max=100, step=1,
                                       description=text(MESSAGES, "utilisation"), style=style)
        self.reserved = w.IntSlider(value=0, min=0, max=1024, step=32,
                                    description=text(MESSAGES, "reserved"), style=style)
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.figure, self._parts = break_even_figure()
        self._canvas = FigureCanvasAgg(self.figure)
        self._background: Any = None
        self._animated = [a for a in self._parts.values() if a.get_animated()]
        self._busy = False
        self.result: dict[str, Any] = {}
        self.region.observe(self._region_changed, names="value")
        self.vcpu.observe(self._vcpu_changed, names="value")
        for control in (self.instance, self.memory, self.ec2_price, self.utilisation, self.reserved):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    # --- linked controls --------------------------------------------------------
    def _region_changed(self, _change: Any) -> None:
        options = comparable_instance_types(self.region.value)
        current = self.instance.value
        self._busy = True
        self.instance.options = options
        self.instance.value = current if current in options else options[0]
        self._busy = False
        self.redraw()

    def _vcpu_changed(self, _change: Any) -> None:
        options = fargate_memory_options(self.vcpu.value)
        wanted = 2 * self.vcpu.value
        self._busy = True
        self.memory.options = options
        self.memory.value = min(options, key=lambda m: abs(m - wanted))
        self._busy = False
        self.redraw()

    # --- drawing ----------------------------------------------------------------
    def redraw(self) -> None:
        """Recompute the costs for the controls' values and update the figure and summary.

        The axes are drawn once and cached; each change blits only the data artists.
        """
        if self._busy:
            return
        region, instance, vcpu, memory = (self.region.value, self.instance.value, self.vcpu.value,
                                          self.memory.value)
        ec2_spot, reserved = self.ec2_price.value, self.reserved.value
        if self._background is None:
            self._draw_background()
        self.result = self._compute(region, instance, vcpu, memory, ec2_spot, reserved)
        self._update_artists()
        draw_over_background(self._canvas, self._background, self._animated)
        self.text.value = self._summary()
        self.image.value = canvas_png(self._canvas)

    def _compute(self, region: str, instance: str, vcpu: float, memory: float, ec2_spot: bool,
                 reserved: float) -> dict[str, Any]:
        curve = break_even_curve(vcpu, memory, instance, region, ec2_spot, reserved, points=2)
        row = catalog.instance(instance, region)
        arch = str(row["arch"])
        try:
            spot_hourly = fargate_hourly(vcpu, memory, region, arch, spot=True)
        except CourseInputError:  # Fargate Spot is not offered for this architecture or Region
            spot_hourly = float("nan")
        k = curve["tasks_per_instance"]
        u = self.utilisation.value / 100
        rate = fargate_hourly(vcpu, memory, region, arch)
        return {"region": region, "instance_type": instance, "task_vcpu": vcpu, "task_memory_gb": memory,
                "ec2_spot": ec2_spot, "reserved_memory_mib": reserved, "tasks_per_instance": k,
                "break_even": curve["break_even"], "break_even_spot": curve["break_even_spot"],
                "ec2_monthly": float(curve["ec2"][0]), "fargate_hourly": rate,
                "fargate_spot_hourly": spot_hourly, "utilisation": u,
                "fargate_now": u * k * rate * HOURS_PER_MONTH if k else float("nan"),
                "fargate_spot_now": u * k * spot_hourly * HOURS_PER_MONTH if k else float("nan"),
                "by_memory": break_even_by_memory(vcpu, instance, region, ec2_spot, reserved),
                "instance_vcpu": float(row["vcpu"]), "instance_memory_gib": float(row["memory_gib"])}

    def _update_artists(self) -> None:
        r, parts = self.result, self._parts
        u, be, be_spot = r["utilisation"], r["break_even"], r["break_even_spot"]
        fits = r["tasks_per_instance"] >= 1
        x = np.array([0.0, 100.0])
        parts["fargate"].set_data(x, x / be if fits else [np.nan, np.nan])
        parts["fargate_spot"].set_data(x, x / be_spot if fits and math.isfinite(be_spot) else [np.nan] * 2)
        if fits and be <= 1:
            parts["break_even"].set_data([100 * be], [100])
            parts["break_even_line"].set_data([100 * be, 100 * be], [0, 300])
            label = parts["break_even_label"]
            label.set_horizontalalignment("right" if be > 0.85 else "left")
            label.set_position((100 * be + (-1.5 if be > 0.85 else 1.5), 40))
            parts["break_even_label"].set_text(f"{100 * be:.0f}%")
        else:
            parts["break_even"].set_data([], [])
            parts["break_even_line"].set_data([], [])
            parts["break_even_label"].set_text("")
        parts["ec2_label"].set_text(f"{r['instance_type']}: ${r['ec2_monthly']:,.2f}/month" if fits else "")
        parts["you"].set_data(([100 * u, 100 * u], [100, 100 * u / be]) if fits else ([], []))
        values = np.minimum(100 * r["by_memory"]["break_even"], 200)
        parts["by_memory"].set_data(r["by_memory"]["memory_gb"], values)
        parts["by_memory_you"].set_data([r["task_memory_gb"]], [min(100 * be, 200) if fits else np.nan])

    def _draw_background(self) -> None:
        self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)

    def _summary(self) -> str:
        r = self.result
        common = {"instance": r["instance_type"], "ivcpu": r["instance_vcpu"],
                  "imem": r["instance_memory_gib"], "vcpu": r["task_vcpu"], "memory": r["task_memory_gb"]}
        if r["tasks_per_instance"] < 1:
            return text(MESSAGES, "no_fit", **common)
        spot = ("" if not math.isfinite(r["fargate_spot_now"])
                else text(MESSAGES, "spot_part", cost=r["fargate_spot_now"]))
        message = text(MESSAGES, "fits", k=r["tasks_per_instance"], u=100 * r["utilisation"],
                       ec2=r["ec2_monthly"], fargate=r["fargate_now"], spot=spot, **common)
        key = "break_even" if r["break_even"] <= 1 else "never"
        return message + text(MESSAGES, key, be=100 * r["break_even"])

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: controls, summary line, figure."""
        controls = w.HBox([w.VBox([self.region, self.instance, self.vcpu, self.memory]),
                           w.VBox([self.ec2_price, self.utilisation, self.reserved])])
        return w.VBox([controls, self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))
