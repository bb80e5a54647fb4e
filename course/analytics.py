"""Athena on your laptop: a seeded sales table in an S3-like folder, four layouts, bytes scanned.

:func:`make_sales_dataset` writes the same rows four ways under a local folder laid out
like ``s3://bucket/prefix/``: CSV and Parquet, each either in one folder ("flat") or in
Hive-style ``dt=YYYY-MM-DD/`` partitions. :func:`run_query` runs a :class:`SalesQuery`
with DuckDB, and :func:`estimate_scan` / :func:`bytes_scanned` measure how many bytes
Athena would have to read for it (DuckDB does not report that number, so we compute it
from file sizes and Parquet footers; see :func:`estimate_scan` for the rules).

>>> import tempfile
>>> ds = make_sales_dataset(tempfile.mkdtemp(), rows=2_000, days=4, seed=1)
>>> ds.s3_uri(ds.files("parquet_by_day")[0])
's3://analytics-course/sales/parquet_by_day/dt=2026-11-01/part-0000.parquet'
>>> week = SalesQuery(first_day="2026-11-03", last_day="2026-11-04")
>>> bytes_scanned(ds, "parquet_by_day", week) < bytes_scanned(ds, "csv", week)
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "bad_day": "{name} must be a date written YYYY-MM-DD (such as '2026-11-24'), got {value!r}.",
        "day_order": "first_day ({first}) must not be after last_day ({last}).",
        "not_whole": "{name} must be a whole number, got {value!r}.",
        "columns_type": "columns must be a list of column names such as ['category', 'amount'], "
                        "got {value!r}.",
        "not_folder": "root must be a folder path (str or pathlib.Path), got {value!r}.",
        "not_dataset": "dataset must be a SalesDataset from make_sales_dataset(), got {kind}.",
        "not_query": "query must be a SalesQuery, got {kind}.",
        "not_index": "index must be a ScanIndex from scan_index(), got {kind}.",
        "bad_name": "{name} must look like an S3 {what} (lower-case letters, digits, '-', '.'), "
                    "got {value!r}.",
        "no_file": "path must be an existing Parquet file, got {value!r}.",
        "layout_csv": "CSV, one folder",
        "layout_csv_by_day": "CSV, dt= partitions",
        "layout_parquet": "Parquet, one folder",
        "layout_parquet_by_day": "Parquet, dt= partitions",
    }
}

#: The four ways the same rows are stored.
LAYOUTS: tuple[str, ...] = ("csv", "csv_by_day", "parquet", "parquet_by_day")
#: Columns of the sales table, in file order (``dt`` lives in the folder name when partitioned).
COLUMNS: tuple[str, ...] = ("order_id", "ts", "dt", "store", "category", "product_id",
                            "quantity", "amount", "customer_id", "channel")
#: The table definition, as Athena would keep it in the Glue Data Catalog (DuckDB type names).
SCHEMA: dict[str, str] = {"order_id": "BIGINT", "ts": "TIMESTAMP", "dt": "DATE", "store": "VARCHAR",
                          "category": "VARCHAR", "product_id": "INTEGER", "quantity": "TINYINT",
                          "amount": "BIGINT", "customer_id": "INTEGER", "channel": "VARCHAR"}
#: Columns a :class:`SalesQuery` may group by, and columns it may add up.
GROUP_COLUMNS: tuple[str, ...] = ("category", "store", "channel", "dt")
MEASURES: tuple[str, ...] = ("amount", "quantity")

STORES = tuple([f"tokyo-{i:02d}" for i in range(1, 9)] + [f"osaka-{i:02d}" for i in range(1, 5)])
CATEGORIES = ("beauty", "books", "food", "garden", "home", "music", "sports", "toys")
CHANNELS = ("app", "store", "web")
UNIT_PRICES_JPY = (300, 500, 800, 1200, 1500, 2000, 3000, 5000)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTITION = re.compile(r"dt=(\d{4}-\d{2}-\d{2})")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_PREFIX = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$")


def layout_label(layout: str) -> str:
    """Return a short human name for ``layout``.

    >>> layout_label("parquet_by_day")
    'Parquet, dt= partitions'
    """
    return text(MESSAGES, "layout_" + check_choice("layout", layout, LAYOUTS))


def is_partitioned(layout: str) -> bool:
    """Return True when ``layout`` keeps each day in its own ``dt=YYYY-MM-DD/`` folder.

    >>> is_partitioned("csv_by_day"), is_partitioned("parquet")
    (True, False)
    """
    return check_choice("layout", layout, LAYOUTS).endswith("_by_day")


def check_day(name: str, value: object) -> str:
    """Return ``value`` if it is a real calendar date written ``YYYY-MM-DD``.

    >>> check_day("first_day", "2026-11-24")
    '2026-11-24'
    """
    if not isinstance(value, str) or not _DAY.match(value):
        raise CourseInputError(text(MESSAGES, "bad_day", name=name, value=value))
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise CourseInputError(text(MESSAGES, "bad_day", name=name, value=value)) from None
    return value


def _check_whole(name: str, value: object, low: int, high: int) -> int:
    number = check_number(name, value, low=low, high=high)
    if number != int(number):
        raise CourseInputError(text(MESSAGES, "not_whole", name=name, value=value))
    return int(number)


def _check_range(first_day: object, last_day: object) -> tuple[str | None, str | None]:
    first = None if first_day is None else check_day("first_day", first_day)
    last = None if last_day is None else check_day("last_day", last_day)
    if first is not None and last is not None and first > last:
        raise CourseInputError(text(MESSAGES, "day_order", first=first, last=last))
    return first, last


# --- the dataset ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SalesDataset:
    """Where :func:`make_sales_dataset` wrote the four layouts, and what they hold."""

    root: Path
    bucket: str
    prefix: str
    days: tuple[str, ...]
    rows: int
    seed: int
    _cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def folder(self, layout: str) -> Path:
        """Return the local folder that stands for ``s3://bucket/prefix/layout/``.

        >>> SalesDataset(Path("/x"), "b", "sales", ("2026-11-01",), 1, 0).folder("csv").as_posix()
        '/x/b/sales/csv'
        """
        return self.root / self.bucket / self.prefix / check_choice("layout", layout, LAYOUTS)

    def files(self, layout: str) -> list[Path]:
        """Return the data files of ``layout`` in a stable order.

        >>> SalesDataset(Path("/nowhere"), "b", "s", (), 0, 0).files("parquet")
        []
        """
        partitioned = is_partitioned(layout)  # also checks the layout name
        suffix = ".csv" if layout.startswith("csv") else ".parquet"
        pattern = f"dt=*/*{suffix}" if partitioned else f"*{suffix}"
        return sorted(self.folder(layout).glob(pattern))

    def s3_uri(self, path: Path) -> str:
        """Return the S3 address that a local file stands for.

        >>> ds = SalesDataset(Path("/x"), "b", "sales", (), 0, 0)
        >>> ds.s3_uri(Path("/x/b/sales/csv/part-0000.csv"))
        's3://b/sales/csv/part-0000.csv'
        """
        return "s3://" + Path(path).relative_to(self.root).as_posix()


def _sales_table(rows: int, days: int, first_day: str, seed: int):  # -> pyarrow.Table
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    start = int(np.datetime64(first_day + "T00:00:00", "s").astype(np.int64))
    seconds = np.sort(rng.integers(0, days * 86_400, rows)).astype(np.int64) + start
    quantity = rng.integers(1, 6, rows)
    price = np.asarray(UNIT_PRICES_JPY)[rng.integers(0, len(UNIT_PRICES_JPY), rows)]

    def pick(options: tuple[str, ...]):
        return pa.array(options).take(pa.array(rng.integers(0, len(options), rows)))

    return pa.table({
        "order_id": pa.array(np.arange(1, rows + 1, dtype=np.int64)),
        # Building timestamps from int64 with .view() is instant; pa.array(..., timestamp) is slow.
        "ts": pa.array(seconds).view(pa.timestamp("s")),
        "dt": pa.array((seconds // 86_400).astype(np.int32)).view(pa.date32()),
        "store": pick(STORES),
        "category": pick(CATEGORIES),
        "product_id": pa.array(rng.integers(1000, 10_000, rows).astype(np.int32)),
        "quantity": pa.array(quantity.astype(np.int8)),
        "amount": pa.array((quantity * price).astype(np.int64)),
        "customer_id": pa.array(rng.integers(1, 50_000, rows).astype(np.int32)),
        "channel": pick(CHANNELS),
    })


def make_sales_dataset(root: str | Path, *, rows: int = 150_000, days: int = 30,
                       first_day: str = "2026-11-01", seed: int = 9, flat_files: int = 4,
                       row_group_rows: int = 20_000, bucket: str = "analytics-course",
                       prefix: str = "sales") -> SalesDataset:
    """Write one seeded month of shop orders four ways under ``root/bucket/prefix/``.

    * ``csv`` and ``parquet``: ``flat_files`` files in one folder. Rows are shuffled before
      they are split (as if several writers exported them), so every file and every Parquet
      row group holds orders from all days.
    * ``csv_by_day`` and ``parquet_by_day``: one file per day in ``dt=YYYY-MM-DD/`` folders;
      the ``dt`` column is not stored in the files, only in the folder name.

    Amounts are whole yen, so sums are exact and identical on every layout.

    >>> import tempfile
    >>> ds = make_sales_dataset(tempfile.mkdtemp(), rows=1_000, days=3, seed=1)
    >>> ds.days, [len(ds.files(layout)) for layout in LAYOUTS]
    (('2026-11-01', '2026-11-02', '2026-11-03'), [4, 3, 4, 3])
    """
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    if not isinstance(root, str | Path):
        raise CourseInputError(text(MESSAGES, "not_folder", value=root))
    rows = _check_whole("rows", rows, 100, 5_000_000)
    days = _check_whole("days", days, 1, 366)
    seed = _check_whole("seed", seed, 0, 2**32 - 1)
    flat_files = _check_whole("flat_files", flat_files, 1, 64)
    row_group_rows = _check_whole("row_group_rows", row_group_rows, 100, 10_000_000)
    for name, value, pattern, what in (("bucket", bucket, _BUCKET, "bucket name"),
                                       ("prefix", prefix, _PREFIX, "key prefix")):
        if not isinstance(value, str) or not pattern.match(value):
            raise CourseInputError(text(MESSAGES, "bad_name", name=name, what=what, value=value))
    first = dt.date.fromisoformat(check_day("first_day", first_day))
    day_names = tuple((first + dt.timedelta(days=i)).isoformat() for i in range(days))
    ds = SalesDataset(Path(root), bucket, prefix, day_names, rows, seed)

    table = _sales_table(rows, days, day_names[0], seed)
    # flat layouts: shuffled rows, split into equal files
    shuffled = table.take(np.random.default_rng(seed + 1).permutation(rows))
    bounds = np.linspace(0, rows, flat_files + 1).astype(int)
    for layout in ("csv", "parquet"):
        ds.folder(layout).mkdir(parents=True, exist_ok=True)
    for i, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        part = shuffled.slice(lo, hi - lo)
        pa_csv.write_csv(part, ds.folder("csv") / f"part-{i:04d}.csv")
        pq.write_table(part, ds.folder("parquet") / f"part-{i:04d}.parquet",
                       row_group_size=row_group_rows)
    # partitioned layouts: rows are in time order, so each day is one slice
    epoch_days = np.asarray(table["dt"].cast("int32"))
    first_epoch = int(epoch_days[0]) if rows else 0
    edges = np.searchsorted(epoch_days, first_epoch + np.arange(days + 1))
    data_only = table.drop_columns(["dt"])
    for i, day in enumerate(day_names):
        part = data_only.slice(int(edges[i]), int(edges[i + 1] - edges[i]))
        for layout, suffix in (("csv_by_day", "csv"), ("parquet_by_day", "parquet")):
            folder = ds.folder(layout) / f"dt={day}"
            folder.mkdir(parents=True, exist_ok=True)
            if suffix == "csv":
                pa_csv.write_csv(part, folder / "part-0000.csv")
            else:
                pq.write_table(part, folder / "part-0000.parquet", row_group_size=row_group_rows)
    return ds


def _check_dataset(dataset: object) -> SalesDataset:
    if not isinstance(dataset, SalesDataset):
        raise CourseInputError(text(MESSAGES, "not_dataset", kind=type(dataset).__name__))
    return dataset


def folder_listing(dataset: SalesDataset, layout: str, limit: int = 4) -> pd.DataFrame:
    """Return the first ``limit`` files of ``layout`` as S3 addresses with their sizes.

    >>> import tempfile
    >>> ds = make_sales_dataset(tempfile.mkdtemp(), rows=1_000, days=3, seed=1)
    >>> list(folder_listing(ds, "csv_by_day", limit=2)["s3_uri"].str.slice(-27))
    ['dt=2026-11-01/part-0000.csv', 'dt=2026-11-02/part-0000.csv']
    """
    import pandas as pd

    ds = _check_dataset(dataset)
    limit = _check_whole("limit", limit, 1, 10_000)
    files = ds.files(layout)[:limit]
    return pd.DataFrame({"s3_uri": [ds.s3_uri(p) for p in files],
                         "bytes": [p.stat().st_size for p in files]})


# --- queries -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SalesQuery:
    """``SELECT group_by, SUM(measure), COUNT(*) ... WHERE dt BETWEEN first_day AND last_day``.

    Leave ``first_day`` / ``last_day`` as ``None`` for no lower / upper bound.

    >>> SalesQuery("store", first_day="2026-11-24").columns
    ('store', 'amount')
    """

    group_by: str = "category"
    measure: str = "amount"
    first_day: str | None = None
    last_day: str | None = None

    def __post_init__(self) -> None:
        check_choice("group_by", self.group_by, GROUP_COLUMNS)
        check_choice("measure", self.measure, MEASURES)
        _check_range(self.first_day, self.last_day)

    @property
    def columns(self) -> tuple[str, ...]:
        """The table columns the query names (besides the ``dt`` filter)."""
        return (self.group_by, self.measure)

    @property
    def filtered(self) -> bool:
        """True when the query has a ``dt`` filter."""
        return self.first_day is not None or self.last_day is not None

    def sql(self, table: str = "sales") -> str:
        """Return the query as SQL over ``table`` (a table name or a DuckDB table function).

        >>> print(SalesQuery(first_day="2026-11-24", last_day="2026-11-30").sql())
        SELECT category, SUM(amount) AS total_amount, COUNT(*) AS orders
        FROM sales
        WHERE dt BETWEEN DATE '2026-11-24' AND DATE '2026-11-30'
        GROUP BY category
        ORDER BY category
        """
        lines = [f"SELECT {self.group_by}, SUM({self.measure}) AS total_{self.measure}, "
                 "COUNT(*) AS orders", f"FROM {table}"]
        if self.first_day is not None and self.last_day is not None:
            lines.append(f"WHERE dt BETWEEN DATE '{self.first_day}' AND DATE '{self.last_day}'")
        elif self.first_day is not None:
            lines.append(f"WHERE dt >= DATE '{self.first_day}'")
        elif self.last_day is not None:
            lines.append(f"WHERE dt <= DATE '{self.last_day}'")
        lines += [f"GROUP BY {self.group_by}", f"ORDER BY {self.group_by}"]
        return "\n".join(lines)


def _check_query(query: object) -> SalesQuery:
    if not isinstance(query, SalesQuery):
        raise CourseInputError(text(MESSAGES, "not_query", kind=type(query).__name__))
    return query


def table_function(dataset: SalesDataset, layout: str) -> str:
    """Return the DuckDB table function that reads ``layout`` (what Athena's table points at).

    CSV is read with the declared :data:`SCHEMA`, as Athena reads a catalogued table, so
    DuckDB does not have to guess the column types from a sample.

    >>> ds = SalesDataset(Path("/d"), "b", "sales", (), 0, 0)
    >>> table_function(ds, "parquet_by_day")
    "read_parquet('/d/b/sales/parquet_by_day/dt=*/*.parquet', hive_partitioning = true)"
    >>> table_function(ds, "csv_by_day")[:84]
    "read_csv('/d/b/sales/csv_by_day/dt=*/*.csv', header = true, hive_partitioning = true"
    """
    ds = _check_dataset(dataset)
    folder = ds.folder(layout).as_posix()
    if layout.startswith("parquet"):
        if layout == "parquet":
            return f"read_parquet('{folder}/*.parquet')"
        return f"read_parquet('{folder}/dt=*/*.parquet', hive_partitioning = true)"
    partitioned = is_partitioned(layout)
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in SCHEMA.items()
                        if not (partitioned and name == "dt"))
    options = f"header = true, auto_detect = false, columns = {{{columns}}}"
    if partitioned:
        return (f"read_csv('{folder}/dt=*/*.csv', header = true, hive_partitioning = true, "
                f"auto_detect = false, columns = {{{columns}}})")
    return f"read_csv('{folder}/*.csv', {options})"


def run_query(dataset: SalesDataset, layout: str, query: SalesQuery) -> pd.DataFrame:
    """Run ``query`` on ``layout`` with DuckDB and return the result (sorted, stable types).

    >>> import tempfile
    >>> ds = make_sales_dataset(tempfile.mkdtemp(), rows=1_000, days=3, seed=1)
    >>> q = SalesQuery("channel")
    >>> run_query(ds, "csv", q).equals(run_query(ds, "parquet_by_day", q))
    True
    """
    import duckdb

    ds = _check_dataset(dataset)
    q = _check_query(query)
    check_choice("layout", layout, LAYOUTS)
    with duckdb.connect() as con:
        result = con.execute(q.sql(table_function(ds, layout))).df()
    result[q.group_by] = result[q.group_by].astype(str)
    for column in result.columns[1:]:
        result[column] = result[column].astype("int64")
    return result


# --- bytes scanned -------------------------------------------------------------------------
@dataclass(frozen=True)
class ScanIndex:
    """Sizes of every piece Athena could read, per layout (built once by :func:`scan_index`).

    For each layout, parallel arrays over *pieces*: ``kind`` (``file`` for a whole CSV file,
    ``footer`` for a Parquet footer, ``chunk`` for one column chunk of one row group),
    ``file`` (file number), ``group`` (row-group id, -1 for non-chunks), ``day`` (partition
    day, or ``""`` in flat layouts), ``column``, ``low``/``high`` (the row group's ``dt`` range
    from the footer statistics) and ``bytes``.
    """

    pieces: dict[str, dict[str, np.ndarray]]
    files: dict[str, int]
    row_groups: dict[str, int]

    def total_bytes(self, layout: str) -> int:
        """Return the bytes of all files of ``layout`` (what a full scan of CSV reads)."""
        return estimate_scan(self, layout, COLUMNS).bytes


def _parquet_pieces(path: Path, file_no: int, day: str) -> list[tuple]:
    import pyarrow.parquet as pq

    meta = pq.read_metadata(path)
    pieces: list[tuple] = [("footer", file_no, -1, day, "", day or "0000-00-00",
                            day or "9999-99-99", meta.serialized_size + 8)]  # + length + 'PAR1'
    for r in range(meta.num_row_groups):
        group = meta.row_group(r)
        low, high = day, day
        for c in range(group.num_columns):
            chunk = group.column(c)
            stats = chunk.statistics
            if chunk.path_in_schema == "dt" and stats is not None and stats.has_min_max:
                low, high = stats.min.isoformat(), stats.max.isoformat()
        if not day and not low:  # no dt statistics: the row group may hold any day
            low, high = "0000-00-00", "9999-99-99"
        for c in range(group.num_columns):
            chunk = group.column(c)
            pieces.append(("chunk", file_no, r, day, chunk.path_in_schema, low, high,
                           chunk.total_compressed_size))
    return pieces


def scan_index(dataset: SalesDataset) -> ScanIndex:
    """Read every file size and Parquet footer once, so estimates need no more disk reads.

    >>> import tempfile
    >>> ds = make_sales_dataset(tempfile.mkdtemp(), rows=1_000, days=3, seed=1)
    >>> index = scan_index(ds)
    >>> index.files["csv_by_day"], index.row_groups["parquet"]
    (3, 4)
    """
    ds = _check_dataset(dataset)
    pieces: dict[str, dict[str, np.ndarray]] = {}
    files: dict[str, int] = {}
    groups: dict[str, int] = {}
    for layout in LAYOUTS:
        rows: list[tuple] = []
        paths = ds.files(layout)
        for file_no, path in enumerate(paths):
            match = _PARTITION.search(path.parent.name)
            day = match.group(1) if match else ""
            if layout.startswith("csv"):
                rows.append(("file", file_no, -1, day, "", day or "0000-00-00",
                             day or "9999-99-99", path.stat().st_size))
            else:
                rows.extend(_parquet_pieces(path, file_no, day))
        columns = list(zip(*rows, strict=True)) if rows else [()] * 8
        kind, file_no, group = (np.array(columns[i], dtype=t) for i, t in
                                ((0, "U6"), (1, np.int64), (2, np.int64)))
        pieces[layout] = {
            "kind": kind, "file": file_no,
            "group": np.where(group >= 0, file_no * 100_000 + group, -1),  # unique row-group id
            "day": np.array(columns[3], dtype="U10"), "column": np.array(columns[4], dtype="U16"),
            "low": np.array(columns[5], dtype="U10"), "high": np.array(columns[6], dtype="U10"),
            "bytes": np.array(columns[7], dtype=np.int64),
        }
        files[layout] = len(paths)
        groups[layout] = int(len(np.unique(pieces[layout]["group"][kind == "chunk"])))
    return ScanIndex(pieces, files, groups)


@dataclass(frozen=True)
class ScanEstimate:
    """What :func:`estimate_scan` found: bytes Athena reads, and which files and columns."""

    layout: str
    bytes: int
    files_read: int
    files_total: int
    row_groups_read: int
    columns_read: tuple[str, ...]


def _check_columns(columns: object) -> tuple[str, ...]:
    if isinstance(columns, str) or not isinstance(columns, Iterable):
        raise CourseInputError(text(MESSAGES, "columns_type", value=columns))
    chosen = [check_choice("columns", c, COLUMNS) for c in columns]
    return tuple(c for c in COLUMNS if c in chosen)


def estimate_scan(index: ScanIndex, layout: str, columns: Iterable[str],
                  first_day: str | None = None, last_day: str | None = None) -> ScanEstimate:
    """Return the bytes Athena must read to get ``columns`` for days in the range.

    The rules, applied in order (the same three levers Athena documents):

    1. **Partition pruning.** In a ``dt=`` layout, only files in folders inside the range
       are read. Flat layouts have no folders to skip.
    2. **CSV is read whole.** A text file has no index: every byte of every remaining
       file is scanned, whatever the columns.
    3. **Parquet reads the footer, then only what it needs.** For each remaining file:
       the footer (metadata + 8 bytes), then, in each row group whose ``dt`` min/max
       statistics overlap the range, the column chunks of the needed columns. The needed
       columns are ``columns``, plus ``dt`` when a flat layout filters on it; in a ``dt=``
       layout, ``dt`` comes from the folder name and costs nothing.

    >>> import tempfile
    >>> ds = make_sales_dataset(tempfile.mkdtemp(), rows=1_000, days=3, seed=1)
    >>> index = scan_index(ds)
    >>> one_day = estimate_scan(index, "csv_by_day", ["amount"], "2026-11-02", "2026-11-02")
    >>> one_day.bytes == ds.files("csv_by_day")[1].stat().st_size, one_day.files_read
    (True, 1)
    """
    if not isinstance(index, ScanIndex):
        raise CourseInputError(text(MESSAGES, "not_index", kind=type(index).__name__))
    check_choice("layout", layout, LAYOUTS)
    wanted = _check_columns(columns)
    first, last = _check_range(first_day, last_day)
    filtered = first is not None or last is not None
    lo, hi = first or "0000-00-00", last or "9999-99-99"
    p = index.pieces[layout]
    keep = np.ones(len(p["bytes"]), dtype=bool)
    if is_partitioned(layout):
        keep &= (p["day"] >= lo) & (p["day"] <= hi)
        needed = tuple(c for c in wanted if c != "dt")
    else:
        needed = tuple(c for c in COLUMNS if c in wanted or (filtered and c == "dt"))
    if layout.startswith("parquet"):
        overlaps = (p["high"] >= lo) & (p["low"] <= hi)
        is_chunk = p["kind"] == "chunk"
        keep &= ~is_chunk | (overlaps & np.isin(p["column"], needed))
        read_groups = keep & is_chunk & overlaps
        groups = int(len(np.unique(p["group"][read_groups])))
    else:
        groups = 0
        needed = tuple(c for c in COLUMNS if c != "dt" or not is_partitioned(layout))
    return ScanEstimate(layout=layout, bytes=int(p["bytes"][keep].sum()),
                        files_read=int(len(np.unique(p["file"][keep]))),
                        files_total=index.files[layout], row_groups_read=groups,
                        columns_read=needed)


def _cached_index(ds: SalesDataset) -> ScanIndex:
    if "index" not in ds._cache:
        ds._cache["index"] = scan_index(ds)
    return ds._cache["index"]  # type: ignore[return-value]


def bytes_scanned(dataset: SalesDataset, layout: str, query: SalesQuery) -> int:
    """Return the bytes Athena would scan for ``query`` on ``layout`` (see :func:`estimate_scan`).

    >>> import tempfile
    >>> ds = make_sales_dataset(tempfile.mkdtemp(), rows=1_000, days=3, seed=1)
    >>> bytes_scanned(ds, "csv", SalesQuery()) == sum(p.stat().st_size for p in ds.files("csv"))
    True
    """
    ds = _check_dataset(dataset)
    q = _check_query(query)
    return estimate_scan(_cached_index(ds), layout, q.columns, q.first_day, q.last_day).bytes


def compare_layouts(dataset: SalesDataset, query: SalesQuery, scale: float = 1.0,
                    region: str = "us-east-1") -> pd.DataFrame:
    """Return one row per layout: files read, bytes scanned and the Athena price of ``query``.

    ``scale`` multiplies the bytes, to ask "what if the table were ``scale`` times bigger,
    laid out the same way?" (footers do not really grow, so this slightly overstates).

    >>> import tempfile
    >>> ds = make_sales_dataset(tempfile.mkdtemp(), rows=1_000, days=3, seed=1)
    >>> table = compare_layouts(ds, SalesQuery(), scale=1)
    >>> list(table["layout"]), float(table["cost_usd"].max())    # all at the 10 MB minimum
    (['csv', 'csv_by_day', 'parquet', 'parquet_by_day'], 4.76837158203125e-05)
    """
    import pandas as pd

    from course.pricing.services import athena_query_cost

    ds = _check_dataset(dataset)
    q = _check_query(query)
    factor = check_number("scale", scale, low=1e-6, high=1e9)
    index = _cached_index(ds)
    rows = []
    for layout in LAYOUTS:
        est = estimate_scan(index, layout, q.columns, q.first_day, q.last_day)
        rows.append({"layout": layout, "files_read": est.files_read,
                     "files_total": est.files_total, "bytes_scanned": est.bytes,
                     "scanned_mb": round(est.bytes / 2**20, 3),
                     "cost_usd": athena_query_cost(est.bytes * factor, region=region)})
    table = pd.DataFrame(rows)
    table["share_of_csv"] = (table["bytes_scanned"] / table["bytes_scanned"].iloc[0]).round(4)
    return table


def parquet_chunk_sizes(path: str | Path) -> pd.DataFrame:
    """Return the compressed bytes of each column in one Parquet file (all row groups added).

    >>> import tempfile
    >>> ds = make_sales_dataset(tempfile.mkdtemp(), rows=1_000, days=3, seed=1)
    >>> sizes = parquet_chunk_sizes(ds.files("parquet_by_day")[0])
    >>> "dt" in set(sizes["column"]), int(sizes["bytes"].min()) > 0
    (False, True)
    """
    import pandas as pd
    import pyarrow.parquet as pq

    if not isinstance(path, str | Path) or not Path(path).is_file():
        raise CourseInputError(text(MESSAGES, "no_file", value=path))
    try:
        meta = pq.read_metadata(path)
    except (OSError, ValueError):
        raise CourseInputError(text(MESSAGES, "no_file", value=path)) from None
    totals: dict[str, int] = {}
    for r in range(meta.num_row_groups):
        group = meta.row_group(r)
        for c in range(group.num_columns):
            chunk = group.column(c)
            totals[chunk.path_in_schema] = totals.get(chunk.path_in_schema, 0) \
                + chunk.total_compressed_size
    return pd.DataFrame({"column": list(totals), "bytes": list(totals.values())})

