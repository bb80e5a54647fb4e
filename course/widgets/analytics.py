"""Explorer for lesson 09: choose a layout, columns and days; watch bytes scanned and Athena cost.

Every number comes from a :class:`course.analytics.ScanIndex` built once from the files'
sizes and Parquet footers, so moving a control never re-reads the data or re-runs DuckDB.

>>> import tempfile
>>> from course.analytics import make_sales_dataset
>>> ds = make_sales_dataset(tempfile.mkdtemp(), rows=1_000, days=5, seed=1)
>>> explorer = AthenaScanExplorer(ds)
>>> explorer.layout.value = "csv"
>>> explorer.result["files_read"], explorer.result["files_total"]
(4, 4)
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course.analytics import (
    COLUMNS,
    LAYOUTS,
    SalesDataset,
    estimate_scan,
    layout_label,
    scan_index,
)
from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text
from course.plots.analytics import (
    dollars_text,
    layout_figure,
    moving_artists,
    set_limits,
    update_layout_figure,
)
from course.widgets.display import canvas_png, draw_over_background, show

MESSAGES = {
    "en": {
        "layout": "layout",
        "columns": "columns read",
        "days": "days (dt)",
        "scale": "table size",
        "scale_1": "this sample (x1)",
        "scale_1000": "x1,000",
        "scale_100000": "x100,000",
        "summary": "<b>{label}</b>, {first} to {last}: reads {files} of {total} files "
                   "and the columns {columns}. That is {mb:,.3f} MB in this sample; at x{scale:,g} "
                   "it is {gb:,.2f} GB: <b>{cost}</b> per query, "
                   "<b>{month}</b> a month at {runs} queries a day.",
        "none": "(none: only the footers)",
        "table_head": "<tr><th style='text-align:left'>layout</th><th>files read</th>"
                      "<th>MB scanned here</th><th>USD per query at x{scale:,g}</th></tr>",
        "table_row": "<tr><td style='text-align:left'>{label}</td><td>{files} of {total}</td>"
                     "<td>{mb:,.3f}</td><td>{cost}</td></tr>",
        "minimum": " The minimum charge ({minimum_mb:g} MB per query) applies.",
        "bad_columns": "columns must be a list of column names such as ['category', 'amount'], "
                       "got {value!r}.",
        "not_dataset": "dataset must be a SalesDataset from make_sales_dataset(), got {kind}.",
        "fallback": "[Athena scan explorer: run the notebook to choose layout, columns and days]",
    }
}

SCALES = (1, 1_000, 100_000)


class AthenaScanExplorer:
    """Pick a layout, the columns a query reads and a day range; see bytes scanned and cost.

    The chart always shows all four layouts for the same columns and days, with the chosen
    layout outlined; ``result`` holds the chosen layout's numbers.
    """

    def __init__(self, dataset: SalesDataset, layout: str = "csv",
                 columns: tuple[str, ...] = ("category", "amount"), queries_per_day: int = 24,
                 region: str = "us-east-1") -> None:
        from course.pricing.catalog import REGIONS
        from course.pricing.services import athena_query_cost

        if not isinstance(dataset, SalesDataset):
            raise CourseInputError(text(MESSAGES, "not_dataset", kind=type(dataset).__name__))
        check_choice("layout", layout, LAYOUTS)
        if isinstance(columns, str):
            raise CourseInputError(text(MESSAGES, "bad_columns", value=columns))
        for column in columns:
            check_choice("columns", column, COLUMNS)
        self.region = check_choice("region", region, REGIONS)
        self.queries_per_day = int(check_number("queries_per_day", queries_per_day, low=1,
                                                high=100_000))
        self._cost = athena_query_cost
        self.days = dataset.days
        self.index = scan_index(dataset)
        style = {"description_width": "90px"}
        self.layout = w.ToggleButtons(options=[(layout_label(x), x) for x in LAYOUTS], value=layout,
                                      description=text(MESSAGES, "layout"), style=style)
        self.columns = w.SelectMultiple(options=list(COLUMNS), value=tuple(columns), rows=5,
                                        description=text(MESSAGES, "columns"), style=style)
        self.day_range = w.IntRangeSlider(value=(1, len(self.days)), min=1, max=len(self.days),
                                          step=1, description=text(MESSAGES, "days"),
                                          style=style, layout=w.Layout(width="420px"))
        self.scale = w.Dropdown(options=[(text(MESSAGES, f"scale_{s}"), s) for s in SCALES],
                                value=SCALES[1], description=text(MESSAGES, "scale"), style=style)
        self.text = w.HTML()
        self.table = w.HTML()
        self.image = w.Image(format="png")
        self.figure, self._parts = layout_figure(animated=True, labels=False)
        self._canvas = FigureCanvasAgg(self.figure)
        self._background: Any = None
        self._background_scale: float | None = None
        self._backgrounds: dict[float, tuple[Any, tuple[float, float]]] = {}
        everything = estimate_scan(self.index, "csv", COLUMNS).bytes
        smallest = estimate_scan(self.index, "parquet_by_day", (), self.days[0], self.days[0]).bytes
        self._mb_limits = (smallest / 2**20 / 4, everything / 2**20 * 6)
        self.result: dict[str, Any] = {}
        for control in (self.layout, self.columns, self.day_range, self.scale):
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def redraw(self) -> None:
        """Re-estimate all four layouts for the current controls and redraw the chart."""
        first, last = (self.days[i - 1] for i in self.day_range.value)
        scale = float(self.scale.value)
        estimates = {layout: estimate_scan(self.index, layout, self.columns.value, first, last)
                     for layout in LAYOUTS}
        costs = [self._cost(estimates[x].bytes * scale, region=self.region) for x in LAYOUTS]
        minimum = self._cost(0, region=self.region)
        chosen = estimates[self.layout.value]
        cost = costs[LAYOUTS.index(self.layout.value)]
        self.result = {"layout": chosen.layout, "first_day": first, "last_day": last,
                       "bytes": chosen.bytes, "files_read": chosen.files_read,
                       "files_total": chosen.files_total, "columns_read": chosen.columns_read,
                       "scale": scale, "cost_usd": cost, "at_minimum": cost <= minimum}
        update_layout_figure(self._parts, [estimates[x].bytes for x in LAYOUTS], costs, minimum,
                             highlight=self.layout.value, scale=scale, autoscale=False)
        if scale != self._background_scale:
            self._draw_background(scale, minimum)
        draw_over_background(self._canvas, self._background, moving_artists(self._parts))
        rows = [text(MESSAGES, "table_row", label=("&#9656; " if x == self.layout.value else "")
                     + layout_label(x), files=estimates[x].files_read,
                     total=estimates[x].files_total, mb=estimates[x].bytes / 2**20,
                     cost=dollars_text(c)) for x, c in zip(LAYOUTS, costs, strict=True)]
        self.text.value = self._summary()
        self.table.value = ("<table style='text-align:right'>"
                            + text(MESSAGES, "table_head", scale=scale) + "".join(rows) + "</table>")
        self.image.value = canvas_png(self._canvas)

    def _draw_background(self, scale: float, minimum: float) -> None:
        """Draw axes, ticks and titles once per table size and keep them as a bitmap."""
        if scale in self._backgrounds:  # drawn before: restore its y ranges and bitmap
            self._background, dollars = self._backgrounds[scale]
            set_limits(self._parts, self._mb_limits, dollars)
        else:
            everything = estimate_scan(self.index, "csv", COLUMNS).bytes
            top = self._cost(everything * scale, region=self.region)
            dollars = (minimum / 4, max(top, minimum) * 6)
            set_limits(self._parts, self._mb_limits, dollars)
            self._canvas.draw()
            self._background = self._canvas.copy_from_bbox(self.figure.bbox)
            self._backgrounds[scale] = (self._background, dollars)
        self._background_scale = scale

    def _summary(self) -> str:
        r = self.result
        scaled = r["bytes"] * r["scale"]
        columns = ", ".join(r["columns_read"]) or text(MESSAGES, "none")
        message = text(MESSAGES, "summary", label=layout_label(r["layout"]), first=r["first_day"],
                       last=r["last_day"], files=r["files_read"], total=r["files_total"],
                       columns=columns, mb=r["bytes"] / 2**20, scale=r["scale"],
                       gb=scaled / 2**30, cost=dollars_text(r["cost_usd"]),
                       month=dollars_text(r["cost_usd"] * self.queries_per_day * 30),
                       runs=self.queries_per_day)
        if not r["at_minimum"]:
            return message
        from course.pricing.services import service_rate

        minimum_mb = service_rate("athena", "min_bytes_per_query", self.region) / 2**20
        return message + text(MESSAGES, "minimum", minimum_mb=minimum_mb)

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: controls, summary line, chart."""
        return w.VBox([self.layout, w.HBox([self.columns, w.VBox([self.day_range, self.scale])]),
                       self.text, self.image, self.table])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))
