"""Explorer for lesson 14: the main design knobs against the deadline and the budget.

A simulation of one night takes about 0.1 s, too slow for a 100 ms redraw, so the
explorer runs a grid of designs (Spot share × strategy × maxvCpus × growth quarter) once
when it is built. The Savings Plan commitment only changes the pricing, which is
recomputed on every move. A move then updates a few bars over a cached background.

>>> ex = CapstoneExplorer(shares=(1.0,), strategies=("SPOT_PRICE_CAPACITY_OPTIMIZED",),
...                       max_vcpus=(128,), quarters=(0,))
>>> ex.evaluation.deadline_met
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course.capstone import (
    SCENARIO,
    Evaluation,
    Scenario,
    check_design,
    design_from_knobs,
    nights,
    reference_design,
)
from course.errors import CourseInputError, check_choice
from course.i18n import text
from course.widgets.display import canvas_png, draw_over_background, show

SHARES = (0.0, 0.5, 0.9, 1.0)
STRATEGIES = ("SPOT_PRICE_CAPACITY_OPTIMIZED", "SPOT_CAPACITY_OPTIMIZED")
MAX_VCPUS = (64, 128)
QUARTERS = (0, 4)
PARTS = ("spot", "on_demand", "savings_plan", "reserved")
COLOURS = {"spot": "#2ca02c", "on_demand": "#d62728", "savings_plan": "#1f77b4",
           "reserved": "#9467bd"}
OK, LATE = "#2a9d8f", "#d62728"
X_MAX_HOURS = 20.0

MESSAGES = {
    "en": {
        "share": "Spot share",
        "strategy": "Spot strategy",
        "max_vcpus": "maxvCpus",
        "sp": "SP $/h",
        "quarter": "quarter",
        "time_title": "When does the work finish?",
        "time_axis": "clock time (hours after midnight)",
        "rows": "weekday nightly|Sunday nightly|Sunday weekly job",
        "cost_title": "Monthly cost",
        "cost_axis": "USD per month",
        "cost_rows": "your design|reference",
        "budget": "budget",
        "deadline": "deadline",
        "spot": "Spot",
        "on_demand": "On-Demand",
        "savings_plan": "Savings Plan",
        "reserved": "Reserved Instances",
        "summary": "Quarter {quarter}: {jobs:,} nightly jobs. Nightly batch done after "
                   "<b>{makespan:.2f} h</b> (window {window:g} h), weekly job after "
                   "{weekly:.1f} h; {interruptions} Spot reclaims, {failed} failed jobs. "
                   "Month: <b>${cost:,.0f}</b> ({pct:+.1f}% vs reference ${ref:,.0f}; "
                   "budget ${budget:,.0f}); Savings Plan used {util:.0%}. {verdict}",
        "pass": "<b style='color:#2ca02c'>Passes.</b>",
        "fail": "<b style='color:#d62728'>Does not pass:</b> {problems}",
        "fallback": "[Capstone explorer: run the notebook to move the Spot share, strategy, "
                    "maxvCpus, Savings Plan and growth quarter]",
        "bad_grid": "{name} must be a non-empty tuple, got {value!r}.",
    }
}


def _split(key: str) -> list[str]:
    return text(MESSAGES, key).split("|")


def capstone_figure(scenario: Scenario = SCENARIO, cost_max: float = 800.0
                    ) -> tuple[Figure, dict[str, Any]]:
    """The explorer's figure: finish times (left) and monthly cost (right), empty bars.

    >>> fig, parts = capstone_figure()
    >>> len(parts["time_bars"]), len(parts["cost_bars"]["spot"])
    (3, 2)
    """
    fig = Figure(figsize=(10, 3.7), dpi=90, layout="constrained")
    ax_t, ax_c = fig.subplots(1, 2, width_ratios=[1.1, 1])
    rows = _split("rows")
    ys = list(range(len(rows)))[::-1]
    bars = ax_t.barh(ys, [0.0] * 3, left=scenario.start_hour, height=0.55, color=OK)
    for y, deadline in zip(ys, (scenario.deadline_hour, scenario.deadline_hour,
                                scenario.weekly_deadline_hour), strict=True):
        ax_t.plot([deadline, deadline], [y - 0.4, y + 0.4], color="black", lw=2.5)
        ax_t.annotate(text(MESSAGES, "deadline"), (deadline, y + 0.42), fontsize=8,
                      ha="center", va="bottom")
    ax_t.set_yticks(ys, rows)
    ax_t.set_xlim(0, X_MAX_HOURS)
    ax_t.set_ylim(-0.6, len(rows) - 0.3)
    ax_t.set_xticks(range(0, int(X_MAX_HOURS) + 1, 2))
    ax_t.set_xlabel(text(MESSAGES, "time_axis"))
    ax_t.set_title(text(MESSAGES, "time_title"), fontsize=11)
    ax_t.grid(axis="x", alpha=0.3)
    cost_rows = _split("cost_rows")
    cys = [1, 0]
    cost_bars = {}
    for part in PARTS:
        cost_bars[part] = list(ax_c.barh(cys, [0.0, 0.0], height=0.5, color=COLOURS[part],
                                         label=text(MESSAGES, part)))
    ax_c.axvline(scenario.budget_per_month, color="black", ls="--", lw=1.5)
    ax_c.annotate(text(MESSAGES, "budget"), (scenario.budget_per_month, 1.45), fontsize=8,
                  ha="center", va="bottom")
    totals = [ax_c.text(0, y, "", va="center", fontsize=9) for y in cys]
    ax_c.set_yticks(cys, cost_rows)
    ax_c.set_xlim(0, cost_max)
    ax_c.set_ylim(-0.5, 1.75)
    ax_c.set_xlabel(text(MESSAGES, "cost_axis"))
    ax_c.set_title(text(MESSAGES, "cost_title"), fontsize=11)
    ax_c.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=8, ncols=4,
                frameon=False)
    ax_c.grid(axis="x", alpha=0.3)
    return fig, {"time_bars": list(bars), "cost_bars": cost_bars, "totals": totals}


class CapstoneExplorer:
    """Move the design knobs; see finish times against deadlines and the month against
    the budget and the reference design."""

    def __init__(self, scenario: Scenario = SCENARIO, *, shares: tuple[float, ...] = SHARES,
                 strategies: tuple[str, ...] = STRATEGIES,
                 max_vcpus: tuple[int, ...] = MAX_VCPUS,
                 quarters: tuple[int, ...] = QUARTERS,
                 savings_plan_per_hour: float | None = None) -> None:
        if not isinstance(scenario, Scenario):
            raise CourseInputError(text(MESSAGES, "bad_grid", name="scenario", value=scenario))
        for name, grid in (("shares", shares), ("strategies", strategies),
                           ("max_vcpus", max_vcpus), ("quarters", quarters)):
            if not isinstance(grid, tuple) or not grid:
                raise CourseInputError(text(MESSAGES, "bad_grid", name=name, value=grid))
        for strategy in strategies:
            check_choice("strategies", strategy, STRATEGIES + ("BEST_FIT_PROGRESSIVE",))
        self.scenario = scenario
        for quarter in quarters:  # run every grid design once (the slow part)
            for share in shares:
                for strategy in strategies:
                    for mv in max_vcpus:
                        nights(design_from_knobs(share, strategy, mv, 0.0), scenario, quarter)
        sp = reference_design(scenario).savings_plan_per_hour \
            if savings_plan_per_hour is None else savings_plan_per_hour
        style = {"description_width": "95px"}
        self.share = w.SelectionSlider(options=list(shares), value=shares[-1], style=style,
                                       description=text(MESSAGES, "share"))
        self.strategy = w.Dropdown(options=list(strategies), value=strategies[0], style=style,
                                   description=text(MESSAGES, "strategy"),
                                   layout=w.Layout(width="390px"))
        self.max_vcpus = w.SelectionSlider(options=list(max_vcpus), value=max_vcpus[-1],
                                           style=style, description=text(MESSAGES, "max_vcpus"))
        self.sp = w.FloatSlider(value=sp, min=0.0, max=0.8, step=0.001, readout_format=".3f",
                                style=style, description=text(MESSAGES, "sp"))
        self.quarter = w.SelectionSlider(options=list(quarters), value=quarters[-1],
                                         style=style, description=text(MESSAGES, "quarter"))
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.figure, self._parts = capstone_figure(scenario)
        self._canvas = FigureCanvasAgg(self.figure)
        self._moving = [*self._parts["time_bars"], *self._parts["totals"],
                        *(bar for bars in self._parts["cost_bars"].values() for bar in bars)]
        for artist in self._moving:
            artist.set_visible(False)
        self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        for artist in self._moving:
            artist.set_visible(True)
        self.evaluation: Evaluation
        self.reference: Evaluation
        self._references: dict[int, Evaluation] = {}
        for control in (self.share, self.strategy, self.max_vcpus, self.sp, self.quarter):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def design(self) -> Any:
        """The design the controls describe now."""
        return design_from_knobs(self.share.value, self.strategy.value, self.max_vcpus.value,
                                 self.sp.value)

    def redraw(self) -> None:
        """Evaluate the current design (cached nights, fresh pricing) and move the bars."""
        scenario, quarter = self.scenario, self.quarter.value
        self.evaluation = ev = check_design(self.design(), scenario, quarter)
        if quarter not in self._references:
            self._references[quarter] = check_design(reference_design(scenario), scenario,
                                                     quarter)
        self.reference = ref = self._references[quarter]
        start = scenario.start_hour
        ends = (ev.weekday_makespan_hours, ev.sunday_makespan_hours, ev.weekly_done_hours)
        limits = (scenario.window_hours, scenario.window_hours,
                  scenario.weekly_deadline_hour - start)
        for bar, hours, limit in zip(self._parts["time_bars"], ends, limits, strict=True):
            shown = min(hours, X_MAX_HOURS - start) if hours == hours else 0.0
            bar.set_width(shown)
            bar.set_color(OK if hours <= limit else LATE)
        xmax = self._parts["totals"][0].axes.get_xlim()[1]
        for i, evaluation in enumerate((ev, ref)):
            left = 0.0
            for part in PARTS:
                value = evaluation.cost_breakdown.get(part, 0.0)
                bar = self._parts["cost_bars"][part][i]
                bar.set_x(left)
                bar.set_width(value)
                left += value
            label = self._parts["totals"][i]
            label.set_text(f"${evaluation.monthly_cost:,.0f}")
            label.set_x(min(left, xmax * 0.86) + xmax * 0.01)
        draw_over_background(self._canvas, self._background, self._moving)
        self.text.value = self._summary()
        self.image.value = canvas_png(self._canvas)

    def _summary(self) -> str:
        ev, scenario = self.evaluation, self.scenario
        verdict = text(MESSAGES, "pass") if ev.passed else text(
            MESSAGES, "fail", problems=" ".join(ev.problems))
        return text(MESSAGES, "summary", quarter=ev.quarter, jobs=ev.nightly_jobs,
                    makespan=ev.makespan_hours, window=scenario.window_hours,
                    weekly=ev.weekly_done_hours, interruptions=ev.interruptions,
                    failed=ev.failed_jobs, cost=ev.monthly_cost,
                    pct=ev.cost_vs_reference_pct, ref=ev.reference_cost,
                    budget=scenario.budget_per_month,
                    util=ev.cost_breakdown["sp_utilisation"], verdict=verdict)

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: controls, summary, figure."""
        return w.VBox([w.HBox([w.VBox([self.share, self.max_vcpus, self.quarter]),
                               w.VBox([self.strategy, self.sp])]), self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))
