"""Capstone (lesson 14): design a batch platform, run it in the simulator, price it for a month.

A :class:`Scenario` fixes the workload: a nightly array of short jobs that must be done by
a deadline, a weekly multi-hour job, an always-on Fargate service, growth per quarter and
a budget. A :class:`Design` is the learner's platform: compute environments, job queues,
a retry strategy and a discount mix (Savings Plan commitment, Reserved Instances, and the
Spot share that follows from the environments). :func:`check_design` builds the design
with boto3-shaped calls in the Batch simulator (:mod:`course.batch`), runs one weekday
night and one Sunday night with seeded Spot interruptions, prices a month with
:mod:`course.pricing` and returns an :class:`Evaluation`.

>>> ev = check_design(reference_design())
>>> ev.valid, ev.deadline_met, ev.passed
(True, True, True)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

import numpy as np

from course.errors import CourseInputError, check_choice, check_number, check_whole
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from course.batch.prices import PriceBook

CE_TYPES = ("EC2", "SPOT", "FARGATE", "FARGATE_SPOT")
EC2_STRATEGIES = ("BEST_FIT", "BEST_FIT_PROGRESSIVE")
SPOT_STRATEGIES = ("BEST_FIT", "BEST_FIT_PROGRESSIVE", "SPOT_CAPACITY_OPTIMIZED",
                   "SPOT_PRICE_CAPACITY_OPTIMIZED")
DEFAULT_STRATEGY = {"EC2": "BEST_FIT_PROGRESSIVE", "SPOT": "SPOT_PRICE_CAPACITY_OPTIMIZED"}
ENV_KEYS = ("name", "type", "maxvCpus", "allocationStrategy", "instanceTypes")
QUEUE_KEYS = ("name", "priority", "environments")
HOURS_PER_WEEK = 168
HOURS_PER_MONTH = 730.0
#: The retry rule every Spot design needs: re-run a job whose host was reclaimed.
SPOT_RETRY = {"attempts": 3, "evaluateOnExit": [
    {"onStatusReason": "Host EC2*", "action": "RETRY"},
    {"onReason": "*", "action": "EXIT"}]}
_FLEET_ROLE = "arn:aws:iam::123456789012:role/AmazonEC2SpotFleetRole"

MESSAGES = {
    "en": {
        "whole": "{name} must be a whole number, got {value!r}.",
        "not_mapping": "{name} must be a dict (or a {kind}), got {value!r}.",
        "unknown_key": "{name} has an unknown key {field!r}. Allowed keys: {allowed}.",
        "missing_key": "{name} needs the key {field!r}.",
        "bad_name": "{name}={value!r} is not a valid name: use 1-128 letters, digits, '-' or "
                    "'_', starting with a letter or digit.",
        "duplicate": "{name}: the name {value!r} is used twice.",
        "fargate_no_strategy": "{name}: a {kind} environment takes no allocationStrategy or "
                               "instanceTypes (Fargate picks the capacity). Remove the key.",
        "ec2_strategy": "{name}={value!r} needs Spot capacity. For type 'EC2' use one of "
                        "'BEST_FIT', 'BEST_FIT_PROGRESSIVE'; or set type 'SPOT'.",
        "queue_envs": "{name} must list 1 to 3 compute environment names in order, got "
                      "{value!r}.",
        "queue_env_missing": "{name} refers to {value!r}, which is not one of the design's "
                             "environments: {allowed}.",
        "queue_mix": "{name} mixes EC2/SPOT with FARGATE/FARGATE_SPOT environments, which "
                     "AWS Batch does not allow in one queue: {value!r}.",
        "queue_missing": "{name}={value!r} is not one of the design's queues: {allowed}.",
        "retry": "retry_strategy must be a dict like {{'attempts': 3, 'evaluateOnExit': "
                 "[...]}} with attempts 1-10 and at most 5 evaluateOnExit rules, got {value!r}.",
        "ri_one": "reserved_instances may hold one instance type (the course applies one RI "
                  "type), got {value!r}.",
        "design_type": "design must be a Design or a dict of its fields, got {value!r}.",
        "scenario_type": "scenario must be a Scenario, got {value!r}.",
        # evaluation problems
        "invalid": "The design is not valid: {error}",
        "late_night": "The {night} nightly batch ends at {end}, after the {deadline} deadline.",
        "late_weekly": "The weekly job ends at {end}, after its {deadline} deadline.",
        "failed": "{n} job(s) failed or never ran (look at the retry strategy and at "
                  "whether each queue has room for its jobs).",
        "expensive": "The month costs ${cost:,.0f}, {pct:+.1f}% against the reference design "
                     "(${ref:,.0f}); at most {tol:+.0f}% passes.",
        "budget": "The month costs ${cost:,.0f}, over the budget of ${budget:,.0f}.",
        "never": "never",
        "weekday": "weekday",
        "sunday": "Sunday",
        # tables
        "row_nightly": "nightly batch",
        "row_nightly_value": "{jobs:,} jobs × {minutes:g} min on {vcpus:g} vCPU / {mem:g} GiB, "
                             "arriving {start}, done by {deadline}",
        "row_weekly": "weekly heavy job",
        "row_weekly_value": "1 job × {hours:g} h on {vcpus:g} vCPU / {mem:g} GiB, Sundays "
                            "{start}, done by {deadline}",
        "row_steady": "always-on service",
        "row_steady_value": "{vcpus:g} vCPU / {mem:g} GiB on Fargate, 24 × 7",
        "row_growth": "growth",
        "row_growth_value": "+{pct:g}% nightly jobs per quarter ({jobs:,} jobs after "
                            "{q} quarters)",
        "row_budget": "budget",
        "row_budget_value": "${budget:,.0f} per month",
        "row_spot": "Spot risk (stress test)",
        "row_spot_value": "Spot Instance Advisor rates × {factor:,.0f} (c6i.large: {rate:.2f} "
                          "reclaims per instance-hour), seed {seed}",
        "row_sp": "Savings Plan offered",
        "row_sp_value": "Compute SP, {years} year, {payment}: {discount:.1%} off On-Demand",
        "item": "item",
        "value": "value",
        "mix_all_od": "all On-Demand",
        "mix_spot": "Spot with retries",
        "mix_sp_od": "Compute SP + On-Demand",
        "mix_sp_spot": "Compute SP + Spot",
    }
}


def _t(message: str, **values: object) -> str:
    return text(MESSAGES, message, **values)


def _clock(hours_after_midnight: float) -> str:
    if not math.isfinite(hours_after_midnight):
        return _t("never")
    minutes = int(round(hours_after_midnight * 60))
    day, minutes = divmod(minutes, 24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}" + (f" (+{day} d)" if day else "")


# ---------------------------------------------------------------------------- scenario
@dataclass(frozen=True)
class Scenario:
    """The workload, growth, budget and assumptions of the capstone (all fixed numbers).

    Times are hours after midnight; the nightly batch arrives at ``start_hour`` as one
    array job and must be done by ``deadline_hour``. The weekly job starts with it on
    Sundays. The always-on service runs on Fargate around the clock.

    >>> s = Scenario()
    >>> s.jobs_at(0), s.jobs_at(4)    # 2,000 x 1.10^4
    (2000, 2928)
    """

    nightly_jobs: int = 2000
    job_minutes: float = 6.0
    job_vcpus: int = 1
    job_memory_mib: int = 2048
    start_hour: float = 1.0
    deadline_hour: float = 6.0
    weekly_hours: float = 6.0
    weekly_vcpus: int = 8
    weekly_memory_mib: int = 16384
    weekly_deadline_hour: float = 18.0
    steady_vcpus: float = 8.0
    steady_memory_gb: float = 16.0
    growth_per_quarter: float = 0.10
    plan_quarter: int = 4
    budget_per_month: float = 600.0
    spot_stress: float = 1000.0
    seed: int = 14
    sp_term_years: int = 1
    sp_payment: str = "no_upfront"
    region: str = "us-east-1"

    def __post_init__(self) -> None:
        check_whole("nightly_jobs", self.nightly_jobs, 2, 10_000)
        check_number("job_minutes", self.job_minutes, low=1, high=600)
        check_whole("job_vcpus", self.job_vcpus, 1, 16)
        check_whole("job_memory_mib", self.job_memory_mib, 512, 65536)
        check_number("start_hour", self.start_hour, low=0, high=23)
        check_number("deadline_hour", self.deadline_hour, low=self.start_hour + 0.5, high=36)
        check_number("weekly_hours", self.weekly_hours, low=0.1, high=48)
        check_whole("weekly_vcpus", self.weekly_vcpus, 1, 16)
        check_whole("weekly_memory_mib", self.weekly_memory_mib, 512, 131072)
        check_number("weekly_deadline_hour", self.weekly_deadline_hour,
                     low=self.start_hour + 0.5, high=72)
        check_number("steady_vcpus", self.steady_vcpus, low=0, high=256)
        check_number("steady_memory_gb", self.steady_memory_gb, low=0, high=2048)
        check_number("growth_per_quarter", self.growth_per_quarter, low=-0.5, high=2)
        check_whole("plan_quarter", self.plan_quarter, 0, 8)
        check_number("budget_per_month", self.budget_per_month, low=0)
        check_number("spot_stress", self.spot_stress, low=0, high=1e5)
        check_whole("seed", self.seed, 0, 2**31)
        check_whole("sp_term_years", self.sp_term_years, 1, 3)
        check_choice("sp_payment", self.sp_payment, ("no_upfront", "partial_upfront",
                                                      "all_upfront"))

    def jobs_at(self, quarter: int) -> int:
        """Nightly jobs after ``quarter`` quarters of growth (rounded).

        >>> Scenario(growth_per_quarter=0.5).jobs_at(1)
        3000
        """
        q = check_whole("quarter", quarter, 0, 8)
        return int(round(self.nightly_jobs * (1.0 + self.growth_per_quarter) ** q))

    @property
    def window_hours(self) -> float:
        """Hours from arrival to the nightly deadline.

        >>> Scenario().window_hours
        5.0
        """
        return self.deadline_hour - self.start_hour

    @property
    def sp_discount(self) -> float:
        """The Compute Savings Plan discount from the course's discount table.

        >>> 0 < Scenario().sp_discount < 0.7
        True
        """
        from course.pricing.discounts import discount

        return discount("savings_plan", "compute", self.sp_term_years, self.sp_payment)

    @property
    def steady_hourly(self) -> float:
        """On-Demand $/h of the always-on Fargate service (vCPU + GB rates).

        >>> round(Scenario(steady_vcpus=1, steady_memory_gb=2).steady_hourly, 5)
        0.04937
        """
        from course.pricing.catalog import fargate_rates

        rates = fargate_rates(self.region)
        return self.steady_vcpus * rates["vcpu_hour"] + self.steady_memory_gb * rates["gb_hour"]

    def spot_hazard(self) -> dict[str, float]:
        """Spot reclaims per instance-hour: each type's catalogue rate × ``spot_stress``.

        Real monthly rates (5-20 % of instances a month) would almost never hit one
        night, so the capstone stress-tests designs with a much rougher night, keeping
        the types' relative risk. Fargate Spot (``"*"``) gets a 10 %-a-month rate × stress.

        >>> h = Scenario().spot_hazard()
        >>> h["c6i.large"] > h["r6i.large"] > 0
        True
        """
        from course.batch.prices import InstanceSpec

        book = price_book(self.region)
        out = {name: book.spec(name).hazard_per_hour * self.spot_stress
               for name in book.names()}
        out["*"] = InstanceSpec("*", "*", "x86_64", 1, 1, 0, 0, 0.10).hazard_per_hour \
            * self.spot_stress
        return out

    def summary_table(self) -> pd.DataFrame:
        """The scenario as a two-column table a learner can read.

        >>> Scenario().summary_table().shape
        (7, 2)
        """
        import pandas as pd

        rows = [
            (_t("row_nightly"), _t("row_nightly_value", jobs=self.nightly_jobs,
                                   minutes=self.job_minutes, vcpus=self.job_vcpus,
                                   mem=self.job_memory_mib / 1024,
                                   start=_clock(self.start_hour),
                                   deadline=_clock(self.deadline_hour))),
            (_t("row_weekly"), _t("row_weekly_value", hours=self.weekly_hours,
                                  vcpus=self.weekly_vcpus, mem=self.weekly_memory_mib / 1024,
                                  start=_clock(self.start_hour),
                                  deadline=_clock(self.weekly_deadline_hour))),
            (_t("row_steady"), _t("row_steady_value", vcpus=self.steady_vcpus,
                                  mem=self.steady_memory_gb)),
            (_t("row_growth"), _t("row_growth_value", pct=self.growth_per_quarter * 100,
                                  jobs=self.jobs_at(self.plan_quarter), q=self.plan_quarter)),
            (_t("row_budget"), _t("row_budget_value", budget=self.budget_per_month)),
            (_t("row_spot"), _t("row_spot_value", factor=self.spot_stress, seed=self.seed,
                                rate=self.spot_hazard()["c6i.large"])),
            (_t("row_sp"), _t("row_sp_value", years=self.sp_term_years,
                              payment=self.sp_payment.replace("_", " "),
                              discount=self.sp_discount)),
        ]
        return pd.DataFrame(rows, columns=[_t("item"), _t("value")])


SCENARIO = Scenario()


# ---------------------------------------------------------------------------- design
@dataclass(frozen=True)
class ComputeEnvironment:
    """One managed compute environment of a design (boto3 key names in dict form).

    >>> ComputeEnvironment("spot", "SPOT", 64).allocation_strategy
    'SPOT_PRICE_CAPACITY_OPTIMIZED'
    """

    name: str
    type: str
    max_vcpus: int
    allocation_strategy: str | None = None
    instance_types: tuple[str, ...] | None = None
    where: str = field(default="environment", repr=False, compare=False)

    def __post_init__(self) -> None:
        where = self.where
        _check_name(f"{where}.name", self.name)
        check_choice(f"{where}.type", self.type, CE_TYPES)
        check_whole(f"{where}.maxvCpus", self.max_vcpus, 1, 4096)
        if self.type.startswith("FARGATE"):
            if self.allocation_strategy is not None or self.instance_types is not None:
                raise CourseInputError(_t("fargate_no_strategy", name=where, kind=self.type))
            return
        strategy = self.allocation_strategy or DEFAULT_STRATEGY[self.type]
        if self.type == "EC2" and strategy in SPOT_STRATEGIES and strategy not in EC2_STRATEGIES:
            raise CourseInputError(_t("ec2_strategy", name=f"{where}.allocationStrategy",
                                      value=strategy))
        check_choice(f"{where}.allocationStrategy", strategy,
                     EC2_STRATEGIES if self.type == "EC2" else SPOT_STRATEGIES)
        types = ("optimal",) if self.instance_types is None else self.instance_types
        if isinstance(types, str) or not isinstance(types, Sequence) or not types:
            raise CourseInputError(_t("not_mapping", name=f"{where}.instanceTypes",
                                      kind="list of instance types", value=types))
        object.__setattr__(self, "allocation_strategy", strategy)
        object.__setattr__(self, "instance_types", tuple(str(t) for t in types))
        object.__setattr__(self, "max_vcpus", int(self.max_vcpus))

    @property
    def fargate(self) -> bool:
        """True for FARGATE and FARGATE_SPOT environments."""
        return self.type.startswith("FARGATE")

    @property
    def spot(self) -> bool:
        """True for SPOT and FARGATE_SPOT environments."""
        return self.type in ("SPOT", "FARGATE_SPOT")

    def compute_resources(self) -> dict[str, Any]:
        """The ``computeResources`` dict of ``create_compute_environment``.

        >>> ComputeEnvironment("f", "FARGATE", 16).compute_resources()["type"]
        'FARGATE'
        """
        resources: dict[str, Any] = {"type": self.type, "maxvCpus": self.max_vcpus,
                                     "subnets": ["subnet-1"]}
        if not self.fargate:
            resources.update(minvCpus=0, allocationStrategy=self.allocation_strategy,
                             instanceTypes=list(self.instance_types or ()),
                             instanceRole="ecsInstanceRole")
            if self.type == "SPOT":
                resources["spotIamFleetRole"] = _FLEET_ROLE
        return resources


@dataclass(frozen=True)
class JobQueue:
    """A job queue: a ``priority`` and up to three environment names in order.

    >>> JobQueue("nightly", 10, ("spot", "ondemand")).environments
    ('spot', 'ondemand')
    """

    name: str
    priority: int
    environments: tuple[str, ...]
    where: str = field(default="queue", repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_name(f"{self.where}.name", self.name)
        check_whole(f"{self.where}.priority", self.priority, 0, 1000)
        envs = self.environments
        if isinstance(envs, str) or not isinstance(envs, Sequence) or not 1 <= len(envs) <= 3:
            raise CourseInputError(_t("queue_envs", name=f"{self.where}.environments",
                                      value=envs))
        object.__setattr__(self, "environments", tuple(envs))
        object.__setattr__(self, "priority", int(self.priority))


@functools.cache
def _known_types() -> frozenset[str]:
    from course.pricing.catalog import instance_types

    return frozenset(instance_types()["instance_type"])


def _check_name(name: str, value: object) -> None:
    from course.batch.validation import NAME_RE

    if not isinstance(value, str) or not NAME_RE.match(value):
        raise CourseInputError(_t("bad_name", name=name, value=value))


def _from_mapping(cls: type, value: object, where: str, keys: tuple[str, ...]) -> Any:
    if isinstance(value, cls):
        return cls(**{f.name: getattr(value, f.name) for f in fields(cls)
                      if f.name != "where"}, where=where)
    if not isinstance(value, Mapping):
        raise CourseInputError(_t("not_mapping", name=where, kind=cls.__name__, value=value))
    for key in value:
        if key not in keys:
            raise CourseInputError(_t("unknown_key", name=where, field=key,
                                      allowed=", ".join(repr(k) for k in keys)))
    required = ("name", "type", "maxvCpus") if cls is ComputeEnvironment else QUEUE_KEYS
    for key in required:
        if key not in value:
            raise CourseInputError(_t("missing_key", name=where, field=key))
    if cls is ComputeEnvironment:
        types = value.get("instanceTypes")
        return ComputeEnvironment(value["name"], value["type"], value["maxvCpus"],
                                  value.get("allocationStrategy"),
                                  None if types is None else
                                  (types if isinstance(types, str) else tuple(types)),
                                  where=where)
    envs = value["environments"]
    return JobQueue(value["name"], value["priority"],
                    envs if isinstance(envs, str) or not isinstance(envs, Sequence)
                    else tuple(envs), where=where)


@dataclass(frozen=True)
class Design:
    """A batch platform: environments, queues, retry strategy and discount mix.

    ``environments`` and ``queues`` may be given as dicts with boto3's key names
    (``{"name", "type", "maxvCpus", "allocationStrategy", "instanceTypes"}`` and
    ``{"name", "priority", "environments"}``). The nightly array goes to
    ``nightly_queue``, the weekly job to ``weekly_queue``. ``savings_plan_per_hour`` is
    the Compute Savings Plan commitment in $/h; ``reserved_instances`` maps at most one
    instance type to a count of 1-year Standard RIs; ``weekly_checkpoint_minutes`` lets
    the weekly job save progress so a retry resumes. Every field is checked, and a bad
    value raises :class:`~course.errors.CourseInputError` naming the field.

    >>> d = Design(environments=[{"name": "od", "type": "EC2", "maxvCpus": 64}],
    ...            queues=[{"name": "q", "priority": 1, "environments": ["od"]}],
    ...            nightly_queue="q", weekly_queue="q")
    >>> d.spot_share
    0.0
    """

    environments: tuple[ComputeEnvironment, ...]
    queues: tuple[JobQueue, ...]
    nightly_queue: str
    weekly_queue: str
    retry_strategy: Mapping[str, Any] = field(default_factory=lambda: dict(SPOT_RETRY))
    savings_plan_per_hour: float = 0.0
    reserved_instances: Mapping[str, int] = field(default_factory=dict)
    weekly_checkpoint_minutes: float | None = None

    def __post_init__(self) -> None:
        envs = self.environments
        if isinstance(envs, Mapping | str) or not isinstance(envs, Sequence) or not envs:
            raise CourseInputError(_t("not_mapping", name="environments",
                                      kind="non-empty list of environments", value=envs))
        envs = tuple(_from_mapping(ComputeEnvironment, e, f"environments[{i}]", ENV_KEYS)
                     for i, e in enumerate(envs))
        names = [e.name for e in envs]
        for name in names:
            if names.count(name) > 1:
                raise CourseInputError(_t("duplicate", name="environments", value=name))
        queues = self.queues
        if isinstance(queues, Mapping | str) or not isinstance(queues, Sequence) or not queues:
            raise CourseInputError(_t("not_mapping", name="queues",
                                      kind="non-empty list of queues", value=queues))
        queues = tuple(_from_mapping(JobQueue, q, f"queues[{i}]", QUEUE_KEYS)
                       for i, q in enumerate(queues))
        by_name = {e.name: e for e in envs}
        qnames = [q.name for q in queues]
        for i, q in enumerate(queues):
            if qnames.count(q.name) > 1:
                raise CourseInputError(_t("duplicate", name="queues", value=q.name))
            for ref in q.environments:
                if ref not in by_name:
                    raise CourseInputError(_t("queue_env_missing",
                                              name=f"queues[{i}].environments", value=ref,
                                              allowed=", ".join(repr(n) for n in names)))
            if len({by_name[r].fargate for r in q.environments}) > 1:
                raise CourseInputError(_t("queue_mix", name=f"queues[{i}].environments",
                                          value=list(q.environments)))
        for key in ("nightly_queue", "weekly_queue"):
            value = getattr(self, key)
            if value not in qnames:
                raise CourseInputError(_t("queue_missing", name=key, value=value,
                                          allowed=", ".join(repr(n) for n in qnames)))
        retry = self.retry_strategy
        if not isinstance(retry, Mapping) or set(retry) - {"attempts", "evaluateOnExit"}:
            raise CourseInputError(_t("retry", value=retry))
        attempts = retry.get("attempts", 1)
        rules = retry.get("evaluateOnExit", [])
        if (isinstance(attempts, bool) or not isinstance(attempts, int)
                or not 1 <= attempts <= 10 or not isinstance(rules, Sequence)
                or isinstance(rules, str) or len(rules) > 5):
            raise CourseInputError(_t("retry", value=dict(retry)))
        check_number("savings_plan_per_hour", self.savings_plan_per_hour, low=0, high=100)
        ris = self.reserved_instances
        if not isinstance(ris, Mapping):
            raise CourseInputError(_t("not_mapping", name="reserved_instances",
                                      kind="{instance type: count}", value=ris))
        if len(ris) > 1:
            raise CourseInputError(_t("ri_one", value=dict(ris)))
        known = _known_types()
        for itype, count in ris.items():
            check_choice("reserved_instances key", itype, known)
            check_whole(f"reserved_instances[{itype!r}]", count, 0, 1000)
        if self.weekly_checkpoint_minutes is not None:
            check_number("weekly_checkpoint_minutes", self.weekly_checkpoint_minutes,
                         low=1, high=24 * 60)
        object.__setattr__(self, "environments", envs)
        object.__setattr__(self, "queues", queues)
        object.__setattr__(self, "retry_strategy", {"attempts": attempts,
                                                    "evaluateOnExit": [dict(r) for r in rules]})
        object.__setattr__(self, "reserved_instances", {k: int(v) for k, v in ris.items()})
        object.__setattr__(self, "savings_plan_per_hour", float(self.savings_plan_per_hour))

    @classmethod
    def from_dict(cls, value: object) -> Design:
        """Build a design from a dict of its fields (the form the exercise uses).

        >>> Design.from_dict({"environments": []})
        Traceback (most recent call last):
        course.errors.CourseInputError: design needs the key 'queues'.
        """
        if isinstance(value, Design):
            return value
        if not isinstance(value, Mapping):
            raise CourseInputError(_t("design_type", value=value))
        allowed = [f.name for f in fields(cls)]
        for key in value:
            if key not in allowed:
                raise CourseInputError(_t("unknown_key", name="design", field=key,
                                          allowed=", ".join(repr(k) for k in allowed)))
        for key in ("environments", "queues", "nightly_queue", "weekly_queue"):
            if key not in value:
                raise CourseInputError(_t("missing_key", name="design", field=key))
        return cls(**value)

    def environment(self, name: str) -> ComputeEnvironment:
        """The environment called ``name``."""
        return next(e for e in self.environments if e.name == name)

    def queue(self, name: str) -> JobQueue:
        """The queue called ``name``."""
        return next(q for q in self.queues if q.name == name)

    @property
    def spot_share(self) -> float:
        """Share of the nightly queue's maxvCpus on Spot or Fargate Spot (0-1).

        >>> reference_design().spot_share
        1.0
        """
        envs = [self.environment(n) for n in self.queue(self.nightly_queue).environments]
        total = sum(e.max_vcpus for e in envs)
        return sum(e.max_vcpus for e in envs if e.spot) / total

    def to_dict(self) -> dict[str, Any]:
        """The design as plain dicts with boto3 key names.

        >>> sorted(reference_design().to_dict())[:2]
        ['environments', 'nightly_queue']
        """
        out = asdict(self)
        out["environments"] = [{"name": e.name, "type": e.type, "maxvCpus": e.max_vcpus,
                                **({"allocationStrategy": e.allocation_strategy,
                                    "instanceTypes": list(e.instance_types or ())}
                                   if not e.fargate else {})} for e in self.environments]
        out["queues"] = [{"name": q.name, "priority": q.priority,
                          "environments": list(q.environments)} for q in self.queues]
        return out


@functools.lru_cache(maxsize=8)
def reference_design(scenario: Scenario = SCENARIO) -> Design:
    """The course's reference: Spot for the nightly array, On-Demand for the weekly job,
    and a Compute Savings Plan sized by the quantile rule (it covers the steady service).

    >>> ref = reference_design()
    >>> [e.type for e in ref.environments], ref.savings_plan_per_hour > 0
    (['SPOT', 'EC2'], True)
    """
    base = design_from_knobs(1.0, "SPOT_PRICE_CAPACITY_OPTIMIZED", 128, 0.0)
    return _with(base, savings_plan_per_hour=round(
        best_commitment(base, scenario, scenario.plan_quarter), 3))


def _with(design: Design, **changes: Any) -> Design:
    values = {f.name: getattr(design, f.name) for f in fields(Design)}
    values.update(changes)
    return Design(**values)


def design_from_knobs(spot_share: float, strategy: str, max_vcpus: int,
                      savings_plan_per_hour: float, *, weekly_vcpus: int = 16) -> Design:
    """A design from the explorer's knobs.

    The nightly queue (priority 10) fills a Spot environment of ``spot_share`` ×
    ``max_vcpus`` first, then an On-Demand one with the rest; the weekly job has its own
    On-Demand environment and queue (priority 1).

    >>> d = design_from_knobs(0.75, "SPOT_CAPACITY_OPTIMIZED", 128, 0.1)
    >>> [(e.name, e.max_vcpus) for e in d.environments]
    [('spot', 96), ('ondemand', 32), ('weekly', 16)]
    """
    share = check_number("spot_share", spot_share, low=0, high=1)
    total = check_whole("max_vcpus", max_vcpus, 2, 4096)
    check_choice("strategy", strategy, SPOT_STRATEGIES)
    spot_v = int(round(total * share))
    envs: list[ComputeEnvironment] = []
    if spot_v > 0:
        envs.append(ComputeEnvironment("spot", "SPOT", spot_v, strategy))
    if total - spot_v > 0:
        envs.append(ComputeEnvironment("ondemand", "EC2", total - spot_v,
                                       "BEST_FIT_PROGRESSIVE"))
    envs.append(ComputeEnvironment("weekly", "EC2", weekly_vcpus, "BEST_FIT_PROGRESSIVE"))
    queues = [JobQueue("nightly", 10, tuple(e.name for e in envs[:-1])),
              JobQueue("weekly", 1, ("weekly",))]
    return Design(tuple(envs), tuple(queues), "nightly", "weekly",
                  savings_plan_per_hour=savings_plan_per_hour)


def as_design(design: object) -> Design:
    """Accept a :class:`Design` or a dict of its fields.

    >>> as_design(reference_design()) is not None
    True
    """
    return design if isinstance(design, Design) else Design.from_dict(design)


# ---------------------------------------------------------------------------- requests
def batch_requests(design: Design, scenario: Scenario = SCENARIO,
                   quarter: int | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The boto3 Batch calls that build and feed the design for one Sunday night.

    Each item is ``(method, parameters)``; :func:`validate_requests` checks them all
    against botocore's model, and :func:`simulate_night` sends them to the simulator.

    >>> [m for m, _ in batch_requests(reference_design())][:3]
    ['create_compute_environment', 'create_compute_environment', 'create_job_queue']
    """
    design = as_design(design)
    q = scenario.plan_quarter if quarter is None else quarter
    calls: list[tuple[str, dict[str, Any]]] = []
    for env in design.environments:
        calls.append(("create_compute_environment", {
            "computeEnvironmentName": env.name, "type": "MANAGED",
            "computeResources": env.compute_resources()}))
    for queue in design.queues:
        calls.append(("create_job_queue", {
            "jobQueueName": queue.name, "state": "ENABLED", "priority": queue.priority,
            "computeEnvironmentOrder": [{"order": i + 1, "computeEnvironment": name}
                                        for i, name in enumerate(queue.environments)]}))
    for jd, vcpus, mem in (("etl", scenario.job_vcpus, scenario.job_memory_mib),
                           ("heavy", scenario.weekly_vcpus, scenario.weekly_memory_mib)):
        for platform in ("EC2", "FARGATE"):
            request: dict[str, Any] = {
                "jobDefinitionName": f"{jd}-{platform.lower()}", "type": "container",
                "containerProperties": {"image": f"{jd}:1", "resourceRequirements": [
                    {"type": "VCPU", "value": str(vcpus)},
                    {"type": "MEMORY", "value": str(mem)}]}}
            if platform == "FARGATE":
                request["platformCapabilities"] = ["FARGATE"]
            calls.append(("register_job_definition", request))
    retry = dict(design.retry_strategy)
    nightly_platform = _platform(design, design.nightly_queue)
    calls.append(("submit_job", {
        "jobName": "nightly", "jobQueue": design.nightly_queue,
        "jobDefinition": f"etl-{nightly_platform}", "arrayProperties": {"size":
                                                                        scenario.jobs_at(q)},
        "parameters": {"duration": str(scenario.job_minutes * 60)},
        "retryStrategy": retry}))
    params = {"duration": str(scenario.weekly_hours * 3600)}
    if design.weekly_checkpoint_minutes is not None:
        params["checkpointSeconds"] = str(design.weekly_checkpoint_minutes * 60)
    calls.append(("submit_job", {
        "jobName": "weekly", "jobQueue": design.weekly_queue,
        "jobDefinition": f"heavy-{_platform(design, design.weekly_queue)}",
        "parameters": params, "retryStrategy": retry}))
    return calls


