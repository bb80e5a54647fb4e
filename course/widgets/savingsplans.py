"""Savings Plan commitment explorer for lesson 11.

Choose a plan type, term, payment option, how much usage leaves the m5 family on 1 July,
and an hourly commitment. One persistent figure shows two weeks of hourly spend split into
covered / On-Demand / lost commitment, the year's cost over every commitment with the
optimum marked, and coverage and utilisation over every commitment.

Every cost curve is computed once per option (vectorised over 400 commitments) and cached;
the axes are drawn once, and a control change only updates and blits the data artists
(the pattern of ``BatchWindowExplorer``).

>>> explorer = CommitmentExplorer()
>>> explorer.commitment.value = 0.0
>>> explorer.result["utilisation"] != explorer.result["utilisation"]   # nan: no plan
True
>>> explorer.choose_best()
>>> explorer.commitment.value == explorer.result["best_commitment"]
True
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text
from course.pricing import discounts
from course.pricing._validate import check_int, hourly_array
from course.savingsplans import (
    MID_YEAR_HOUR,
    PAYMENTS,
    PLANS,
    TERMS,
    commitment_curve,
    commitment_grid,
    example_spend,
    hourly_split,
    migrate,
    plan_terms,
)
from course.widgets.display import canvas_png, draw_over_background, show

MESSAGES = {
    "en": {
        "plan": "plan",
        "compute": "Compute Savings Plan",
        "ec2_instance": "EC2 Instance SP (m5, us-east-1)",
        "term": "term",
        "year_1": "1 year",
        "year_3": "3 years",
        "payment": "payment",
        "no_upfront": "No Upfront",
        "partial_upfront": "Partial Upfront",
        "all_upfront": "All Upfront",
        "moved": "moved 1 Jul %",
        "commitment": "commit $/h",
        "week": "show week",
        "best": "Set the best commitment",
        "hours_title": "Two weeks of hourly spend: what the plan covers, what it does not, what is lost",
        "window": "Chart: {start} to {end}. ",
        "date": "{weekday} {day} {month}",
        "date_year": "{weekday} {day} {month} {year}",
        "weekdays": "Mon Tue Wed Thu Fri Sat Sun",
        "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "hours_y": "$/h at On-Demand prices",
        "covered": "covered by the plan",
        "overflow": "eligible, above the commitment: On-Demand",
        "other": "not eligible for this plan: On-Demand",
        "unused": "commitment not used (lost)",
        "capacity": "what the commitment covers",
        "cost_title": "Cost of the year vs commitment",
        "cost_x": "commitment ($/h at Savings Plan rates)",
        "cost_y": "cost of the year ($ thousand)",
        "on_demand": "no plan (all On-Demand)",
        "curve": "with this plan",
        "best_legend": "best commitment (quantile rule)",
        "you": "your commitment",
        "cu_title": "Coverage and utilisation vs commitment",
        "share_y": "% of spend / % of commitment",
        "coverage": "coverage",
        "utilisation": "utilisation",
        "summary": (
            "<b>{plan}</b>, {term}, {payment}: discount {discount:.1%} ({confidence}). "
            "A commitment of <b>${c:.2f}/h</b> pays for up to ${cap:.2f}/h of On-Demand usage. "
            "Over the year: coverage <b>{coverage}</b>, utilisation <b>{utilisation}</b>, "
            "cost <b>${cost:,.0f}</b> vs ${od:,.0f} On-Demand ({saving} saved); "
            "{upfront} up front for the whole term. "
            "Best commitment: <b>${best:.2f}/h</b> (cost ${best_cost:,.0f})."
        ),
        "undefined": "—",
        "fallback": "[Savings Plan commitment explorer: run the notebook to move the sliders]",
        "bad_moved": "moved_percent={value!r} must be one of {allowed}.",
    }
}

COLOURS = {"covered": "#2ca02c", "overflow": "#ff9900", "other": "#9467bd", "unused": "#d62728",
           "capacity": "#222222", "curve": "#1f77b4", "on_demand": "#888888",
           "coverage": "#2ca02c", "utilisation": "#1f77b4", "best": "#d62728"}
MOVED_CHOICES: tuple[int, ...] = (0, 20, 40, 60)
WINDOW_HOURS = 14 * 24
POINTS = 401


def _term_label(term: int) -> str:
    return text(MESSAGES, f"year_{term}")


def _date(day: Any, year: bool = False) -> str:
    """A day in the learner's language, e.g. ``Thu 25 Jun`` (or ``6月25日（木）``).

    >>> import datetime
    >>> _date(datetime.date(2026, 7, 8), year=True)
    'Wed 8 Jul 2026'
    """
    weekday = text(MESSAGES, "weekdays").split()[day.weekday()]
    month = text(MESSAGES, "months").split()[day.month - 1]
    return text(MESSAGES, "date_year" if year else "date", weekday=weekday, day=day.day, month=month,
                year=day.year)


class CommitmentExplorer:
    """Controls for plan, term, payment, migration and commitment; a live three-panel figure.

    ``od_spend``: hourly On-Demand-equivalent spend of m5 usage in us-east-1 (a year from
    1 January by default: :func:`course.savingsplans.example_spend`).
    """

    def __init__(self, od_spend: object = None, plan: str = "compute", term_years: int = 1,
                 payment: str = "partial_upfront", moved_percent: int = 0,
                 commitment: float = 3.0, week: int = 26) -> None:
        spend = example_spend() if od_spend is None else od_spend
        self._spend = hourly_array("od_spend", spend)
        start = getattr(spend, "index", None)
        self._first_day = (start[0] if start is not None and hasattr(start[0], "strftime")
                           else None)
        plan = check_choice("plan", plan, PLANS)
        term = plan_terms(plan, term_years)["term_years"]
        payment = check_choice("payment", payment, PAYMENTS)
        if moved_percent not in MOVED_CHOICES:
            raise CourseInputError(text(MESSAGES, "bad_moved", value=moved_percent,
                                        allowed=", ".join(map(str, MOVED_CHOICES))))
        weeks = max(1, (len(self._spend) - WINDOW_HOURS) // 168 + 1)
        week = check_int("week", week, low=1, high=weeks)
        lowest = min(plan_terms(p, t, m)["discount"] for p in PLANS for t in TERMS
                     for m in PAYMENTS)
        self._top = max(0.5, math.ceil(float(np.quantile(self._spend, 0.9)) * (1 - lowest)))
        commitment = check_number("commitment", commitment, low=0, high=self._top)
        self._curves: dict[tuple[str, int, str, int], dict[str, Any]] = {}

        style = {"description_width": "120px"}
        layout = w.Layout(width="330px")
        self.plan = w.Dropdown(options=[(text(MESSAGES, p), p) for p in PLANS], value=plan,
                               description=text(MESSAGES, "plan"), style=style, layout=layout)
        self.term = w.ToggleButtons(options=[(_term_label(t), t) for t in TERMS], value=term,
                                    description=text(MESSAGES, "term"), style=style)
        self.payment = w.Dropdown(options=[(text(MESSAGES, p), p) for p in PAYMENTS],
                                  value=payment, description=text(MESSAGES, "payment"),
                                  style=style, layout=layout)
        self.moved = w.SelectionSlider(options=list(MOVED_CHOICES), value=moved_percent,
                                       description=text(MESSAGES, "moved"), style=style,
                                       layout=layout)
        self.commitment = w.FloatSlider(value=commitment, min=0.0, max=self._top, step=0.05,
                                        readout_format=".2f",
                                        description=text(MESSAGES, "commitment"), style=style,
                                        layout=layout)
        self.week = w.IntSlider(value=week, min=1, max=weeks, description=text(MESSAGES, "week"),
                                style=style, layout=layout)
        self.best = w.Button(description=text(MESSAGES, "best"), layout=w.Layout(width="220px"))
        self.best.on_click(lambda _button: self.choose_best())
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.figure, self._parts = self._build_figure()
        self._canvas = FigureCanvasAgg(self.figure)
        self._animated = [a for a in self._parts.values() if a.get_animated()]
        self._background: Any = None
        self.result: dict[str, Any] = {}
        for control in (self.plan, self.term, self.payment, self.moved, self.commitment,
                        self.week):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    # --- model ------------------------------------------------------------------
    def _option(self) -> dict[str, Any]:
        """The cached cost curve and spend split for the current plan options."""
        key = (self.plan.value, self.term.value, self.payment.value, self.moved.value)
        if key not in self._curves:
            plan, term, payment, moved = key
            terms = plan_terms(plan, term, payment)
            columns = migrate(self._spend, moved / 100, min(MID_YEAR_HOUR, len(self._spend)))
            everything = discounts.eligible_spend(columns, "compute")   # every column
            eligible = discounts.eligible_spend(columns, plan, family="m5", region="us-east-1")
            other = np.maximum(everything - eligible, 0.0)
            d = terms["discount"]
            grid = commitment_grid(eligible, d, points=POINTS, top=self._top)
            grid = grid[grid <= self._top]
            curve = commitment_curve(eligible, d, grid, other_spend=other)
            best = discounts.optimal_commitment(eligible, d)
            best_cost = float(commitment_curve(eligible, d, [best], other_spend=other)
                              ["total_cost"][0])
            self._curves[key] = {"terms": terms, "eligible": eligible, "other": other,
                                 "curve": curve, "best": best, "best_cost": best_cost}
        return self._curves[key]

    def choose_best(self) -> None:
        """Move the commitment slider to the optimum (the quantile rule)."""
        self.commitment.value = min(self._option()["best"], self._top)

    # --- drawing ----------------------------------------------------------------
    def redraw(self) -> None:
        """Recompute for the controls' values, update the data artists and the summary."""
        option = self._option()
        c = float(self.commitment.value)
        terms = option["terms"]
        d = terms["discount"]
        point = commitment_curve(option["eligible"], d, [c], other_spend=option["other"])
        years = terms["term_years"]
        self.result = {
            "plan": terms["plan"], "term_years": years, "payment": terms["payment"],
            "discount": d, "commitment": c, "capacity": c / (1 - d),
            "coverage": float(point["coverage"][0]),
            "utilisation": float(point["utilisation"][0]),
            "total_cost": float(point["total_cost"][0]),
            "on_demand_cost": float(self._spend.sum()),
            "best_commitment": option["best"], "best_cost": option["best_cost"],
            "upfront": c * discounts.HOURS_PER_YEAR * years * terms["upfront_share"],
            "moved_percent": self.moved.value, "week": self.week.value,
        }
        self._update_artists(option)
        if self._background is None:
            self._canvas.draw()
            self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        draw_over_background(self._canvas, self._background, self._animated)
        self.text.value = self._summary()
        self.image.value = canvas_png(self._canvas)

    def _build_figure(self) -> tuple[Any, dict[str, Any]]:
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        fig = Figure(figsize=(9.5, 6.6), dpi=80, layout="constrained")
        grid = fig.add_gridspec(2, 2, height_ratios=(1.0, 1.0))
        hours_ax = fig.add_subplot(grid[0, :])
        cost_ax = fig.add_subplot(grid[1, 0])
        share_ax = fig.add_subplot(grid[1, 1])
        parts: dict[str, Any] = {}
        x = np.arange(WINDOW_HOURS + 1) / 24
        zero = np.zeros_like(x)
        for name in ("covered", "overflow", "other"):
            parts[name] = hours_ax.fill_between(x, zero, zero, step="post", color=COLOURS[name],
                                                alpha=0.75, linewidth=0, animated=True)
        parts["unused"] = hours_ax.fill_between(x, zero, zero, step="post",
                                                color=COLOURS["unused"], alpha=0.3, linewidth=0,
                                                animated=True)
        (parts["capacity"],) = hours_ax.plot([0, 14], [0, 0], color=COLOURS["capacity"],
                                             linestyle="--", linewidth=1.5, animated=True)
        hours_ax.set_title(text(MESSAGES, "hours_title"), fontsize=10)
        hours_ax.set_xlim(0, 14)
        hours_ax.set_ylim(0, float(self._spend.max()) * 1.15)
        hours_ax.set_xticks(np.arange(15))
        hours_ax.set_xticklabels(self._weekday_labels(), fontsize=8)
        hours_ax.set_ylabel(text(MESSAGES, "hours_y"))
        hours_ax.grid(True, axis="y", alpha=0.3)
        hours_ax.legend(handles=[
            Patch(color=COLOURS["covered"], alpha=0.75, label=text(MESSAGES, "covered")),
            Patch(color=COLOURS["overflow"], alpha=0.75, label=text(MESSAGES, "overflow")),
            Patch(color=COLOURS["other"], alpha=0.75, label=text(MESSAGES, "other")),
            Patch(color=COLOURS["unused"], alpha=0.3, label=text(MESSAGES, "unused")),
            Line2D([], [], color=COLOURS["capacity"], linestyle="--",
                   label=text(MESSAGES, "capacity")),
        ], fontsize=8, loc="upper right", ncol=2, framealpha=0.9)

        on_demand = float(self._spend.sum()) / 1000
        cost_ax.axhline(on_demand, color=COLOURS["on_demand"], linestyle=":", linewidth=1.5)
        (parts["curve"],) = cost_ax.plot([], [], color=COLOURS["curve"], linewidth=2,
                                         animated=True)
        (parts["best_line"],) = cost_ax.plot([], [], color=COLOURS["best"], linewidth=1,
                                             linestyle="--", animated=True)
        (parts["best_dot"],) = cost_ax.plot([], [], "D", color=COLOURS["best"], markersize=7,
                                            animated=True)
        (parts["you_cost"],) = cost_ax.plot([], [], "o", color="black", markersize=7,
                                            animated=True)
        cost_ax.set_xlim(0, self._top)
        top_cost = self._top * len(self._spend) / 1000 + on_demand * 0.05
        cost_ax.set_ylim(on_demand * 0.4, max(top_cost, on_demand * 1.3))
        cost_ax.set_xlabel(text(MESSAGES, "cost_x"))
        cost_ax.set_ylabel(text(MESSAGES, "cost_y"))
        cost_ax.set_title(text(MESSAGES, "cost_title"), fontsize=10)
        cost_ax.grid(True, alpha=0.3)
        cost_ax.legend(handles=[
            Line2D([], [], color=COLOURS["on_demand"], linestyle=":",
                   label=text(MESSAGES, "on_demand")),
            Line2D([], [], color=COLOURS["curve"], linewidth=2, label=text(MESSAGES, "curve")),
            Line2D([], [], marker="D", linestyle="", color=COLOURS["best"],
                   label=text(MESSAGES, "best_legend")),
            Line2D([], [], marker="o", linestyle="", color="black", label=text(MESSAGES, "you")),
        ], fontsize=8, loc="upper left")

        (parts["coverage"],) = share_ax.plot([], [], color=COLOURS["coverage"], linewidth=2,
                                             animated=True)
        (parts["utilisation"],) = share_ax.plot([], [], color=COLOURS["utilisation"],
                                                linewidth=2, animated=True)
        (parts["you_line"],) = share_ax.plot([], [], color="black", linewidth=1, animated=True)
        (parts["you_shares"],) = share_ax.plot([], [], "o", color="black", markersize=6,
                                               animated=True)
        share_ax.set_xlim(0, self._top)
        share_ax.set_ylim(0, 105)
        share_ax.set_xlabel(text(MESSAGES, "cost_x"))
        share_ax.set_ylabel(text(MESSAGES, "share_y"))
        share_ax.set_title(text(MESSAGES, "cu_title"), fontsize=10)
        share_ax.grid(True, alpha=0.3)
        share_ax.legend(handles=[
            Line2D([], [], color=COLOURS["coverage"], linewidth=2,
                   label=text(MESSAGES, "coverage")),
            Line2D([], [], color=COLOURS["utilisation"], linewidth=2,
                   label=text(MESSAGES, "utilisation")),
        ], fontsize=8, loc="center right")
        return fig, parts

    def _weekday_labels(self) -> list[str]:
        if self._first_day is None:
            return [str(i) for i in range(15)]
        import pandas as pd

        days = pd.date_range(self._first_day, periods=15, freq="D")
        names = text(MESSAGES, "weekdays").split()
        return [names[day.weekday()] for day in days]

    def _update_artists(self, option: dict[str, Any]) -> None:
        parts, r = self._parts, self.result
        start = (self.week.value - 1) * 168
        window = slice(start, start + WINDOW_HOURS)
        split = hourly_split(option["eligible"][window], r["commitment"], r["discount"],
                             other_spend=option["other"][window])
        x = np.arange(WINDOW_HOURS + 1) / 24

        def stepped(values: np.ndarray) -> np.ndarray:
            return np.append(values, values[-1])

        covered = stepped(split["covered"])
        eligible = covered + stepped(split["overflow"])
        parts["covered"].set_data(x, np.zeros_like(x), covered)
        parts["overflow"].set_data(x, covered, eligible)
        parts["other"].set_data(x, eligible, eligible + stepped(split["other"]))
        parts["unused"].set_data(x, covered, covered + stepped(split["unused"]))
        parts["capacity"].set_data([0, 14], [r["capacity"]] * 2)

        curve = option["curve"]
        grid = curve["commitment"]
        parts["curve"].set_data(grid, curve["total_cost"] / 1000)
        best, best_cost = option["best"], option["best_cost"] / 1000
        low = self._parts["curve"].axes.get_ylim()[0]
        parts["best_line"].set_data([best, best], [low, best_cost])
        parts["best_dot"].set_data([best], [best_cost])
        parts["you_cost"].set_data([r["commitment"]], [r["total_cost"] / 1000])

        positive = grid > 0
        parts["coverage"].set_data(grid, 100 * curve["coverage"])
        parts["utilisation"].set_data(grid[positive], 100 * curve["utilisation"][positive])
        parts["you_line"].set_data([r["commitment"]] * 2, [0, 105])
        shares = [100 * r["coverage"]]
        if r["commitment"] > 0:
            shares.append(100 * r["utilisation"])
        parts["you_shares"].set_data([r["commitment"]] * len(shares), shares)

    def _summary(self) -> str:
        r = self.result

        def percent(value: float) -> str:
            return text(MESSAGES, "undefined") if math.isnan(value) else f"{value:.0%}"

        saving = 1 - r["total_cost"] / r["on_demand_cost"] if r["on_demand_cost"] else 0.0
        terms = self._option()["terms"]
        return self._window_text() + text(MESSAGES, "summary", plan=text(MESSAGES, r["plan"]),
                    term=_term_label(r["term_years"]), payment=text(MESSAGES, r["payment"]),
                    discount=r["discount"], confidence=terms["confidence"], c=r["commitment"],
                    cap=r["capacity"], coverage=percent(r["coverage"]),
                    utilisation=percent(r["utilisation"]), cost=r["total_cost"],
                    od=r["on_demand_cost"], saving=f"{saving:.0%}", upfront=f"${r['upfront']:,.0f}",
                    best=r["best_commitment"], best_cost=r["best_cost"])

    def _window_text(self) -> str:
        if self._first_day is None:
            return ""
        import pandas as pd

        first = pd.Timestamp(self._first_day) + pd.Timedelta(hours=(self.week.value - 1) * 168)
        last = first + pd.Timedelta(days=13)
        return text(MESSAGES, "window", start=_date(first), end=_date(last, year=True))

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: controls, summary line, figure."""
        controls = w.HBox([w.VBox([self.plan, self.term, self.payment]),
                           w.VBox([self.moved, self.commitment, self.week, self.best])])
        return w.VBox([controls, self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))
