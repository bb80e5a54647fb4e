"""Show a widget with a readable text fallback.

A saved notebook then says what the widget is (on GitHub, in a static site, or
in nbval's comparison) instead of a long, changing ``repr`` of its state.

>>> bundle = widget_bundle("model-1", "A quiz question")
>>> bundle["text/plain"]
'A quiz question'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as w

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def widget_bundle(model_id: str, fallback: str) -> dict[str, Any]:
    """Return the display bundle for widget ``model_id`` with ``fallback`` as its plain text.

    >>> widget_bundle("abc", "x")[WIDGET_MIME]["model_id"]
    'abc'
    """
    return {"text/plain": fallback,
            WIDGET_MIME: {"version_major": 2, "version_minor": 0, "model_id": model_id}}


def show(widget: w.Widget, fallback: str) -> None:
    """Display ``widget``; where no widget can render, ``fallback`` is shown instead.

    In the Japanese edition ``fallback`` is translated through the notebook catalogues.
    """
    from IPython.display import display

    from course.i18n import translate

    display(widget_bundle(widget.model_id, translate(fallback)), raw=True)


def draw_over_background(canvas: Any, background: Any, artists: Iterable[Any]) -> None:
    """Put the cached ``background`` bitmap back on ``canvas`` and draw only ``artists`` over it.

    The step every explorer takes on a redraw, before :func:`canvas_png` encodes the result.

    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> figure = Figure(figsize=(1, 1), dpi=10)
    >>> canvas = FigureCanvasAgg(figure)
    >>> line, = figure.add_subplot().plot([0, 1], [0, 1], animated=True)
    >>> canvas.draw()
    >>> draw_over_background(canvas, canvas.copy_from_bbox(figure.bbox), [line])
    """
    canvas.restore_region(background)
    for artist in artists:
        canvas.figure.draw_artist(artist)


def canvas_png(canvas: Any) -> bytes:
    """Encode what a matplotlib Agg canvas holds now as PNG bytes, fast (for an Image widget).

    Explorers draw once, then update a few artists over a cached background; encoding
    the canvas buffer directly skips a full ``savefig`` redraw.

    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> canvas = FigureCanvasAgg(Figure(figsize=(1, 1), dpi=10))
    >>> canvas.draw()
    >>> canvas_png(canvas)[:4]
    b'\\x89PNG'
    """
    import io

    from PIL import Image

    width, height = canvas.get_width_height()
    frame = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba())
    buffer = io.BytesIO()
    frame.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
