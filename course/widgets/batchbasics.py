"""Lesson 03 explorer: drag simulated time and watch each AWS Batch job change state.

The run is simulated once; the slider only moves a cursor over a cached background,
so a redraw stays well under 100 ms.

>>> from course.batchbasics import JobTrack
>>> tracks = [JobTrack("a", "job-a", (0.0, 1.0, 91.0, 101.0, 401.0),
...                    ("SUBMITTED", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED"))]
>>> explorer = LifecycleExplorer(tracks)
>>> explorer.time.value = 95
>>> explorer.states["job-a"]
'STARTING'
"""

from __future__ import annotations

import time

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course.batchbasics import JobTrack, state_at, state_counts
from course.errors import CourseInputError, check_number
from course.i18n import text
from course.plots.batchbasics import check_tracks, horizon_of, lifecycle_figure, move_cursor
from course.widgets.display import canvas_png, draw_over_background, show

MESSAGES = {
    "en": {
        "time": "time (s)",
        "summary": "At t = {t:.0f} s: {counts}.",
        "count": "{n} {state}",
        "fallback": "[Job lifecycle explorer: run the notebook and drag the time slider]",
        "bad_step": "step_s must be a whole number of seconds from 1 to 3600, got {value!r}.",
    }
}


class LifecycleExplorer:
    """A time slider over a finished simulation: job states at time t, as bands and counts.

    ``tracks`` comes from :func:`course.batchbasics.job_tracks` (computed once).
    ``states`` maps job name to its state at the slider's time; ``counts`` counts them;
    ``last_redraw_ms`` is how long the last redraw took.
    """

    def __init__(self, tracks: list[JobTrack], *, step_s: int = 5, start_s: float = 0.0) -> None:
        self.tracks = check_tracks(tracks)
        if isinstance(step_s, bool) or not isinstance(step_s, int) or not 1 <= step_s <= 3600:
            raise CourseInputError(text(MESSAGES, "bad_step", value=step_s))
        end = horizon_of(self.tracks)
        start = check_number("start_s", start_s, low=0, high=end)
        self.time = w.FloatSlider(value=start, min=0, max=end, step=step_s,
                                  description=text(MESSAGES, "time"), readout_format=".0f",
                                  continuous_update=True, layout=w.Layout(width="620px"))
        self.text = w.HTML()
        self.image = w.Image(format="png")
        self.figure, self._parts = lifecycle_figure(self.tracks, start, horizon_s=end)
        self._canvas = FigureCanvasAgg(self.figure)
        self._dynamic = [self._parts["cursor"], *self._parts["labels"], self._parts["title"]]
        for artist in self._dynamic:
            artist.set_visible(False)
        self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        for artist in self._dynamic:
            artist.set_visible(True)
        self.states: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.last_redraw_ms = 0.0
        self.time.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def redraw(self) -> None:
        """Move the cursor to the slider's time; update labels, title, summary and image."""
        began = time.perf_counter()
        t = float(self.time.value)
        move_cursor(self._parts, t)
        draw_over_background(self._canvas, self._background, self._dynamic)
        self.states = {track.job_name: state_at(track, t) for track in self.tracks}
        self.counts = state_counts(self.tracks, t)
        parts = [text(MESSAGES, "count", n=n, state=s) for s, n in self.counts.items() if n]
        self.text.value = text(MESSAGES, "summary", t=t, counts=", ".join(parts) or "-")
        self.image.value = canvas_png(self._canvas)
        self.last_redraw_ms = (time.perf_counter() - began) * 1000

    @property
    def widget(self) -> w.VBox:
        """The explorer as one box: slider, summary line, figure."""
        return w.VBox([self.time, self.text, self.image])

    def _ipython_display_(self) -> None:
        show(self.widget, text(MESSAGES, "fallback"))
