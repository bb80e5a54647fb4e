"""The price seam: what the simulator needs to know about instance types and Fargate.

:class:`PriceBook` is built from ``course.pricing.catalog`` by default; tests and
lessons can pass their own fixed prices.

>>> book = PriceBook([InstanceSpec("m5.large", "m5", "x86_64", 2, 8192, 0.096, 0.04, 0.05)],
...                  fargate={("x86_64", False): (0.04048, 0.004445)})
>>> book.spec("m5.large").vcpu
2
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from course.batch.messages import MESSAGES
from course.batch.presets import BUCKET_MONTHLY_RATE, HOURS_PER_MONTH
from course.errors import CourseInputError
from course.i18n import text


@dataclass(frozen=True)
class InstanceSpec:
    """One EC2 instance type as the simulator sees it.

    >>> InstanceSpec("c6i.large", "c6i", "x86_64", 2, 4096, 0.085, 0.03, 0.05).family
    'c6i'
    """

    name: str
    family: str
    arch: str
    vcpu: int
    memory_mib: int
    on_demand_hourly: float
    spot_hourly: float
    interruption_rate_monthly: float  #: fraction of instances reclaimed per month (0..1)

    @property
    def hazard_per_hour(self) -> float:
        """Spot interruptions per instance-hour implied by the monthly rate.

        >>> round(InstanceSpec("x", "x", "x86_64", 1, 1, 1, 1, 0.05).hazard_per_hour, 7)
        7.03e-05
        """
        p = min(max(self.interruption_rate_monthly, 0.0), 0.999)
        return -math.log(1.0 - p) / HOURS_PER_MONTH


class PriceBook:
    """Instance specs and Fargate rates; inject one into the simulator for fixed prices.

    >>> book = PriceBook([InstanceSpec("m5.large", "m5", "x86_64", 2, 8192, 0.096, 0.04, 0.05)])
    >>> book.names()
    ['m5.large']
    """

    def __init__(self, instances: Iterable[InstanceSpec],
                 fargate: Mapping[tuple[str, bool], tuple[float, float]] | None = None,
                 source: str = "injected") -> None:
        self._specs: dict[str, InstanceSpec] = {}
        for spec in instances:
            if not isinstance(spec, InstanceSpec):
                raise CourseInputError(text(MESSAGES, "bad_mapping", name="instances",
                                            what="InstanceSpec objects", value=spec))
            self._specs[spec.name] = spec
        self._fargate = dict(fargate or {})
        self.source = source

    @classmethod
    def from_catalog(cls, region: str = "us-east-1") -> PriceBook:
        """Build a book from ``course.pricing.catalog`` (the course's dated price data).

        >>> PriceBook.from_catalog().source  # doctest: +SKIP
        'course.pricing.catalog ...'
        """
        try:
            from course.pricing import catalog
        except ImportError as err:  # pragma: no cover - depends on the other module
            raise CourseInputError(text(MESSAGES, "catalog_missing")) from err
        frame = catalog.instance_types(region)
        specs = []
        for row in frame.to_dict("records"):
            rate = row.get("interruption_rate_monthly")
            if rate is None or (isinstance(rate, float) and math.isnan(rate)):
                rate = BUCKET_MONTHLY_RATE.get(str(row.get("interruption_bucket")), 0.0)
            rate = float(rate)
            if rate > 1.0:  # given in percent
                rate /= 100.0
            od = float(row["on_demand_hourly"])
            discount = row.get("spot_discount")
            if discount is None or (isinstance(discount, float) and math.isnan(discount)):
                spot = float(catalog.spot_hourly(row["instance_type"], region))
            else:
                spot = od * (1.0 - float(discount))
            specs.append(InstanceSpec(
                name=str(row["instance_type"]), family=str(row["family"]), arch=str(row["arch"]),
                vcpu=int(row["vcpu"]), memory_mib=int(round(float(row["memory_gib"]) * 1024)),
                on_demand_hourly=od, spot_hourly=spot, interruption_rate_monthly=rate))
        fargate: dict[tuple[str, bool], tuple[float, float]] = {}
        for arch in ("x86_64", "arm64"):
            for spot in (False, True):
                try:
                    rates = catalog.fargate_rates(region=region, arch=arch, spot=spot)
                except Exception:  # noqa: BLE001 - combination not offered (e.g. arm64 Spot)
                    continue
                fargate[(arch, spot)] = (float(rates["vcpu_hour"]), float(rates["gb_hour"]))
        as_of = getattr(catalog, "prices_as_of", lambda: "unknown")()
        return cls(specs, fargate, source=f"course.pricing.catalog {region} as of {as_of}")

    def names(self) -> list[str]:
        """All instance type names, sorted.

        >>> PriceBook([]).names()
        []
        """
        return sorted(self._specs)

    def families(self) -> set[str]:
        """All instance families in the book.

        >>> PriceBook([]).families()
        set()
        """
        return {s.family for s in self._specs.values()}

    def has(self, name: str) -> bool:
        """Whether the book knows instance type ``name``.

        >>> PriceBook([]).has("m5.large")
        False
        """
        return name in self._specs

    def spec(self, name: str) -> InstanceSpec:
        """The :class:`InstanceSpec` of ``name`` (clear error if unknown).

        >>> PriceBook([]).spec("m5.large")
        Traceback (most recent call last):
        course.errors.CourseInputError: No price data for instance type 'm5.large'. ...
        """
        try:
            return self._specs[name]
        except KeyError:
            raise CourseInputError(text(MESSAGES, "price_missing", itype=name)) from None

    def family_specs(self, family: str) -> list[InstanceSpec]:
        """All sizes of one family, smallest first.

        >>> PriceBook([]).family_specs("m5")
        []
        """
        return sorted((s for s in self._specs.values() if s.family == family),
                      key=lambda s: (s.vcpu, s.memory_mib, s.name))

    def fargate_rates(self, arch: str = "x86_64", spot: bool = False) -> tuple[float, float]:
        """(USD per vCPU-hour, USD per GB-hour) for Fargate.

        >>> PriceBook([], {("x86_64", False): (0.04, 0.004)}).fargate_rates()
        (0.04, 0.004)
        """
        try:
            return self._fargate[(arch, spot)]
        except KeyError:
            label = f"FARGATE{'_SPOT' if spot else ''} {arch}"
            raise CourseInputError(text(MESSAGES, "price_missing", itype=label)) from None
