"""course.analytics: the seeded sales data, its four layouts, DuckDB queries and bytes scanned.

The expected bytes are computed here independently, from file sizes and from the Parquet
footers read with pyarrow, and compared with what ``estimate_scan`` counts.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from course.analytics import (
    COLUMNS,
    LAYOUTS,
    SalesDataset,
    SalesQuery,
    _sales_table,
    bytes_scanned,
    check_day,
    compare_layouts,
    estimate_scan,
    folder_listing,
    is_partitioned,
    layout_label,
    make_sales_dataset,
    parquet_chunk_sizes,
    run_query,
    scan_index,
    table_function,
)
from course.errors import CourseInputError

DAYS = ("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05")


@pytest.fixture(scope="module")
def sales(tmp_path_factory) -> SalesDataset:
    return make_sales_dataset(tmp_path_factory.mktemp("sales"), rows=3_000, days=5, seed=3,
                              flat_files=2, row_group_rows=500)


@pytest.fixture(scope="module")
def index(sales):
    return scan_index(sales)


def _size(paths) -> int:
    return sum(Path(p).stat().st_size for p in paths)


def _footer(path) -> int:
    return pq.read_metadata(path).serialized_size + 8


def _chunks(path, columns) -> int:
    meta = pq.read_metadata(path)
    return sum(meta.row_group(r).column(c).total_compressed_size
               for r in range(meta.num_row_groups) for c in range(meta.num_columns)
               if meta.row_group(r).column(c).path_in_schema in columns)


# --- the dataset -------------------------------------------------------------------------
def test_layouts_hold_the_same_rows_in_s3_like_folders(sales):
    assert sales.days == DAYS
    assert [len(sales.files(layout)) for layout in LAYOUTS] == [2, 5, 2, 5]
    by_day = sales.files("parquet_by_day")
    assert [p.parent.name for p in by_day] == [f"dt={d}" for d in DAYS]
    assert sales.s3_uri(by_day[0]) == "s3://analytics-course/sales/parquet_by_day/dt=2026-11-01/part-0000.parquet"
    # every layout stores all 3,000 rows: CSV lines minus one header per file, Parquet row counts
    for layout in ("csv", "csv_by_day"):
        assert sum(len(p.read_text().splitlines()) - 1 for p in sales.files(layout)) == 3_000
    for layout in ("parquet", "parquet_by_day"):
        assert sum(pq.read_metadata(p).num_rows for p in sales.files(layout)) == 3_000


def test_partitioned_files_keep_dt_only_in_the_folder_name(sales):
    assert "dt" not in pq.read_schema(sales.files("parquet_by_day")[0]).names
    assert "dt" not in sales.files("csv_by_day")[0].read_text().splitlines()[0]
    assert "dt" in pq.read_schema(sales.files("parquet")[0]).names
    assert is_partitioned("csv_by_day") and not is_partitioned("parquet")
    assert layout_label("csv") == "CSV, one folder"


def test_flat_row_groups_span_the_whole_month(sales):
    # shuffled before writing: every flat row group holds the first and the last day
    for path in sales.files("parquet"):
        meta = pq.read_metadata(path)
        assert meta.num_row_groups == 3  # 1,500 rows per file / 500 rows per group
        for r in range(meta.num_row_groups):
            stats = meta.row_group(r).column(COLUMNS.index("dt")).statistics
            assert (stats.min.isoformat(), stats.max.isoformat()) == (DAYS[0], DAYS[-1])


def test_generation_is_seeded(tmp_path):
    def digest(ds):
        return [hashlib.sha256(p.read_bytes()).hexdigest() for layout in LAYOUTS for p in ds.files(layout)]

    a = make_sales_dataset(tmp_path / "a", rows=500, days=2, seed=5)
    b = make_sales_dataset(tmp_path / "b", rows=500, days=2, seed=5)
    c = make_sales_dataset(tmp_path / "c", rows=500, days=2, seed=6)
    assert digest(a) == digest(b)
    assert digest(a) != digest(c)


def test_folder_listing(sales):
    listing = folder_listing(sales, "csv_by_day", limit=2)
    assert list(listing["s3_uri"]) == [
        "s3://analytics-course/sales/csv_by_day/dt=2026-11-01/part-0000.csv",
        "s3://analytics-course/sales/csv_by_day/dt=2026-11-02/part-0000.csv"]
    assert list(listing["bytes"]) == [p.stat().st_size for p in sales.files("csv_by_day")[:2]]


# --- queries -----------------------------------------------------------------------------
def test_sql_text_for_each_kind_of_filter():
    assert "WHERE" not in SalesQuery().sql()
    assert "WHERE dt >= DATE '2026-11-02'" in SalesQuery(first_day="2026-11-02").sql()
    assert "WHERE dt <= DATE '2026-11-02'" in SalesQuery(last_day="2026-11-02").sql()
    text = SalesQuery("store", "quantity", "2026-11-02", "2026-11-03").sql("t")
    assert text.splitlines() == [
        "SELECT store, SUM(quantity) AS total_quantity, COUNT(*) AS orders", "FROM t",
        "WHERE dt BETWEEN DATE '2026-11-02' AND DATE '2026-11-03'", "GROUP BY store",
        "ORDER BY store"]


@pytest.mark.parametrize("query", [
    SalesQuery(first_day="2026-11-04"),
    SalesQuery("store", "quantity", "2026-11-02", "2026-11-03"),
    SalesQuery("dt", "amount", last_day="2026-11-02"),
])
def test_every_layout_returns_the_same_result(sales, query):
    first = run_query(sales, "csv", query)
    for layout in LAYOUTS[1:]:
        assert run_query(sales, layout, query).equals(first), layout


def test_query_totals_match_an_independent_count(sales):
    # add up the generated table directly with numpy, for days 2..3
    table = _sales_table(3_000, 5, "2026-11-01", 3)
    days = np.asarray(table["dt"].cast("string"))
    keep = (days >= "2026-11-02") & (days <= "2026-11-03")
    result = run_query(sales, "parquet_by_day", SalesQuery("category", "amount", "2026-11-02", "2026-11-03"))
    assert int(result["orders"].sum()) == int(keep.sum())
    assert int(result["total_amount"].sum()) == int(np.asarray(table["amount"])[keep].sum())


def test_table_function_points_at_the_layout_folder(sales):
    assert table_function(sales, "csv").startswith("read_csv(")
    assert "hive_partitioning = true" in table_function(sales, "parquet_by_day")
    assert "hive_partitioning" not in table_function(sales, "parquet")


# --- bytes scanned -----------------------------------------------------------------------
def test_csv_is_read_whole_whatever_the_columns(sales, index):
    files = sales.files("csv")
    for columns in ([], ["amount"], list(COLUMNS)):
        assert estimate_scan(index, "csv", columns, "2026-11-02", "2026-11-02").bytes == _size(files)


def test_csv_partitions_prune_to_the_chosen_days(sales, index):
    files = sales.files("csv_by_day")
    # days 2..4 are the 2nd, 3rd and 4th partition files
    est = estimate_scan(index, "csv_by_day", ["amount"], "2026-11-02", "2026-11-04")
    assert est.bytes == _size(files[1:4]) and est.files_read == 3 and est.files_total == 5


def test_parquet_by_day_reads_footer_and_needed_chunks_of_kept_days(sales, index):
    day3 = sales.files("parquet_by_day")[2]
    expected = _footer(day3) + _chunks(day3, {"store", "amount"})
    est = estimate_scan(index, "parquet_by_day", ["store", "amount", "dt"], "2026-11-03", "2026-11-03")
    assert est.bytes == expected  # dt comes from the folder name: free
    assert est.columns_read == ("store", "amount") and est.files_read == 1


def test_flat_parquet_pays_for_the_dt_column_when_filtering(sales, index):
    files = sales.files("parquet")
    unfiltered = estimate_scan(index, "parquet", ["amount"])
    filtered = estimate_scan(index, "parquet", ["amount"], "2026-11-03", "2026-11-03")
    assert unfiltered.bytes == sum(_footer(p) + _chunks(p, {"amount"}) for p in files)
    # no row group can be skipped (each spans all days), so the filter only adds the dt chunks
    assert filtered.bytes - unfiltered.bytes == sum(_chunks(p, {"dt"}) for p in files)
    assert filtered.row_groups_read == index.row_groups["parquet"] == 6


def test_full_scan_adds_up_to_the_file_sizes(sales, index):
    for layout in LAYOUTS:
        files = sales.files(layout)
        magic = 4 * len(files) if layout.startswith("parquet") else 0  # leading 'PAR1' is not read
        assert estimate_scan(index, layout, COLUMNS).bytes == _size(files) - magic
        assert index.total_bytes(layout) == _size(files) - magic


def test_no_columns_reads_only_the_footers(sales, index):
    assert estimate_scan(index, "parquet_by_day", []).bytes == sum(
        _footer(p) for p in sales.files("parquet_by_day"))


def test_row_groups_are_skipped_by_min_max_statistics(tmp_path):
    # a time-sorted flat file: row groups of 300 rows each cover about half a day
    ds = SalesDataset(tmp_path, "b1", "sales", DAYS, 3_000, 3)
    folder = ds.folder("parquet")
    folder.mkdir(parents=True)
    path = folder / "part-0000.parquet"
    pq.write_table(_sales_table(3_000, 5, "2026-11-01", 3), path, row_group_size=300)
    meta = pq.read_metadata(path)
    dt = COLUMNS.index("dt")
    overlapping = [r for r in range(meta.num_row_groups)
                   if meta.row_group(r).column(dt).statistics.min.isoformat() <= "2026-11-03"
                   <= meta.row_group(r).column(dt).statistics.max.isoformat()]
    expected = _footer(path) + sum(meta.row_group(r).column(c).total_compressed_size
                                   for r in overlapping for c in (dt, COLUMNS.index("amount")))
    est = estimate_scan(scan_index(ds), "parquet", ["amount"], "2026-11-03", "2026-11-03")
    assert 1 <= len(overlapping) < meta.num_row_groups
    assert est.row_groups_read == len(overlapping) and est.bytes == expected


def test_more_days_never_scan_fewer_bytes(index):
    for layout in LAYOUTS:
        sizes = [estimate_scan(index, layout, ["amount"], DAYS[0], last).bytes for last in DAYS]
        assert sizes == sorted(sizes), layout


def test_bytes_scanned_and_compare_layouts(sales, index):
    query = SalesQuery("category", "amount", "2026-11-02", "2026-11-03")
    expected = {layout: estimate_scan(index, layout, ["category", "amount"], "2026-11-02",
                                      "2026-11-03").bytes for layout in LAYOUTS}
    assert {layout: bytes_scanned(sales, layout, query) for layout in LAYOUTS} == expected
    small = compare_layouts(sales, query, scale=1)
    # every layout is under 10 MB: 10 x 2**20 / 2**40 TB x $5 = $0.0000476837...
    assert list(small["cost_usd"]) == [10 * 2**20 / 2**40 * 5] * 4
    big = compare_layouts(sales, query, scale=100_000)
    csv_bytes = expected["csv"] * 100_000
    # rounded up to whole MB (2**20 bytes), then $5 per 2**40 bytes
    assert big["cost_usd"].iloc[0] == pytest.approx(np.ceil(csv_bytes / 2**20) * 2**20 / 2**40 * 5)
    assert list(big["cost_usd"]) == sorted(big["cost_usd"], reverse=True)
    assert big["share_of_csv"].iloc[0] == 1.0


def test_parquet_chunk_sizes_match_the_footer(sales):
    path = sales.files("parquet")[0]
    sizes = parquet_chunk_sizes(path)
    assert list(sizes["column"]) == list(COLUMNS)
    assert int(sizes["bytes"].sum()) == _chunks(path, set(COLUMNS))


# --- bad input ---------------------------------------------------------------------------
@pytest.mark.parametrize("layout", ["CSV", "", None, 3, "parquet_by_week"])
def test_bad_layout(sales, index, layout):
    for call in (lambda: layout_label(layout), lambda: is_partitioned(layout),
                 lambda: sales.folder(layout), lambda: table_function(sales, layout),
                 lambda: run_query(sales, layout, SalesQuery()),
                 lambda: estimate_scan(index, layout, ["amount"]),
                 lambda: bytes_scanned(sales, layout, SalesQuery()),
                 lambda: folder_listing(sales, layout)):
        with pytest.raises(CourseInputError, match="layout"):
            call()


@pytest.mark.parametrize("value", ["2026-13-01", "2026-11-31", "20261101", 20261101, None, "2026-1-01"])
def test_bad_day(value):
    with pytest.raises(CourseInputError, match="first_day"):
        check_day("first_day", value)


@pytest.mark.parametrize("kwargs, name", [
    ({"rows": 0}, "rows"), ({"rows": 1.5}, "rows"), ({"days": 0}, "days"), ({"seed": -1}, "seed"),
    ({"first_day": "Nov 1"}, "first_day"), ({"flat_files": 0}, "flat_files"),
    ({"row_group_rows": 10}, "row_group_rows"), ({"bucket": "My_Bucket"}, "bucket"),
    ({"prefix": "/sales"}, "prefix"),
])
def test_bad_dataset_arguments(tmp_path, kwargs, name):
    with pytest.raises(CourseInputError, match=name):
        make_sales_dataset(tmp_path, **kwargs)


def test_bad_root():
    with pytest.raises(CourseInputError, match="root"):
        make_sales_dataset(None)


@pytest.mark.parametrize("kwargs, name", [
    ({"group_by": "amount"}, "group_by"), ({"measure": "store"}, "measure"),
    ({"first_day": "yesterday"}, "first_day"), ({"last_day": 5}, "last_day"),
    ({"first_day": "2026-11-05", "last_day": "2026-11-01"}, "first_day"),
])
def test_bad_query(kwargs, name):
    with pytest.raises(CourseInputError, match=name):
        SalesQuery(**kwargs)


@pytest.mark.parametrize("dataset", [None, "sales", 3, {}, Path("/tmp")])
def test_bad_dataset_objects(dataset):
    for call in (lambda: run_query(dataset, "csv", SalesQuery()), lambda: scan_index(dataset),
                 lambda: bytes_scanned(dataset, "csv", SalesQuery()),
                 lambda: compare_layouts(dataset, SalesQuery()), lambda: folder_listing(dataset, "csv"),
                 lambda: table_function(dataset, "csv")):
        with pytest.raises(CourseInputError, match="dataset"):
            call()


@pytest.mark.parametrize("query", [None, "SELECT 1", 3, {"group_by": "store"}, ("store", "amount")])
def test_bad_query_objects(sales, query):
    for call in (lambda: run_query(sales, "csv", query), lambda: bytes_scanned(sales, "csv", query),
                 lambda: compare_layouts(sales, query)):
        with pytest.raises(CourseInputError, match="query"):
            call()


@pytest.mark.parametrize("kwargs, name", [
    ({"index": None}, "index"), ({"columns": "amount"}, "columns"), ({"columns": ["price"]}, "columns"),
    ({"columns": None}, "columns"), ({"first_day": "bad"}, "first_day"),
    ({"first_day": "2026-11-05", "last_day": "2026-11-01"}, "first_day"),
])
def test_bad_estimate_arguments(index, kwargs, name):
    arguments = {"index": index, "layout": "csv", "columns": ["amount"]} | kwargs
    with pytest.raises(CourseInputError, match=name):
        estimate_scan(**arguments)


@pytest.mark.parametrize("scale", [0, -1, "big", float("nan"), 1e12])
def test_bad_scale(sales, scale):
    with pytest.raises(CourseInputError, match="scale"):
        compare_layouts(sales, SalesQuery(), scale=scale)


def test_unknown_region_has_no_price(sales):
    with pytest.raises(CourseInputError, match="region"):
        compare_layouts(sales, SalesQuery(), region="eu-west-9")


@pytest.mark.parametrize("limit", [0, -2, 1.5, "3", None])
def test_bad_listing_limit(sales, limit):
    with pytest.raises(CourseInputError, match="limit"):
        folder_listing(sales, "csv", limit=limit)


@pytest.mark.parametrize("path", [None, 3, "/no/such/file.parquet", Path("/"), "README.md"])
def test_bad_parquet_path(path):
    with pytest.raises(CourseInputError, match="path"):
        parquet_chunk_sizes(path)