def _platform(design: Design, queue: str) -> str:
    first = design.environment(design.queue(queue).environments[0])
    return "fargate" if first.fargate else "ec2"


def validate_requests(design: Design, scenario: Scenario = SCENARIO) -> int:
    """Check every request of :func:`batch_requests` with botocore; return how many.

    >>> validate_requests(reference_design())  # 2 environments, 2 queues, 4 job defs, 2 jobs
    10
    """
    from course.awsshapes import validate_request

    calls = batch_requests(design, scenario)
    for method, params in calls:
        validate_request("batch", method, params)
    return len(calls)


# ---------------------------------------------------------------------------- simulate
@functools.lru_cache(maxsize=2)
def price_book(region: str = "us-east-1") -> PriceBook:
    """The simulator's price book from the course catalogue, built once.

    >>> price_book().spec("c6i.large").vcpu
    2
    """
    from course.batch.prices import PriceBook

    return PriceBook.from_catalog(region)


@dataclass(frozen=True)
class Night:
    """What one simulated night produced (times in hours after the nightly arrival).

    ``failed``, ``spot`` (attempts lost to Spot reclaims) and ``lost`` (hours of work
    redone) are split by job name, ``"nightly"`` and ``"weekly"``.
    """

    nightly_hours: float
    weekly_hours: float | None
    failed: dict[str, int]
    spot: dict[str, int]
    lost: dict[str, float]
    usage: pd.DataFrame


