"""A real batch job on your own machine: many small files, processed serially or in parallel.

Lesson 01 uses it to *measure* throughput, and to show idempotent output and retries.

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> paths = make_inputs(folder, files=20, rows=10)
>>> run = run_batch(paths, mode="serial")
>>> run.files, run.mode
(20, 'serial')
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from course.errors import CourseInputError, check_choice, check_number
from course.files import write_csv_atomically
from course.i18n import text

MESSAGES = {
    "en": {
        "no_paths": "paths must hold at least one input file.",
        "missing_file": "input file {path} does not exist: run make_inputs(...) first.",
        "gave_up": "gave up after {attempts} attempts: {error}",
        "transient": "transient failure on attempt {attempt} (simulated)",
    }
}

MODES = ("serial", "threads", "processes")
T = TypeVar("T")


def make_inputs(folder: str | os.PathLike[str], files: int = 2000, rows: int = 100,
                seed: int = 0) -> list[Path]:
    """Write ``files`` small CSV files of sensor readings into ``folder``; return their paths.

    The content depends only on ``seed``, so every run makes the same files.

    >>> import tempfile
    >>> [p.name for p in make_inputs(tempfile.mkdtemp(), files=2, rows=3)]
    ['readings-00000.csv', 'readings-00001.csv']
    """
    files = int(check_number("files", files, low=1, high=100_000))
    rows = int(check_number("rows", rows, low=1, high=100_000))
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(files):
        path = target / f"readings-{i:05d}.csv"
        lines = ["sensor,celsius"]
        lines += [f"s{rng.randrange(50):02d},{rng.gauss(21.0, 4.0):.3f}" for _ in range(rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def summarise_file(path: str | os.PathLike[str], io_wait_ms: float = 0.0) -> dict[str, Any]:
    """Read one input file and summarise it: the unit of work of the batch.

    ``io_wait_ms`` adds a pause before reading, standing in for a download
    from object storage (the part of real jobs where a thread just waits).

    >>> import tempfile
    >>> [p] = make_inputs(tempfile.mkdtemp(), files=1, rows=4, seed=1)
    >>> sorted(summarise_file(p))
    ['checksum', 'file', 'hottest', 'mean', 'rows']
    """
    if io_wait_ms:
        time.sleep(io_wait_ms / 1000)
    data = Path(path).read_bytes()
    values = [float(row["celsius"]) for row in csv.DictReader(data.decode().splitlines())]
    digest = data
    for _ in range(500):  # some CPU work per file, as real parsing and checks would do
        digest = hashlib.sha256(digest).digest()
    return {"file": Path(path).name, "rows": len(values), "mean": sum(values) / len(values),
            "hottest": max(values), "checksum": digest.hex()[:12]}


@dataclass
class BatchRun:
    """The measured result of one run of the batch.

    >>> BatchRun("serial", 1, 10, 0.5).files_per_second
    20.0
    """

    mode: str
    workers: int
    files: int
    seconds: float
    results: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def files_per_second(self) -> float:
        """Throughput: files finished per second of wall time."""
        return self.files / self.seconds if self.seconds > 0 else float("inf")


def run_batch(paths: Sequence[str | os.PathLike[str]], mode: str = "serial",
              workers: int | None = None, io_wait_ms: float = 0.0) -> BatchRun:
    """Process every file in ``paths`` with ``mode`` (serial, threads or processes) and time it.

    >>> import tempfile
    >>> paths = make_inputs(tempfile.mkdtemp(), files=8, rows=5)
    >>> run_batch(paths, mode="threads", workers=4).files
    8
    """
    check_choice("mode", mode, MODES)
    if not paths:
        raise CourseInputError(text(MESSAGES, "no_paths"))
    for path in paths[:1]:
        if not Path(path).exists():
            raise CourseInputError(text(MESSAGES, "missing_file", path=path))
    io_wait_ms = check_number("io_wait_ms", io_wait_ms, low=0, high=10_000)
    count = 1 if mode == "serial" else int(check_number(
        "workers", workers if workers is not None else (os.cpu_count() or 1), low=1, high=256))
    work = partial(summarise_file, io_wait_ms=io_wait_ms)
    start = time.perf_counter()
    if mode == "serial":
        results = [work(p) for p in paths]
    else:
        pool_type = ThreadPoolExecutor if mode == "threads" else ProcessPoolExecutor
        chunk = {} if mode == "threads" else {"chunksize": max(1, len(paths) // (count * 8))}
        with pool_type(max_workers=count) as pool:
            results = list(pool.map(work, paths, **chunk))
    return BatchRun(mode, count, len(paths), time.perf_counter() - start, results)


def write_report(results: Iterable[dict[str, Any]], out_path: str | os.PathLike[str]) -> Path:
    """Write the results as CSV *idempotently*: a rerun replaces the file, never adds to it.

    The file is written next to its destination and renamed into place, so a
    crash half-way leaves either the old report or the new one, never half of one.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report.csv"
    >>> _ = write_report([{"file": "a", "rows": 1}], out)
    >>> _ = write_report([{"file": "a", "rows": 1}], out)
    >>> out.read_text().splitlines()
    ['file,rows', 'a,1']
    """
    rows = list(results)
    return write_csv_atomically(rows, list(rows[0]) if rows else [], out_path)


def append_report(results: Iterable[dict[str, Any]], out_path: str | os.PathLike[str]) -> Path:
    """Append the results to a CSV: *not* idempotent, so a rerun duplicates rows.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
    >>> _ = append_report([{"file": "a"}], out); _ = append_report([{"file": "a"}], out)
    >>> out.read_text().splitlines()
    ['file', 'a', 'a']
    """
    rows = list(results)
    out = Path(out_path)
    new = not out.exists()
    with out.open("a", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]) if rows else [])
        if new:
            writer.writeheader()
        writer.writerows(rows)
    return out


class FlakyStep:
    """A step that fails on some attempts, as a network call sometimes does. Seeded.

    >>> step = FlakyStep(failure_rate=0.0)
    >>> step("x")
    'x'
    """

    def __init__(self, failure_rate: float = 0.3, seed: int = 0) -> None:
        self.failure_rate = check_number("failure_rate", failure_rate, low=0, high=0.99)
        self._rng = random.Random(seed)
        self.calls = 0

    def __call__(self, item: T) -> T:
        self.calls += 1
        if self._rng.random() < self.failure_rate:
            raise ConnectionError(text(MESSAGES, "transient", attempt=self.calls))
        return item


@dataclass
class RetryResult:
    """What :func:`retry` did: the value and how many attempts it took."""

    value: Any
    attempts: int
    waited_seconds: float


def retry(call: Callable[[], T], attempts: int = 3, base_delay: float = 1.0,
          retry_on: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError),
          sleep: Callable[[float], None] | None = None, seed: int = 0) -> RetryResult:
    """Call ``call`` until it succeeds, up to ``attempts`` times, with exponential backoff.

    The wait before attempt *n* is ``base_delay * 2**(n-2)`` seconds with "full jitter"
    (a random fraction of it). By default nothing really sleeps: the waits are only added
    up, so lessons stay fast; pass ``sleep=time.sleep`` for real waits.

    >>> step = FlakyStep(failure_rate=0.5, seed=3)
    >>> result = retry(lambda: step("file-1"), attempts=5)
    >>> result.value, result.attempts
    ('file-1', 2)
    """
    attempts = int(check_number("attempts", attempts, low=1, high=100))
    base_delay = check_number("base_delay", base_delay, low=0)
    rng = random.Random(seed)
    waited = 0.0
    for attempt in range(1, attempts + 1):
        try:
            return RetryResult(call(), attempt, waited)
        except retry_on as error:
            if attempt == attempts:
                raise RuntimeError(text(MESSAGES, "gave_up", attempts=attempts,
                                        error=error)) from error
            pause = rng.uniform(0, base_delay * 2 ** (attempt - 1))
            waited += pause
            if sleep is not None:
                sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover
