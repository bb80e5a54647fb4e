"""Lesson 10: the RI break-even explorer and two figures (Batch usage against an RI, week costs).

The explorer keeps one figure with fixed axes. Costs are drawn as a share of running the
instance On-Demand all year, so the axes never change; every control move updates a few
line artists and blits them over the cached background.

>>> explorer = RiBreakEvenExplorer()
>>> explorer.term.value = 3
>>> round(explorer.result["break_even"], 4)   # Standard, 3 years, No Upfront: 1 - 0.5464
0.4536
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text
from course.reserved import (
    CLASSES,
    HOURS_PER_YEAR,
    PAYMENTS,
    TERMS,
    cumulative_payments,
    reserved_terms,
)
from course.widgets.display import canvas_png, draw_over_background, show

MESSAGES = {
    "en": {
        "instance": "instance type",
        "plan": "RI class",
        "term": "term (years)",
        "payment": "payment",
        "utilisation": "utilisation %",
        "standard": "Standard",
        "convertible": "Convertible",
        "no_upfront": "No Upfront",
        "partial_upfront": "Partial Upfront",
        "all_upfront": "All Upfront",
        "left_title": "A year's cost against utilisation",
        "left_x": "utilisation (share of the year the instance runs), %",
        "left_y": "% of a full year On-Demand",
        "right_title": "Cumulative payments over the term",
        "right_x": "months since purchase",
        "right_y": "% of a full year On-Demand",
        "on_demand": "On-Demand",
        "reserved": "Reserved Instance",
        "break_even": "break-even",
        "your_u": "your utilisation",
        "od_always": "On-Demand, always on",
        "od_at_u": "On-Demand at your utilisation",
        "ri_paid": "RI payments",
        "summary": (
            "<b>{instance}</b> On-Demand ${od:.4f}/h. <b>{plan}, {term} yr, {payment}</b>: "
            "{discount:.1%} off, effective <b>${eff:.4f}/h</b>; pay ${upfront:,.2f} up front "
            "and ${recurring:.4f} every hour of the term. Break-even utilisation "
            "<b>{be:.0%}</b>. At {u:.0f}% a year costs On-Demand <b>${od_year:,.2f}</b>, "
            "with the RI <b>${ri_year:,.2f}</b>: {verdict}"),
        "ri_wins": "the RI saves ${saving:,.2f} a year.",
        "od_wins": "<span style='color:#b45309'>On-Demand is cheaper by ${saving:,.2f} a "
                   "year.</span>",
        "caveat": " <i>({kind} figure, {confidence}: see the discount table's derivation.)</i>",
        "fallback": "[RI break-even explorer: run the notebook to choose an instance type, "
                    "RI class, term, payment option and utilisation]",
        "usage_title": "On-Demand vCPUs that AWS Batch ran, hour by hour",
        "usage_x": "hour of the week",
        "usage_y": "vCPUs running",
        "ri_line": "{count} × {itype} RI ({family} family only)",
        "cost_title": "Cost of the week",
        "cost_y": "USD",
        "used_fee": "RI fee, used",
        "wasted_fee": "RI fee, wasted",
        "od_part": "On-Demand",
        "bad_types": "instance_types must be a non-empty tuple of instance types, got {value!r}.",
        "bad_usage": "usage must be a non-empty DataFrame from course.reserved.hourly_usage.",
        "bad_costs": "costs must be a DataFrame with columns {columns}.",
    }
}

COLOURS = {"on_demand": "#1f77b4", "reserved": "#d62728", "marker": "#2ca02c",
           "used_fee": "#d62728", "wasted_fee": "#f4a6a6", "od_part": "#1f77b4"}
FAMILY_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
DEFAULT_TYPES = ("c6i.large", "c6i.xlarge", "m6i.large", "m6i.xlarge", "r6i.large",
                 "c7i.large", "m5.large", "c5.large", "r5.large", "m6g.large")
MONTHS = np.linspace(0, 36, 145)


class RiBreakEvenExplorer:
    """Choose an instance type, RI class, term, payment option and a utilisation."""

    def __init__(self, *, instance_types: tuple[str, ...] = DEFAULT_TYPES,
                 instance_type: str = "m5.large", utilisation: float = 40,
                 region: str = "us-east-1") -> None:
        if not isinstance(instance_types, tuple | list) or not instance_types:
            raise CourseInputError(text(MESSAGES, "bad_types", value=instance_types))
        options = [str(t) for t in instance_types]
        check_choice("instance_type", instance_type, options)
        u = check_number("utilisation", utilisation, low=0, high=100)
        self.region = region
        # Precompute every offer once: 12 per instance type, a few ms in all.
        self._terms = {(t, p, y, pay): reserved_terms(t, p, y, pay, region)
                       for t in options for p in CLASSES for y in TERMS for pay in PAYMENTS}
        style = {"description_width": "110px"}
        self.instance = w.Dropdown(options=options, value=instance_type, style=style,
                                   description=text(MESSAGES, "instance"))
        self.plan = w.ToggleButtons(options=[(text(MESSAGES, c), c) for c in CLASSES],
                                    value="standard", style=style,
                                    description=text(MESSAGES, "plan"))
        self.term = w.ToggleButtons(options=list(TERMS), value=1, style=style,
                                    description=text(MESSAGES, "term"))
        self.payment = w.ToggleButtons(options=[(text(MESSAGES, p), p) for p in PAYMENTS],
                                       value="no_upfront", style=style,
                                       description=text(MESSAGES, "payment"))
        self.utilisation = w.IntSlider(value=int(round(u)), min=0, max=100, step=1, style=style,
                                       description=text(MESSAGES, "utilisation"))
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.result: dict[str, Any] = {}
        self.figure, self._parts = self._build_figure()
        self._canvas = FigureCanvasAgg(self.figure)
        moving = list(self._parts.values())
        for artist in moving:
            artist.set_visible(False)
        self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        for artist in moving:
            artist.set_visible(True)
        for control in (self.instance, self.plan, self.term, self.payment, self.utilisation):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def _build_figure(self) -> tuple[Figure, dict[str, Any]]:
        fig = Figure(figsize=(11, 4.2), dpi=80, layout="constrained")
        left, right = fig.subplots(1, 2)
        u = np.array([0.0, 100.0])
        left.plot(u, u, color=COLOURS["on_demand"], lw=2, label=text(MESSAGES, "on_demand"))
        parts: dict[str, Any] = {}
        (parts["ri"],) = left.plot(u, [50, 50], color=COLOURS["reserved"], lw=2,
                                   label=text(MESSAGES, "reserved"))
        (parts["be"],) = left.plot([50], [50], "D", color=COLOURS["marker"], ms=9,
                                   label=text(MESSAGES, "break_even"))
        parts["u_left"] = left.axvline(40, color="0.4", ls=":", lw=1.5,
                                       label=text(MESSAGES, "your_u"))
        left.set(xlim=(0, 100), ylim=(0, 105), title=text(MESSAGES, "left_title"),
                 xlabel=text(MESSAGES, "left_x"), ylabel=text(MESSAGES, "left_y"))
        left.grid(alpha=0.3)
        left.legend(loc="upper left", fontsize=9)
        right.plot(MONTHS, MONTHS / 12 * 100, color=COLOURS["on_demand"], lw=1.5, ls="--",
                   label=text(MESSAGES, "od_always"))
        (parts["od_u"],) = right.plot(MONTHS, MONTHS, color=COLOURS["on_demand"], lw=2,
                                      label=text(MESSAGES, "od_at_u"))
        (parts["paid"],) = right.plot(MONTHS, MONTHS, color=COLOURS["reserved"], lw=2,
                                      drawstyle="steps-post", label=text(MESSAGES, "ri_paid"))
        right.set(xlim=(0, 36), ylim=(0, 310), xticks=range(0, 37, 6),
                  title=text(MESSAGES, "right_title"), xlabel=text(MESSAGES, "right_x"),
                  ylabel=text(MESSAGES, "right_y"))
        right.grid(alpha=0.3)
        right.legend(loc="upper left", fontsize=9)
        return fig, parts

    def redraw(self) -> None:
        """Look the chosen offer up, move the lines, update the summary and the image."""
        t = self._terms[(self.instance.value, self.plan.value, self.term.value,
                         self.payment.value)]
        u = self.utilisation.value / 100.0
        od, eff = t["on_demand_hourly"], t["effective_hourly"]
        be = t["break_even_utilisation"]
        od_year, ri_year = u * HOURS_PER_YEAR * od, HOURS_PER_YEAR * eff
        self.result = {**t, "break_even": be, "utilisation": u, "on_demand_year": od_year,
                       "reserved_year": ri_year}
        year_od = HOURS_PER_YEAR * od  # 100 % on both panels
        parts = self._parts
        parts["ri"].set_ydata([be * 100, be * 100])
        parts["be"].set_data([be * 100], [be * 100])
        parts["u_left"].set_xdata([u * 100, u * 100])
        parts["od_u"].set_ydata(MONTHS / 12 * u * 100)
        paid = cumulative_payments(t, MONTHS) / year_od * 100 if year_od else MONTHS * 0
        parts["paid"].set_ydata(paid)
        draw_over_background(self._canvas, self._background, parts.values())
        self.text.value = self._summary(t, u, od_year, ri_year)
        self.image.value = canvas_png(self._canvas)

    def _summary(self, t: dict[str, Any], u: float, od_year: float, ri_year: float) -> str:
        verdict = (text(MESSAGES, "ri_wins", saving=od_year - ri_year) if ri_year < od_year
                   else text(MESSAGES, "od_wins", saving=ri_year - od_year))
        out = text(MESSAGES, "summary", instance=t["instance_type"], od=t["on_demand_hourly"],
                   plan=text(MESSAGES, t["plan"]), term=t["term_years"],
                   payment=text(MESSAGES, t["payment"]), discount=t["discount"],
                   eff=t["effective_hourly"], upfront=t["upfront"],
                   recurring=t["recurring_hourly"], be=t["break_even_utilisation"],
                   u=u * 100, od_year=od_year, ri_year=ri_year, verdict=verdict)
        if t["confidence"] != "OFFICIAL":
            out += text(MESSAGES, "caveat", kind=t["value_kind"], confidence=t["confidence"])
        return out

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: controls, summary line, figure."""
        return w.VBox([w.HBox([self.instance, self.utilisation]), self.plan, self.term,
                       self.payment, self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))


def usage_figure(usage: Any, ri_instance_type: str | None = None, ri_count: int = 0,
                 hours: int | None = None) -> Figure:
    """Stack the On-Demand vCPUs of each family per hour; draw the RI's capacity as a line.

    ``usage`` is :func:`course.reserved.hourly_usage` (instances per hour by type).

    >>> import pandas as pd
    >>> fig = usage_figure(pd.DataFrame({"c6i.large": [0.0, 4.0, 0.0]}), "c6i.large", 2)
    >>> len(fig.axes[0].collections), len(fig.axes[0].get_lines())   # one family, one RI line
    (1, 1)
    """
    import pandas as pd

    from course.pricing import catalog

    if not isinstance(usage, pd.DataFrame) or usage.empty:
        raise CourseInputError(text(MESSAGES, "bad_usage"))
    count = int(check_number("ri_count", ri_count, low=0, high=100_000))
    frame = usage if hours is None else usage.iloc[: int(check_number("hours", hours, low=1))]
    families: dict[str, np.ndarray] = {}
    for itype in frame.columns:
        row = catalog.instance(str(itype))
        vcpus = frame[itype].to_numpy() * int(row["vcpu"])
        families[str(row["family"])] = families.get(str(row["family"]), 0) + vcpus
    fig = Figure(figsize=(10, 3.4), dpi=80, layout="constrained")
    ax = fig.subplots()
    x = np.arange(len(frame))
    names = sorted(families)
    colours = {f: FAMILY_COLOURS[i % len(FAMILY_COLOURS)] for i, f in enumerate(names)}
    ax.stackplot(x, *[families[f] for f in names], labels=names, step="post",
                 colors=[colours[f] for f in names], alpha=0.85)
    if ri_instance_type is not None and count:
        row = catalog.instance(ri_instance_type)
        ax.axhline(count * int(row["vcpu"]), color="k", ls="--", lw=1.5,
                   label=text(MESSAGES, "ri_line", count=count, itype=ri_instance_type,
                              family=row["family"]))
    ax.set(xlim=(0, len(frame)), title=text(MESSAGES, "usage_title"),
           xlabel=text(MESSAGES, "usage_x"), ylabel=text(MESSAGES, "usage_y"))
    ax.set_xticks(range(0, len(frame) + 1, 24))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize=9)
    return fig