def simulate_night(design: Design, scenario: Scenario = SCENARIO, quarter: int | None = None,
                   *, sunday: bool = True) -> Night:
    """Run one night (Sunday: with the weekly job) in the simulator.

    >>> night = simulate_night(reference_design(), quarter=0, sunday=False)
    >>> night.failed, night.weekly_hours, night.nightly_hours < 5
    ({'nightly': 0, 'weekly': 0}, None, True)
    """
    from course.batch import make_client

    design = as_design(design)
    q = scenario.plan_quarter if quarter is None else check_whole("quarter", quarter, 0, 8)
    batch = make_client(seed=scenario.seed,
                        price_book=price_book(scenario.region),
                        spot_interruptions_per_hour=scenario.spot_hazard())
    for method, params in batch_requests(design, scenario, q):
        if method == "submit_job" and params["jobName"] == "weekly" and not sunday:
            continue
        getattr(batch, method)(**params)
    batch.run_until_idle(max_hours=72)

    jobs = batch.jobs_frame()
    leaves = jobs[~jobs["is_array_parent"]]
    attempts = batch.attempts_frame()
    ends: dict[str, list[float]] = {"nightly": [], "weekly": []}
    spot = {"nightly": 0, "weekly": 0}
    lost = {"nightly": 0.0, "weekly": 0.0}
    for name in ends:
        mine = leaves[leaves["job_name"] == name]
        ok = (mine["status"] == "SUCCEEDED") & mine["stopped_s"].notna()
        ends[name] = [float(end) for end in np.where(ok, mine["stopped_s"].astype(float) / 3600, math.inf)]
        tried = attempts[attempts["job_name"] == name]
        spot[name] = int((tried["outcome"] == "spot").sum())
        lost[name] = float(tried["lost_s"].sum() / 3600)
    failed = {name: sum(1 for end in values if not math.isfinite(end))
              for name, values in ends.items()}
    return Night(max(ends["nightly"]), max(ends["weekly"]) if sunday else None, failed,
                 spot, lost, batch.usage_by_hour())


def _weekday_from_sunday(night: Night, weekly_envs: set[str]) -> Night:
    """The Sunday night without the weekly job (valid when it has its own environments)."""
    usage = night.usage[~night.usage["environment"].isin(weekly_envs)].reset_index(drop=True)
    return Night(night.nightly_hours, None, {"nightly": night.failed["nightly"], "weekly": 0},
                 {"nightly": night.spot["nightly"], "weekly": 0},
                 {"nightly": night.lost["nightly"], "weekly": 0.0}, usage)


def _week_profiles(weekday: Night, sunday: Night, scenario: Scenario
                   ) -> dict[str, Any]:
    """Hourly arrays for one week: EC2 On-Demand counts per type, On-Demand and Spot $."""
    key = (id(weekday), id(sunday), scenario)
    cached = _WEEK_CACHE.get(key)
    if cached is not None and cached[0] is weekday and cached[1] is sunday:
        return cached[2]
    week = _build_week(weekday, sunday, scenario)
    if len(_WEEK_CACHE) > 256:
        _WEEK_CACHE.clear()
    _WEEK_CACHE[key] = (weekday, sunday, week)
    return week


_WEEK_CACHE: dict[Any, tuple[Night, Night, dict[str, Any]]] = {}


def _build_week(weekday: Night, sunday: Night, scenario: Scenario) -> dict[str, Any]:
    ec2_counts: dict[str, np.ndarray] = {}
    ec2_od = np.zeros(HOURS_PER_WEEK)
    fargate_od = np.zeros(HOURS_PER_WEEK)
    spot = np.zeros(HOURS_PER_WEEK)
    start = int(scenario.start_hour)
    for day in range(7):
        night = sunday if day == 6 else weekday
        usage = night.usage
        if usage.empty:
            continue
        hours = ((day * 24 + start + usage["hour"].to_numpy()) % HOURS_PER_WEEK).astype(int)
        option = usage["purchase_option"].to_numpy()
        cost = usage["cost_usd"].to_numpy()
        np.add.at(spot, hours[(option == "spot") | (option == "fargate-spot")],
                  cost[(option == "spot") | (option == "fargate-spot")])
        np.add.at(fargate_od, hours[option == "fargate"], cost[option == "fargate"])
        od = option == "on-demand"
        np.add.at(ec2_od, hours[od], cost[od])
        itypes = usage["instance_type"].to_numpy()
        counts = usage["instance_hours"].to_numpy()
        for itype in set(itypes[od]):
            mask = od & (itypes == itype)
            arr = ec2_counts.setdefault(itype, np.zeros(HOURS_PER_WEEK))
            np.add.at(arr, hours[mask], counts[mask])
    steady = np.full(HOURS_PER_WEEK, scenario.steady_hourly)
    return {"ec2_counts": ec2_counts, "ec2_od": ec2_od, "fargate_od": fargate_od,
            "spot": spot, "steady": steady}


