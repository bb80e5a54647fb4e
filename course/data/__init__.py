"""Dated, sourced price snapshots that the course reads (CSV files in this package).

Every row carries ``source`` (a URL), ``as_of`` (ISO date) and ``confidence``
(OFFICIAL / AWS-REPO / SECONDARY / UNVERIFIED); see ``README.md`` in this folder.

>>> table = read_table("fargate")
>>> {"region", "arch", "vcpu_hour", "source", "as_of", "confidence"} <= set(table.columns)
True
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

from course.errors import check_choice

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The tables shipped with the course (file name without ``.csv``).
TABLES: tuple[str, ...] = (
    "ec2_instances",
    "fargate",
    "lambda",
    "discounts",
    "services",
    "emr_uplift",
)


@functools.cache
def _read(name: str) -> pd.DataFrame:
    import pandas as pd

    with resources.files(__package__).joinpath(f"{name}.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, keep_default_na=True)


def read_table(name: str) -> pd.DataFrame:
    """Return a copy of the shipped table ``name`` as a ``pandas.DataFrame`` (cached read).

    >>> read_table("ec2_instances").shape[0] > 12
    True
    """
    check_choice("name", name, TABLES)
    return _read(name).copy()


def table_path(name: str) -> str:
    """Return the file path of the shipped table ``name`` (for lessons that cite it).

    >>> table_path("fargate").endswith("fargate.csv")
    True
    """
    check_choice("name", name, TABLES)
    return str(resources.files(__package__).joinpath(f"{name}.csv"))
