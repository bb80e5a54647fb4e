"""One call makes a Batch client: the simulator (default), moto, or real AWS (opt-in).

The same notebook code then runs against any of them; only ``mode`` changes.

>>> from course.batch.prices import PriceBook
>>> make_client(price_book=PriceBook([])).__class__.__name__
'BatchSimulator'
"""

from __future__ import annotations

from typing import Any

from course.batch.messages import MESSAGES
from course.errors import CourseInputError, check_choice
from course.i18n import text

MODES = ("sim", "moto", "aws")


class MotoBatch:
    """A boto3 Batch client inside moto's ``mock_aws`` (no Docker): API shapes only.

    moto marks every job SUCCEEDED at submit, so :meth:`advance` and
    :meth:`run_until_idle` have nothing to wait for and return at once. Call
    :meth:`close` (or use ``with``) to stop the mock.

    >>> MotoBatch.close.__name__
    'close'
    """

    def __init__(self, region: str) -> None:
        try:
            import boto3
            from moto import mock_aws
        except ImportError as err:  # pragma: no cover - moto is a course dependency
            raise CourseInputError(text(MESSAGES, "moto_missing")) from err
        self._mock = mock_aws(config={"batch": {"use_docker": False}})
        self._mock.start()
        self.client = boto3.client("batch", region_name=region)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def advance(self, seconds: float) -> None:
        """Nothing to simulate: moto jobs are already finished when submit returns.

        >>> MotoBatch.advance.__name__
        'advance'
        """

    def run_until_idle(self, max_hours: float = 0) -> None:
        """Nothing to simulate: moto jobs are already finished when submit returns.

        >>> MotoBatch.run_until_idle.__name__
        'run_until_idle'
        """

    def close(self) -> None:
        """Stop moto's mock.

        >>> MotoBatch.close.__name__
        'close'
        """
        if self._mock is not None:
            self._mock.stop()
            self._mock = None

    def __enter__(self) -> MotoBatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_client(mode: str = "sim", *, region: str = "us-east-1",
                allow_real_aws: bool = False, **sim_options: Any) -> Any:
    """Make a Batch client for ``mode`` ``"sim"`` (default), ``"moto"`` or ``"aws"``.

    ``sim_options`` go to :class:`~course.batch.client.BatchSimulator` (seed,
    price_book, timing, spot_interruptions_per_hour, instance_capacity, start_time).
    ``"aws"`` returns a real boto3 client and needs ``allow_real_aws=True``.

    >>> make_client("aws")
    Traceback (most recent call last):
    course.errors.CourseInputError: mode='aws' talks to real AWS and can cost money: ...
    """
    check_choice("mode", mode, MODES)
    if mode == "sim":
        from course.batch.client import BatchSimulator

        return BatchSimulator(region=region, **sim_options)
    if sim_options:
        raise CourseInputError(text(MESSAGES, "not_modelled",
                                    feature=f"Simulator options {sorted(sim_options)}",
                                    hint=f"They only apply to mode='sim', not {mode!r}."))
    if mode == "moto":
        return MotoBatch(region)
    if allow_real_aws is not True:
        raise CourseInputError(text(MESSAGES, "mode_aws"))
    import boto3  # pragma: no cover - never in tests

    return boto3.client("batch", region_name=region)  # pragma: no cover
