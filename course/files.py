"""Writing files safely: a reader sees the old file or the complete new one, never half of one.

>>> import pathlib, tempfile
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
>>> write_csv_atomically([{"a": 1}], ["a"], target).read_text().splitlines()
['a', '1']
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def write_csv_atomically(rows: Iterable[dict[str, Any]], columns: list[str],
                         out_path: str | os.PathLike[str]) -> Path:
    """Write ``rows`` as CSV to a temporary file beside ``out_path``, then rename it into place.

    Running it twice with the same rows leaves the same file (it is idempotent), and a
    crash half-way leaves the previous file untouched.

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = write_csv_atomically([{"x": 1}], ["x"], out)
    >>> _ = write_csv_atomically([{"x": 1}], ["x"], out)
    >>> out.read_text().splitlines()
    ['x', '1']
    """
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return out