def monthly_cost(design: Design, weekday: Night, sunday: Night,
                 scenario: Scenario = SCENARIO) -> dict[str, float]:
    """Price a month (730 h) from one simulated weekday and Sunday night.

    Reserved Instances cover matching On-Demand EC2 hours first; the Compute Savings
    Plan then covers the remaining On-Demand EC2 and Fargate spend hour by hour
    (:func:`course.pricing.discounts.savings_plan_cost`); Spot is billed as used.
    Returns the month's total and its parts in $ plus the plan's coverage and utilisation.

    >>> ref = reference_design()
    >>> nights = [simulate_night(ref, quarter=0, sunday=s) for s in (False, True)]
    >>> cost = monthly_cost(ref, *nights)
    >>> round(cost["total"], 2) == round(cost["spot"] + cost["on_demand"]
    ...     + cost["savings_plan"] + cost["reserved"], 2)
    True
    """
    from course.pricing.discounts import (
        apply_reserved_instances,
        reserved_instance,
        savings_plan_cost,
    )

    design = as_design(design)
    week = _week_profiles(weekday, sunday, scenario)
    ec2_uncovered = week["ec2_od"]
    ri_fee = 0.0
    for itype, count in design.reserved_instances.items():
        if count == 0:
            continue
        usage = dict(week["ec2_counts"]) or {}
        usage.setdefault(itype, np.zeros(HOURS_PER_WEEK))
        terms = reserved_instance(itype, scenario.region, "standard", 1, "no_upfront")
        out = apply_reserved_instances(usage, itype, count, float(terms["effective_hourly"]),
                                       scenario.region)
        hourly = out["hourly"]
        ri_fee = float(out["ri_fee"])
        ec2_uncovered = (hourly["on_demand_equivalent"] - hourly["covered_on_demand_value"]
                         ).to_numpy()
    eligible = ec2_uncovered + week["fargate_od"] + week["steady"]
    sp = savings_plan_cost(eligible, design.savings_plan_per_hour, scenario.sp_discount)
    scale = HOURS_PER_MONTH / HOURS_PER_WEEK
    parts = {"spot": float(week["spot"].sum()) * scale,
             "on_demand": sp["overflow_cost"] * scale,
             "savings_plan": sp["commitment_cost"] * scale,
             "reserved": ri_fee * scale}
    return {"total": sum(parts.values()), **parts,
            "on_demand_equivalent": float(eligible.sum()) * scale,
            "sp_coverage": sp["coverage"], "sp_utilisation": sp["utilisation"]}


