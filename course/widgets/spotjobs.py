"""Lesson 12 figures and the Spot job explorer (interruption rate, job length, checkpoints).

The explorer keeps one figure: axes, grid, legend and the On-Demand bar are drawn once and
cached; a change of a control recomputes the analytic model (``course.pricing.spot``, about
80 calls) and redraws only the moving artists over the cached background.

>>> explorer = SpotJobExplorer()
>>> explorer.interval.value = 30 / 60
>>> explorer.result["saving"] > explorer.result["saving_no_checkpoints"]
True
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text
from course.pricing import catalog
from course.pricing.spot import hazard_from_monthly_rate, spot_job
from course.spotjobs import best_interval, interval_curve
from course.widgets.display import canvas_png, draw_over_background, show

MESSAGES = {
    "en": {
        # controls
        "instance": "instance type",
        "rate": "interruptions",
        "job": "job length",
        "interval": "checkpoint every",
        "overhead": "checkpoint takes",
        "none": "never",
        "advisor": "Advisor {bucket}",
        "per_hour": "{rate:g} per hour",
        "minutes": "{value:g} min",
        "hours": "{value:g} h",
        "seconds": "{value:g} s",
        # figure
        "bars_title": "Cost of one job, % of On-Demand",
        "bar_od": "On-Demand",
        "bar_nominal": "Spot, never\ninterrupted",
        "bar_expected": "Spot, expected\n(your settings)",
        "curve_title": "Expected cost vs checkpoint interval",
        "curve_x": "checkpoint interval (log scale)",
        "curve_y": "cost, % of On-Demand",
        "curve": "expected cost",
        "no_ckpt": "no checkpoints",
        "you": "your interval",
        "best": "best interval (Daly)",
        "od_line": "On-Demand",
        # summary
        "summary": ("<b>{instance}</b>: On-Demand ${od:.4f}/h, Spot ${spot:.4f}/h "
                    "(<b>{discount:.0%}</b> off). A {work:g} h job meets "
                    "<b>{interruptions:.2f}</b> interruptions on average and keeps a Spot "
                    "instance busy for <b>{hours:.2f} h</b> ({lost:.2f} h of rework, "
                    "{ckpt:.2f} h writing checkpoints): <b>${cost:.4f}</b> against "
                    "${od_cost:.4f} On-Demand, a real saving of <b>{saving:.0%}</b>."),
        "best_text": (" Best checkpoint interval (Daly): <b>{best}</b>, saving {best_saving:.0%}."),
        "no_best": " Checkpointing does not pay here: the job is short next to the time "
                   "between interruptions.",
        "dearer": (" <span style='color:#d62728'>Spot costs more than On-Demand with these "
                   "settings.</span>"),
        "fallback": ("[Spot job explorer: run the notebook to move the interruption rate, job "
                     "length, checkpoint interval and overhead]"),
        "bad_option": "{name}={value!r} is not one of the explorer's steps: {allowed}.",
        # static figures
        "saving_title": "Real Spot saving vs job length ({discount:.0%} nominal discount, "
                        "no checkpoints)",
        "saving_x": "job length, hours (log scale)",
        "saving_y": "saving vs On-Demand",
        "nominal": "nominal discount",
        "break_even": "break-even with On-Demand",
        "rate_label": "{rate:g} interruptions/h",
        "lost_title": "Work lost to interruptions per job",
        "lost_y": "hours of lost work per job",
        "sim_bar": "simulator (mean, 95% margin)",
        "model_dot": "analytic model",
    }
}

RATE_STRESS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
JOB_HOURS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 12.0, 24.0, 48.0)
INTERVAL_MINUTES = (1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440)
OVERHEAD_SECONDS = (0, 5, 10, 30, 60, 120, 300, 600)
Y_MAX = 160.0
X_RANGE = (1 / 60, 48.0)
COLORS = {"od": "#7f7f7f", "nominal": "#2ca02c", "expected": "#1f77b4", "best": "#d62728",
          "you": "#ff7f0e"}


def _duration(hours: float) -> str:
    if hours < 1:
        return text(MESSAGES, "minutes", value=round(hours * 60, 1))
    return text(MESSAGES, "hours", value=round(hours, 2))


def rate_options() -> list[tuple[str, float]]:
    """Slider steps for the interruption rate: the five Advisor buckets, then harsher rates.

    >>> rate_options()[0][0]
    'Advisor <5%'
    """
    out = [(text(MESSAGES, "advisor", bucket=bucket), hazard_from_monthly_rate(monthly))
           for bucket, monthly in catalog.BUCKET_MIDPOINTS.items()]
    out += [(text(MESSAGES, "per_hour", rate=r), r) for r in RATE_STRESS]
    return out


def _pick(name: str, value: float, options: list[tuple[str, float]]) -> float:
    number = check_number(name, value, low=0)
    for _label, option in options:
        if math.isclose(option, number, rel_tol=1e-9, abs_tol=1e-12):
            return option
    allowed = ", ".join(label for label, _ in options)
    raise CourseInputError(text(MESSAGES, "bad_option", name=name, value=value, allowed=allowed))


def _ticks(ax: Any) -> None:
    ticks = [1 / 60, 5 / 60, 15 / 60, 1, 4, 12, 48]
    ax.set_xticks(ticks)
    ax.set_xticklabels([_duration(t) for t in ticks])
    ax.minorticks_off()


class SpotJobExplorer:
    """Sliders for interruption rate, job length, checkpoint interval and overhead.

    The left panel compares the cost of one job on On-Demand, on Spot if never
    interrupted, and on Spot as expected; the right panel shows the expected cost for
    every checkpoint interval, your interval, and the best one (Daly's formula).
    """

    def __init__(self, instance_type: str = "c5.large", hazard_per_hour: float = 0.1,
                 job_hours: float = 8.0, checkpoint_interval_hours: float | None = None,
                 checkpoint_overhead_seconds: float = 60) -> None:
        types = list(catalog.instance_types()["instance_type"])
        instance_type = check_choice("instance_type", instance_type, types)
        rates = rate_options()
        jobs = [(_duration(h), h) for h in JOB_HOURS]
        intervals = [(text(MESSAGES, "none"), 0.0)] + [
            (_duration(m / 60), m / 60) for m in INTERVAL_MINUTES]
        overheads = [(text(MESSAGES, "seconds", value=s) if s < 60 else
                      text(MESSAGES, "minutes", value=s / 60), s / 3600) for s in OVERHEAD_SECONDS]
        hazard = _pick("hazard_per_hour", hazard_per_hour, rates)
        job = _pick("job_hours", job_hours, jobs)
        interval = _pick("checkpoint_interval_hours", checkpoint_interval_hours or 0.0,
                         intervals)
        seconds = check_number("checkpoint_overhead_seconds", checkpoint_overhead_seconds, low=0)
        overhead = _pick("checkpoint_overhead_seconds", seconds / 3600, overheads)
        style = {"description_width": "120px"}
        layout = w.Layout(width="420px")
        self.instance = w.Dropdown(options=types, value=instance_type, style=style,
                                   description=text(MESSAGES, "instance"), layout=layout)
        self.rate = w.SelectionSlider(options=rates, value=hazard, style=style, layout=layout,
                                      description=text(MESSAGES, "rate"))
        self.job = w.SelectionSlider(options=jobs, value=job, style=style, layout=layout,
                                     description=text(MESSAGES, "job"))
        self.interval = w.SelectionSlider(options=intervals, value=interval, style=style,
                                          layout=layout, description=text(MESSAGES, "interval"))
        self.overhead = w.SelectionSlider(options=overheads, value=overhead, style=style,
                                          layout=layout, description=text(MESSAGES, "overhead"))
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.result: dict[str, Any] = {}
        self._build_figure()
        for control in (self.instance, self.rate, self.job, self.interval, self.overhead):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    # ------------------------------------------------------------------ figure
    def _build_figure(self) -> None:
        fig = Figure(figsize=(10.5, 4.0), dpi=90)
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.6]})
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.2, top=0.9, wspace=0.25)
        left.set_title(text(MESSAGES, "bars_title"), fontsize=11)
        labels = [text(MESSAGES, k) for k in ("bar_od", "bar_nominal", "bar_expected")]
        left.set_xticks(range(3))
        left.set_xticklabels(labels, fontsize=9)
        left.set_xlim(-0.6, 2.6)
        left.set_ylim(0, Y_MAX)
        left.bar([0], [100], color=COLORS["od"], width=0.6)
        left.text(0, 102, "100%", ha="center", va="bottom", fontsize=9)
        left.grid(axis="y", alpha=0.3)
        nominal = left.bar([1], [0], color=COLORS["nominal"], width=0.6, animated=True)[0]
        expected = left.bar([2], [0], color=COLORS["expected"], width=0.6, animated=True)[0]
        nominal_txt = left.text(1, 0, "", ha="center", va="bottom", fontsize=9, animated=True)
        expected_txt = left.text(2, 0, "", ha="center", va="bottom", fontsize=9, animated=True)
        right.set_title(text(MESSAGES, "curve_title"), fontsize=11)
        right.set_xscale("log")
        right.set_xlim(*X_RANGE)
        right.set_ylim(0, Y_MAX)
        _ticks(right)
        right.set_xlabel(text(MESSAGES, "curve_x"))
        right.set_ylabel(text(MESSAGES, "curve_y"))
        right.axhline(100, color=COLORS["od"], lw=1)
        right.grid(alpha=0.3)
        curve, = right.plot([], [], color=COLORS["expected"], lw=2, animated=True)
        flat, = right.plot([], [], color=COLORS["expected"], lw=1.2, ls="--", animated=True)
        you, = right.plot([], [], "o", color=COLORS["you"], ms=9, animated=True)
        best, = right.plot([], [], "*", color=COLORS["best"], ms=15, animated=True)
        right.legend(handles=[
            Line2D([], [], color=COLORS["od"], lw=1, label=text(MESSAGES, "od_line")),
            Line2D([], [], color=COLORS["expected"], lw=2, label=text(MESSAGES, "curve")),
            Line2D([], [], color=COLORS["expected"], lw=1.2, ls="--",
                   label=text(MESSAGES, "no_ckpt")),
            Line2D([], [], ls="", marker="o", color=COLORS["you"], label=text(MESSAGES, "you")),
            Line2D([], [], ls="", marker="*", ms=12, color=COLORS["best"],
                   label=text(MESSAGES, "best")),
        ], loc="upper right", fontsize=8, framealpha=0.9)
        self.figure = fig
        self._parts = {"nominal": nominal, "expected": expected, "nominal_txt": nominal_txt,
                       "expected_txt": expected_txt, "curve": curve, "flat": flat, "you": you,
                       "best": best}
        self._canvas = FigureCanvasAgg(fig)
        self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(fig.bbox)

    # ------------------------------------------------------------------ model + redraw
    def compute(self) -> dict[str, Any]:
        """Run the analytic model for the current controls (no drawing).

        >>> SpotJobExplorer(hazard_per_hour=0.01).compute()["interruptions"] < 0.1
        True
        """
        itype = self.instance.value
        od = catalog.on_demand_hourly(itype)
        spot = catalog.spot_hourly(itype)
        hazard, work = self.rate.value, self.job.value
        tau, overhead = self.interval.value or None, self.overhead.value  # 0 = never
        out = spot_job(work, hazard, spot, tau, overhead)
        plain = spot_job(work, hazard, spot)
        curve = interval_curve(work, hazard, overhead, points=60)
        best = best_interval(work, hazard, overhead)
        best_tau = best["daly"] if best["checkpoints_pay"] else math.nan
        best_cost = spot_job(work, hazard, spot, best["daly"], overhead)["expected_cost"] \
            if best["checkpoints_pay"] else plain["expected_cost"]
        od_cost = work * od
        return {
            "instance_type": itype, "on_demand_hourly": od, "spot_hourly": spot,
            "discount": 1 - spot / od, "hazard_per_hour": hazard, "job_hours": work,
            "interval_hours": tau, "overhead_hours": overhead,
            "interruptions": out["expected_interruptions"], "hours": out["expected_hours"],
            "lost_hours": out["lost_hours"], "checkpoint_hours": out["checkpoint_hours"],
            "cost": out["expected_cost"], "on_demand_cost": od_cost,
            "saving": 1 - out["expected_cost"] / od_cost,
            "saving_no_checkpoints": 1 - plain["expected_cost"] / od_cost,
            "best_interval_hours": best_tau, "best_saving": 1 - best_cost / od_cost,
            "curve_x": curve["interval_hours"].to_numpy(),
            "curve_pct": curve["relative"].to_numpy() * spot / od * 100,
            "no_checkpoint_pct": plain["expected_cost"] / od_cost * 100,
        }

    def redraw(self) -> None:
        """Recompute, move the bars, curve and markers, and refresh the text and image."""
        r = self.result = self.compute()
        p = self._parts
        nominal_pct = 100 * (1 - r["discount"])
        expected_pct = 100 * (1 - r["saving"])
        p["nominal"].set_height(min(nominal_pct, Y_MAX))
        p["expected"].set_height(min(expected_pct, Y_MAX))
        p["nominal_txt"].set_position((1, min(nominal_pct, Y_MAX - 12) + 2))
        p["nominal_txt"].set_text(f"{nominal_pct:.0f}%")
        p["expected_txt"].set_position((2, min(expected_pct, Y_MAX - 12) + 2))
        p["expected_txt"].set_text(f"{expected_pct:.0f}%")
        xs = np.clip(r["curve_x"], X_RANGE[0], X_RANGE[1])
        p["curve"].set_data(xs, np.minimum(r["curve_pct"], Y_MAX * 2))
        p["flat"].set_data(X_RANGE, [r["no_checkpoint_pct"]] * 2)
        tau = r["interval_hours"]
        if tau is None or tau >= r["job_hours"]:
            p["you"].set_data([min(r["job_hours"], X_RANGE[1])], [r["no_checkpoint_pct"]])
        else:
            p["you"].set_data([tau], [100 * (1 - r["saving"])])
        if math.isnan(r["best_interval_hours"]):
            p["best"].set_data([], [])
        else:
            p["best"].set_data([r["best_interval_hours"]], [100 * (1 - r["best_saving"])])
        draw_over_background(self._canvas, self._background, p.values())
        self.text.value = self._summary()
        self.image.value = canvas_png(self._canvas)

    def _summary(self) -> str:
        r = self.result
        out = text(MESSAGES, "summary", instance=r["instance_type"], od=r["on_demand_hourly"],
                   spot=r["spot_hourly"], discount=r["discount"], work=r["job_hours"],
                   interruptions=r["interruptions"], hours=r["hours"], lost=r["lost_hours"],
                   ckpt=r["checkpoint_hours"], cost=r["cost"], od_cost=r["on_demand_cost"],
                   saving=r["saving"])
        if math.isnan(r["best_interval_hours"]):
            out += text(MESSAGES, "no_best")
        else:
            out += text(MESSAGES, "best_text", best=_duration(r["best_interval_hours"]),
                        best_saving=r["best_saving"])
        if r["saving"] < 0:
            out += text(MESSAGES, "dearer")
        return out

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: controls, summary, figure."""
        return w.VBox([w.HBox([w.VBox([self.instance, self.rate, self.job]),
                               w.VBox([self.interval, self.overhead])]),
                       self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))


# ---------------------------------------------------------------------- static figures
def saving_figure(table: Any, discount: float) -> Figure:
    """Line family: effective saving vs job length, one line per interruption rate.

    ``table`` is :func:`course.spotjobs.saving_table` (rows hazards, columns job hours).

    >>> from course.spotjobs import saving_table
    >>> fig = saving_figure(saving_table([1, 10], [0.01, 0.1], 0.6), 0.6)
    >>> len(fig.axes[0].lines)
    4
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame) or table.empty:
        raise CourseInputError(text(MESSAGES, "bad_option", name="table", value=type(table),
                                    allowed="a non-empty table from saving_table"))
    d = check_number("discount", discount, low=0, high=0.999)
    fig = Figure(figsize=(9, 4.2), dpi=90)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.1, right=0.78, bottom=0.14, top=0.9)
    hours = np.asarray(table.columns, dtype=float)
    cmap = colormaps["viridis"]
    for i, (rate, row) in enumerate(table.iterrows()):
        colour = cmap(i / max(1, len(table) - 1) * 0.9)
        ax.plot(hours, 100 * row.to_numpy(dtype=float), color=colour, lw=2,
                label=text(MESSAGES, "rate_label", rate=float(rate)))
    ax.axhline(100 * d, color="black", ls="--", lw=1.2, label=text(MESSAGES, "nominal"))
    ax.axhline(0, color=COLORS["best"], lw=1, label=text(MESSAGES, "break_even"))
    ax.set_xscale("log")
    ax.set_xticks([0.25, 1, 4, 12, 48, 100])
    ax.set_xticklabels(["0.25", "1", "4", "12", "48", "100"])
    ax.minorticks_off()
    ax.set_ylim(-60, 100)
    ax.set_xlabel(text(MESSAGES, "saving_x"))
    ax.set_ylabel(text(MESSAGES, "saving_y") + " (%)")
    ax.set_title(text(MESSAGES, "saving_title", discount=d), fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=9)
    return fig


def lost_work_figure(rows: Any) -> Figure:
    """Bars of simulated lost work per strategy, with the analytic value as a dot.

    ``rows`` is a table with columns ``strategy``, ``simulated``, ``margin``, ``model``.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"strategy": ["a", "b"], "simulated": [1.0, 0.2],
    ...                      "margin": [0.1, 0.02], "model": [0.9, 0.21]})
    >>> len(lost_work_figure(rows).axes[0].patches)
    2
    """
    import pandas as pd

    needed = {"strategy", "simulated", "margin", "model"}
    if not isinstance(rows, pd.DataFrame) or not needed <= set(rows.columns) or rows.empty:
        raise CourseInputError(text(MESSAGES, "bad_option", name="rows", value=type(rows),
                                    allowed=", ".join(sorted(needed))))
    fig = Figure(figsize=(8, 3.6), dpi=90)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.1, right=0.97, bottom=0.17, top=0.88)
    x = np.arange(len(rows))
    ax.bar(x, rows["simulated"], yerr=rows["margin"], color=COLORS["expected"], width=0.55,
           capsize=4, label=text(MESSAGES, "sim_bar"))
    ax.plot(x, rows["model"], "D", color=COLORS["best"], ms=8, label=text(MESSAGES, "model_dot"))
    ax.set_xticks(x)
    ax.set_xticklabels(rows["strategy"], fontsize=9)
    ax.set_ylabel(text(MESSAGES, "lost_y"))
    ax.set_title(text(MESSAGES, "lost_title"), fontsize=11)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=9)
    return fig
