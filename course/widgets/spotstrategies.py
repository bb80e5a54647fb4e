"""Spot-strategies explorer: one interruption trace, five ways to live with it.

Sliders set the interruption rate, the workload and the trace's seed; a dropdown picks
the strategy whose timeline is drawn. Every strategy replays the same trace (the Batch
strategy in the course's Batch simulator), and the bars compare lost work, makespan and
cost. Results are cached per setting; the figure is built once and only its data change.

>>> explorer = SpotStrategyExplorer()
>>> explorer.rate.value = 0.0
>>> explorer.result["ec2_no_retry"]["jobs_lost"]
0
>>> explorer.strategy.value = "batch"
>>> explorer.shown
'batch'
"""

from __future__ import annotations

import functools
from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from course.errors import check_choice, check_number
from course.i18n import text
from course.spotstrategies import (
    STRATEGIES,
    StrategyRun,
    Workload,
    horizon_hours,
    interruption_trace,
    label,
    simulate,
)
from course.widgets.display import canvas_png, draw_over_background, show

RATES = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0)
JOB_MINUTES = (10, 20, 30, 45, 60, 90, 120)
COLOURS = {"done": "#4c9a5b", "reclaimed": "#d1495b", "stopped": "#edae49"}
BAR_COLOURS = ("#d1495b", "#e07a5f", "#8d99ae", "#edae49", "#3d5a80")
TICKS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
NICE_HOURS = (0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100)

MESSAGES = {
    "en": {
        "rate": "interruptions / instance-hour",
        "jobs": "jobs",
        "minutes": "minutes per job",
        "seed": "trace seed",
        "strategy": "timeline of",
        "slot": "fleet slot",
        "hours": "hours since submit",
        "lost_work": "work thrown away (instance-h)",
        "makespan": "makespan (h)",
        "cost": "Spot cost (USD)",
        "legend_done": "finished run",
        "legend_reclaimed": "run lost at reclaim",
        "legend_stopped": "run stopped at notice",
        "summary": "Trace (seed {seed}): <b>{events}</b> reclaims over {hours:.0f} h across "
                   "{fleet} instance slots. Timeline: <b>{name}</b>, {done} of {jobs} jobs done, "
                   "{lost} lost; {hits} reclaims hit one of its instances (×).",
        "col_strategy": "strategy",
        "col_done": "jobs done",
        "col_lost_work": "thrown away (instance-h)",
        "col_makespan": "makespan (h)",
        "col_cost": "Spot cost",
        "col_per_job": "per finished job",
        "fallback": "[Spot-strategies explorer: run the notebook to move the sliders]",
    }
}


@functools.lru_cache(maxsize=512)
def _runs(rate: float, jobs: int, minutes: int, seed: int, fleet: int
          ) -> tuple[tuple[tuple[int, int], ...], dict[str, StrategyRun]]:
    work = Workload(jobs=jobs, job_minutes=minutes, fleet=fleet)
    trace = interruption_trace(rate, fleet, seed, horizon_hours(work))
    return trace, {name: simulate(name, work, trace) for name in STRATEGIES}


def _nice_hours(hours: float) -> float:
    """The smallest round number of hours at or above ``hours`` (the timeline's width).

    >>> _nice_hours(2.7), _nice_hours(0.1)
    (3, 0.5)
    """
    return next((h for h in NICE_HOURS if h >= hours * 1.02), NICE_HOURS[-1])