def best_commitment(design: Design, scenario: Scenario = SCENARIO,
                    quarter: int | None = None) -> float:
    """The Savings Plan commitment ($/h) that minimises this design's month (quantile rule).

    >>> od = design_from_knobs(0.0, "BEST_FIT_PROGRESSIVE", 128, 0.0)
    >>> 0 < best_commitment(od, quarter=0) < Scenario().steady_hourly
    True
    """
    from course.pricing.discounts import optimal_commitment

    design = as_design(design)
    week = _week_profiles(*nights(design, scenario, quarter), scenario)
    eligible = week["ec2_od"] + week["fargate_od"] + week["steady"]
    return optimal_commitment(eligible, scenario.sp_discount)


def nights(design: Design, scenario: Scenario = SCENARIO, quarter: int | None = None
           ) -> tuple[Night, Night]:
    """The (weekday, Sunday) nights of a design, simulated once and cached.

    When the weekly job has environments of its own, the weekday night is the Sunday
    night without them (one simulation); otherwise both nights are simulated.

    >>> weekday, sunday = nights(reference_design(), quarter=0)
    >>> weekday.weekly_hours is None and sunday.weekly_hours > 0
    True
    """
    design = as_design(design)
    q = scenario.plan_quarter if quarter is None else quarter
    key = (_design_key(design), scenario, q)
    cached = _NIGHT_CACHE.get(key)
    if cached is None:
        sunday = simulate_night(design, scenario, q, sunday=True)
        weekly_envs = set(design.queue(design.weekly_queue).environments)
        if weekly_envs & set(design.queue(design.nightly_queue).environments):
            weekday = simulate_night(design, scenario, q, sunday=False)
        else:  # the weekly job cannot touch the nightly batch: one simulation is enough
            weekday = _weekday_from_sunday(sunday, weekly_envs)
        cached = (weekday, sunday)
        if len(_NIGHT_CACHE) > 256:
            _NIGHT_CACHE.clear()
        _NIGHT_CACHE[key] = cached
    return cached