COST_COLUMNS = ("used_fee", "wasted_fee", "od_part")


def cost_bars(costs: Any) -> Figure:
    """Horizontal stacked bars: RI fee used, RI fee wasted, On-Demand, one bar per scenario.

    ``costs`` is a DataFrame indexed by scenario with columns ``used_fee, wasted_fee,
    od_part`` (USD).

    >>> import pandas as pd
    >>> table = pd.DataFrame({"used_fee": [0.0, 5.0], "wasted_fee": [0.0, 20.0],
    ...                       "od_part": [26.0, 20.0]}, index=["On-Demand only", "with RIs"])
    >>> len(cost_bars(table).axes[0].patches)
    6
    """
    import pandas as pd

    if not isinstance(costs, pd.DataFrame) or not set(COST_COLUMNS) <= set(costs.columns):
        raise CourseInputError(text(MESSAGES, "bad_costs", columns=", ".join(COST_COLUMNS)))
    fig = Figure(figsize=(10, 0.6 + 0.55 * len(costs)), dpi=80, layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(costs))[::-1]
    left = np.zeros(len(costs))
    for column in COST_COLUMNS:
        values = costs[column].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=COLOURS[column], label=text(MESSAGES, column),
                height=0.6)
        left = left + values
    for yi, total in zip(y, left, strict=True):
        ax.text(total, yi, f"  ${total:,.2f}", va="center", fontsize=9)
    ax.set_yticks(y, [str(i) for i in costs.index])
    ax.set_xlim(0, left.max() * 1.15 if left.max() > 0 else 1)
    ax.set(title=text(MESSAGES, "cost_title"), xlabel=text(MESSAGES, "cost_y"))
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    return fig