class SpotStrategyExplorer:
    """Sliders for rate, jobs, job length and seed; a strategy dropdown; one live figure."""

    def __init__(self, rate_per_hour: float = 0.3, jobs: int = 40, job_minutes: int = 30,
                 seed: int = 0, strategy: str = "ec2_no_retry", fleet: int = 8) -> None:
        rate = check_choice("rate_per_hour", str(rate_per_hour), [str(r) for r in RATES])
        check_number("jobs", jobs, low=10, high=120)
        check_choice("job_minutes", str(job_minutes), [str(m) for m in JOB_MINUTES])
        check_number("seed", seed, low=0, high=9)
        check_choice("strategy", strategy, STRATEGIES)
        self.fleet = int(check_number("fleet", fleet, low=2, high=16))
        style = {"description_width": "190px"}
        layout = w.Layout(width="420px")
        self.rate = w.SelectionSlider(options=RATES, value=float(rate),
                                      description=text(MESSAGES, "rate"), style=style,
                                      layout=layout)
        self.jobs = w.IntSlider(value=int(jobs), min=10, max=120, step=10,
                                description=text(MESSAGES, "jobs"), style=style, layout=layout)
        self.minutes = w.SelectionSlider(options=JOB_MINUTES, value=int(job_minutes),
                                         description=text(MESSAGES, "minutes"), style=style,
                                         layout=layout)
        self.seed = w.IntSlider(value=int(seed), min=0, max=9,
                                description=text(MESSAGES, "seed"), style=style, layout=layout)
        self.strategy = w.Dropdown(options=[(label(s), s) for s in STRATEGIES], value=strategy,
                                   description=text(MESSAGES, "strategy"), style=style,
                                   layout=layout)
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.result: dict[str, dict[str, Any]] = {}
        self.shown = strategy
        self._background: Any = None
        self.hours_axis = 1.0
        self.trace: tuple[tuple[int, int], ...] = ()
        self.runs: dict[str, StrategyRun] = {}
        self.figure, self._parts = self._build_figure()
        self._canvas = FigureCanvasAgg(self.figure)
        for control in (self.rate, self.jobs, self.minutes, self.seed, self.strategy):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    # --- figure -----------------------------------------------------------------
    def _build_figure(self) -> tuple[Figure, dict[str, Any]]:
        """Axes, labels and legend are drawn once; every data artist is animated (blitted)."""
        fig = Figure(figsize=(9.6, 5.4), dpi=72)
        grid = fig.add_gridspec(2, 3, height_ratios=(1.35, 1), left=0.07, right=0.985, top=0.92,
                                bottom=0.14, hspace=0.62, wspace=0.12)
        gantt = fig.add_subplot(grid[0, :])
        parts: dict[str, Any] = {"gantt": gantt, "animated": []}
        for outcome, colour in COLOURS.items():
            coll = PolyCollection([], facecolors=colour, edgecolors="white", linewidths=0.4,
                                  label=text(MESSAGES, f"legend_{outcome}"))
            gantt.add_collection(coll)
            parts[outcome] = coll
            parts["animated"].append(coll)
        (parts["hits"],) = gantt.plot([], [], "x", color="black", markersize=7, mew=1.6)
        parts["animated"].append(parts["hits"])
        # x runs from 0 to 1 of a "nice" number of hours; the tick labels are redrawn
        gantt.set_xlim(0, 1)
        gantt.set_xticks(TICKS, ["0"] + [""] * (len(TICKS) - 1))
        parts["xticks"] = [gantt.text(x, -0.04, "", transform=gantt.transAxes, ha="center",
                                      va="top", fontsize=9) for x in TICKS[1:]]
        parts["animated"] += parts["xticks"]
        gantt.set_ylim(self.fleet - 0.5, -0.5)
        gantt.set_yticks(range(self.fleet))
        gantt.set_ylabel(text(MESSAGES, "slot"))
        gantt.set_xlabel(text(MESSAGES, "hours"), labelpad=14)
        gantt.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8, ncols=3,
                     frameon=False, borderaxespad=0.2)
        names = [label(s, short=True) for s in STRATEGIES]
        x = np.arange(len(STRATEGIES))
        for col, key in enumerate(("lost_work", "makespan", "cost")):
            ax = fig.add_subplot(grid[1, col])
            bars = PolyCollection([], facecolors=BAR_COLOURS, edgecolors="none")
            ax.add_collection(bars)
            ax.set_xlim(-0.6, len(x) - 0.4)
            ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
            ax.set_ylim(0, 1.08)  # heights are shares of the tallest bar; the table gives values
            ax.set_yticks([])
            ax.set_title(text(MESSAGES, key), fontsize=9)
            parts[key] = bars
            parts["animated"].append(bars)
        for artist in parts["animated"]:
            artist.set_animated(True)
        return fig, parts

    # --- drawing ----------------------------------------------------------------
    def redraw(self) -> None:
        """Run (or fetch from the cache) all five strategies for the controls, then blit the data."""
        trace, runs = _runs(float(self.rate.value), int(self.jobs.value), int(self.minutes.value),
                            int(self.seed.value), self.fleet)
        self.trace = trace
        self.runs = runs
        self.result = {name: run.metrics() for name, run in runs.items()}
        self.shown = self.strategy.value
        if self._background is None:
            self._canvas.draw()
            self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        self.hours_axis = _nice_hours(max(r["makespan_h"] for r in self.result.values()))
        self._draw_gantt(runs[self.shown])
        self._draw_bars()
        draw_over_background(self._canvas, self._background, self._parts["animated"])
        self.text.value = self._summary()
        self.image.value = canvas_png(self._canvas)

    def _draw_gantt(self, run: StrategyRun) -> None:
        parts, scale = self._parts, self.hours_axis * 3600
        boxes: dict[str, list[list[tuple[float, float]]]] = {k: [] for k in COLOURS}
        for a in run.attempts:
            x0, x1, y = a.start_s / scale, a.stop_s / scale, a.slot
            boxes[a.outcome].append([(x0, y - 0.38), (x1, y - 0.38), (x1, y + 0.38),
                                     (x0, y + 0.38)])
        for outcome, verts in boxes.items():
            parts[outcome].set_verts(verts)
        parts["hits"].set_data([t / scale for t, _ in run.hits], [s for _, s in run.hits])
        for tick, frac in zip(parts["xticks"], TICKS[1:], strict=True):
            tick.set_text(f"{frac * self.hours_axis:g}")

    def _draw_bars(self) -> None:
        for key, metric in (("lost_work", "lost_work_h"), ("makespan", "makespan_h"),
                            ("cost", "cost_usd")):
            values = [self.result[s][metric] for s in STRATEGIES]
            top = max(max(values), 1e-9)
            self._parts[key].set_verts([[(i - 0.4, 0), (i + 0.4, 0), (i + 0.4, v / top),
                                         (i - 0.4, v / top)] for i, v in enumerate(values)])

    def _summary(self) -> str:
        run = self.runs[self.shown]
        work = run.workload
        head = text(MESSAGES, "summary", events=len(self.trace), hours=horizon_hours(work),
                    fleet=work.fleet, seed=self.seed.value, name=label(self.shown),
                    done=run.jobs_done, jobs=work.jobs, lost=run.jobs_lost, hits=len(run.hits))
        cells = "".join(f"<th style='padding:0 8px'>{text(MESSAGES, key)}</th>" for key in
                        ("col_strategy", "col_done", "col_lost_work", "col_makespan", "col_cost",
                         "col_per_job"))
        rows = []
        for name in STRATEGIES:
            r = self.result[name]
            per_job = f"${r['cost_per_job_usd']:.3f}" if r["jobs_done"] else "–"
            style = " style='font-weight:bold'" if name == self.shown else ""
            values = (label(name), f"{r['jobs_done']}/{work.jobs}", f"{r['lost_work_h']:.1f}",
                      f"{r['makespan_h']:.1f}", f"${r['cost_usd']:.2f}", per_job)
            rows.append(f"<tr{style}>" + "".join(f"<td style='padding:0 8px'>{v}</td>"
                                                 for v in values) + "</tr>")
        return f"{head}<table><tr>{cells}</tr>{''.join(rows)}</table>"

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: controls, summary line, figure."""
        controls = w.HBox([w.VBox([self.rate, self.jobs, self.minutes]),
                           w.VBox([self.seed, self.strategy])])
        return w.VBox([controls, self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))