_NIGHT_CACHE: dict[Any, tuple[Night, Night]] = {}


def _design_key(design: Design) -> str:
    """What the simulation depends on (not the discount mix), as a stable string."""
    d = design.to_dict()
    for key in ("savings_plan_per_hour", "reserved_instances"):
        d.pop(key)
    return repr(d)


# ---------------------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class Evaluation:
    """The verdict on a design: deadlines, failures, monthly cost against the reference.

    ``makespan_hours`` is the slower of the weekday and Sunday nightly batches, in hours
    after arrival; ``cost_vs_reference_pct`` is +12.0 for 12 % more than the reference.
    ``passed`` is true when the design is valid, meets every deadline, loses no job,
    stays within budget and costs at most ``tolerance`` more than the reference.
    """

    valid: bool
    problems: tuple[str, ...]
    quarter: int
    nightly_jobs: int
    makespan_hours: float
    weekday_makespan_hours: float
    sunday_makespan_hours: float
    weekly_done_hours: float
    deadline_met: bool
    failed_jobs: int
    interruptions: int
    lost_work_hours: float
    monthly_cost: float
    cost_breakdown: dict[str, float]
    reference_cost: float
    cost_vs_reference_pct: float
    within_budget: bool
    spot_share: float
    passed: bool

    def table(self) -> pd.DataFrame:
        """The headline numbers as a one-column table.

        >>> check_design(reference_design()).table().shape[1]
        1
        """
        import pandas as pd

        keys = ("valid", "quarter", "nightly_jobs", "makespan_hours", "deadline_met",
                "weekly_done_hours", "failed_jobs", "interruptions", "monthly_cost",
                "reference_cost", "cost_vs_reference_pct", "within_budget", "spot_share",
                "passed")
        values = {k: getattr(self, k) for k in keys}
        for k in ("makespan_hours", "weekly_done_hours", "monthly_cost", "reference_cost",
                  "cost_vs_reference_pct", "spot_share"):
            values[k] = round(values[k], 2) if math.isfinite(values[k]) else values[k]
        return pd.DataFrame({"value": pd.Series(values, dtype=object)})


def evaluate(design: object, scenario: Scenario = SCENARIO, quarter: int | None = None
             ) -> dict[str, Any]:
    """Simulate and price a design without comparing it to the reference.

    >>> out = evaluate(reference_design(), quarter=0)
    >>> out["failed"], out["cost"]["total"] > 0
    (0, True)
    """
    design = as_design(design)
    q = scenario.plan_quarter if quarter is None else check_whole("quarter", quarter, 0, 8)
    weekday, sunday = nights(design, scenario, q)
    return {"weekday": weekday, "sunday": sunday,
            "failed": sum(weekday.failed.values()) + sum(sunday.failed.values()),
            "interruptions": sum(weekday.spot.values()) + sum(sunday.spot.values()),
            "lost_work_hours": sum(weekday.lost.values()) + sum(sunday.lost.values()),
            "cost": monthly_cost(design, weekday, sunday, scenario)}


@functools.lru_cache(maxsize=16)
def reference_cost(scenario: Scenario = SCENARIO, quarter: int | None = None) -> float:
    """Monthly cost of :func:`reference_design` at ``quarter`` (cached).

    >>> reference_cost() > reference_cost(quarter=0)
    True
    """
    return evaluate(reference_design(scenario), scenario, quarter)["cost"]["total"]


def check_design(design: object, scenario: Scenario = SCENARIO, quarter: int | None = None,
                 tolerance: float = 0.10) -> Evaluation:
    """Build, run and price ``design``; compare it with the reference; list every problem.

    A design that cannot be built (a bad field, or a request AWS would reject) gives
    ``valid=False`` with the error in ``problems`` rather than raising.

    >>> bad = check_design({"environments": [{"name": "x", "type": "EC3", "maxvCpus": 8}],
    ...                     "queues": [], "nightly_queue": "q", "weekly_queue": "q"})
    >>> bad.valid, bad.problems[0][:60]
    (False, "The design is not valid: environments[0].type='EC3' is not a")
    """
    if not isinstance(scenario, Scenario):
        raise CourseInputError(_t("scenario_type", value=scenario))
    q = scenario.plan_quarter if quarter is None else check_whole("quarter", quarter, 0, 8)
    tol = check_number("tolerance", tolerance, low=0, high=10)
    ref = reference_cost(scenario, q)
    jobs = scenario.jobs_at(q)
    try:
        design = as_design(design)
        result = evaluate(design, scenario, q)
    except Exception as err:  # noqa: BLE001 - CourseInputError, botocore and Batch errors
        from botocore.exceptions import BotoCoreError, ClientError

        if not isinstance(err, CourseInputError | BotoCoreError | ClientError):
            raise
        return Evaluation(False, (_t("invalid", error=str(err).strip()),), q, jobs, math.inf,
                          math.inf, math.inf, math.inf, False, jobs + 1, 0, 0.0, math.inf, {},
                          ref, math.inf, False, 0.0, False)
    weekday, sunday = result["weekday"], result["sunday"]
    window, weekly_window = scenario.window_hours, scenario.weekly_deadline_hour - \
        scenario.start_hour
    problems = []
    for name, night in (("weekday", weekday), ("sunday", sunday)):
        if night.nightly_hours > window:
            problems.append(_t("late_night", night=_t(name),
                               end=_clock(scenario.start_hour + night.nightly_hours),
                               deadline=_clock(scenario.deadline_hour)))
    weekly = sunday.weekly_hours if sunday.weekly_hours is not None else math.inf
    if weekly > weekly_window:
        problems.append(_t("late_weekly", end=_clock(scenario.start_hour + weekly),
                           deadline=_clock(scenario.weekly_deadline_hour)))
    deadline_met = not problems
    if result["failed"]:
        problems.append(_t("failed", n=result["failed"]))
    cost = result["cost"]
    pct = (cost["total"] / ref - 1.0) * 100
    if pct > tol * 100 + 1e-9:
        problems.append(_t("expensive", cost=cost["total"], pct=pct, ref=ref, tol=tol * 100))
    within = cost["total"] <= scenario.budget_per_month
    if not within:
        problems.append(_t("budget", cost=cost["total"], budget=scenario.budget_per_month))
    breakdown = {k: cost[k] for k in ("spot", "on_demand", "savings_plan", "reserved")}
    breakdown.update(sp_coverage=cost["sp_coverage"], sp_utilisation=cost["sp_utilisation"])
    makespan = max(weekday.nightly_hours, sunday.nightly_hours)
    return Evaluation(True, tuple(problems), q, jobs, makespan, weekday.nightly_hours,
                      sunday.nightly_hours, weekly, deadline_met, result["failed"],
                      result["interruptions"], result["lost_work_hours"], cost["total"],
                      breakdown, ref, pct, within, design.spot_share, not problems)


def discount_mixes(scenario: Scenario = SCENARIO, quarter: int | None = None,
                   max_vcpus: int = 128) -> dict[str, Design]:
    """The four designs of the lesson's final comparison, by label.

    >>> list(discount_mixes())[0]
    'all On-Demand'
    """
    od = design_from_knobs(0.0, "BEST_FIT_PROGRESSIVE", max_vcpus, 0.0)
    spot = design_from_knobs(1.0, "SPOT_PRICE_CAPACITY_OPTIMIZED", max_vcpus, 0.0)
    return {
        _t("mix_all_od"): od,
        _t("mix_spot"): spot,
        _t("mix_sp_od"): _with(od, savings_plan_per_hour=round(
            best_commitment(od, scenario, quarter), 3)),
        _t("mix_sp_spot"): _with(spot, savings_plan_per_hour=round(
            best_commitment(spot, scenario, quarter), 3)),
    }


def compare_mixes(scenario: Scenario = SCENARIO, quarter: int | None = None) -> pd.DataFrame:
    """Evaluate the four discount mixes on the same nights: cost, makespan, SP use.

    >>> table = compare_mixes()
    >>> table["monthly_cost"].idxmin()
    'Compute SP + Spot'
    """
    import pandas as pd

    rows = {}
    for label, design in discount_mixes(scenario, quarter).items():
        ev = check_design(design, scenario, quarter)
        rows[label] = {
            "spot_share": design.spot_share,
            "sp_per_hour": design.savings_plan_per_hour,
            "makespan_hours": round(ev.makespan_hours, 2),
            "interruptions": ev.interruptions,
            "failed_jobs": ev.failed_jobs,
            "monthly_cost": round(ev.monthly_cost, 2),
            "vs_reference_pct": round(ev.cost_vs_reference_pct, 1),
            "sp_utilisation": round(ev.cost_breakdown["sp_utilisation"], 3),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
