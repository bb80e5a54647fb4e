"""A boto3-shaped AWS Batch client backed by the discrete-event simulator.

The methods have boto3's names, keyword parameters and response dicts. Every request is
checked against botocore's own model of Batch (so a typo fails exactly as with boto3),
then against AWS's semantic rules (raising ``ClientException``).

>>> from course.batch.prices import InstanceSpec, PriceBook
>>> book = PriceBook([InstanceSpec("m5.large", "m5", "x86_64", 2, 8192, 0.096, 0.04, 0.05)])
>>> sim = BatchSimulator(price_book=book)
>>> sim.create_compute_environment(
...     computeEnvironmentName="ce1", type="MANAGED",
...     computeResources={"type": "EC2", "maxvCpus": 4, "instanceTypes": ["m5.large"],
...                       "subnets": ["subnet-1"], "instanceRole": "ecsInstanceRole"},
... )["computeEnvironmentName"]
'ce1'
"""

from __future__ import annotations

import datetime as _dt
import uuid
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from course.batch import engine as E
from course.batch.messages import MESSAGES
from course.batch.presets import FARGATE_VCPUS, PRESET_FAMILIES, Timing
from course.batch.prices import InstanceSpec, PriceBook
from course.batch.validation import (
    NAME_RE,
    ClientException,
    ServerException,
    check_pattern,
    client_error,
    validate,
)
from course.batch.work import WorkModel, check_work_model, parse_parameters
from course.errors import CourseInputError, check_number
from course.i18n import text

JOB_STATUSES = ("SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED",
                "FAILED")
CE_KINDS = ("EC2", "SPOT", "FARGATE", "FARGATE_SPOT")
STRATEGIES = ("BEST_FIT", "BEST_FIT_PROGRESSIVE", "SPOT_CAPACITY_OPTIMIZED",
              "SPOT_PRICE_CAPACITY_OPTIMIZED")
STATES = ("ENABLED", "DISABLED")


def _meta(request_id: str) -> dict[str, Any]:
    return {"ResponseMetadata": {"RequestId": request_id, "HTTPStatusCode": 200,
                                 "HTTPHeaders": {}, "RetryAttempts": 0}}


def _bad(name: str, what: str, value: object) -> CourseInputError:
    return CourseInputError(text(MESSAGES, "bad_value", name=name, what=what, value=value))


def _not_modelled(feature: str, hint: str = "") -> CourseInputError:
    return CourseInputError(text(MESSAGES, "not_modelled", feature=feature, hint=hint))


class BatchSimulator:
    """Simulated AWS Batch with boto3's ``batch`` client interface and a simulated clock.

    Parameters: ``seed`` (same seed, same results), ``region``, ``price_book`` (default:
    the course price catalogue), ``timing`` (a :class:`~course.batch.presets.Timing` or a
    dict of its fields), ``spot_interruptions_per_hour`` (override the Spot hazard: one
    number for every Spot instance and Fargate Spot task, or a dict keyed by instance
    type, family, ``"FARGATE_SPOT"`` or ``"*"``), ``instance_capacity`` (instances of a
    type that can run at once, to show BEST_FIT waiting), ``start_time`` (ISO-8601 UTC).

    >>> sim = BatchSimulator(price_book=PriceBook([]), seed=3)
    >>> sim.advance(60); sim.now
    60.0
    """

    def __init__(self, *, seed: int = 0, region: str = "us-east-1",
                 price_book: PriceBook | None = None,
                 timing: Timing | Mapping[str, float] | None = None,
                 spot_interruptions_per_hour: float | Mapping[str, float] | None = None,
                 instance_capacity: Mapping[str, int] | None = None,
                 start_time: str = "2026-01-01T00:00:00Z",
                 account_id: str = "123456789012") -> None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise _bad("seed", "an integer", seed)
        if not isinstance(region, str) or not region:
            raise _bad("region", "a region name", region)
        if price_book is None:
            price_book = PriceBook.from_catalog(region)
        elif not isinstance(price_book, PriceBook):
            raise _bad("price_book", "a PriceBook", price_book)
        timing = self._check_timing(timing)
        hazard = self._check_hazard(spot_interruptions_per_hour)
        capacity = self._check_capacity(instance_capacity)
        try:
            start = _dt.datetime.fromisoformat(str(start_time).replace("Z", "+00:00"))
        except ValueError:
            raise _bad("start_time", "an ISO-8601 time", start_time) from None
        if start.tzinfo is None:
            start = start.replace(tzinfo=_dt.UTC)
        self.region = region
        self.account_id = str(account_id)
        self.prices = price_book
        self.epoch_ms = int(start.timestamp() * 1000)
        self.engine = E.Engine(price_book, seed=seed, timing=timing, spot_hazard=hazard,
                               instance_capacity=capacity)
        self._work_models: dict[str | None, WorkModel] = {}
        self.exceptions = SimpleNamespace(ClientException=ClientException,
                                          ServerException=ServerException)

    # ------------------------------------------------------------------ constructor checks
    @staticmethod
    def _check_timing(timing: Timing | Mapping[str, float] | None) -> Timing:
        if timing is None:
            return Timing()
        if isinstance(timing, Timing):
            return timing
        if not isinstance(timing, Mapping):
            raise CourseInputError(text(MESSAGES, "bad_mapping", name="timing",
                                        what="Timing fields to seconds", value=timing))
        from course.errors import check_choice

        fields = Timing.__dataclass_fields__
        values = {}
        for key, value in timing.items():
            check_choice("timing key", key, fields)
            values[key] = check_number(f"timing[{key!r}]", value, low=0, high=86400)
        return Timing(**values)

    @staticmethod
    def _check_hazard(value: float | Mapping[str, float] | None
                      ) -> float | dict[str, float] | None:
        if value is None:
            return None
        if isinstance(value, Mapping):
            out = {}
            for key, rate in value.items():
                if not isinstance(key, str):
                    raise CourseInputError(text(
                        MESSAGES, "bad_mapping", name="spot_interruptions_per_hour",
                        what="instance type/family names to rates", value=dict(value)))
                out[key] = check_number(f"spot_interruptions_per_hour[{key!r}]", rate,
                                        low=0, high=1000)
            return out
        return check_number("spot_interruptions_per_hour", value, low=0, high=1000)

    @staticmethod
    def _check_capacity(value: Mapping[str, int] | None) -> dict[str, int]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise CourseInputError(text(MESSAGES, "bad_mapping", name="instance_capacity",
                                        what="instance types to counts", value=value))
        out = {}
        for key, count in value.items():
            number = check_number(f"instance_capacity[{key!r}]", count, low=0, high=1e6)
            if number != int(number):
                raise CourseInputError(text(MESSAGES, "bad_mapping", name="instance_capacity",
                                            what="instance types to whole counts", value=value))
            out[str(key)] = int(number)
        return out

    # ------------------------------------------------------------------ clock & work
    @property
    def now(self) -> float:
        """Simulated seconds since the start.

        >>> BatchSimulator(price_book=PriceBook([])).now
        0.0
        """
        return self.engine.now / 1000

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of simulated time pass (events run; nothing sleeps).

        >>> sim = BatchSimulator(price_book=PriceBook([])); sim.advance(90); sim.now
        90.0
        """
        secs = check_number("seconds", seconds, low=0, high=366 * 86400)
        self.engine.advance_ms(int(round(secs * 1000)))

    def run_until_idle(self, max_hours: float = 24 * 30) -> None:
        """Run until every job has finished (or can make no more progress).

        Afterwards idle instances get their scale-down period, as on AWS.

        >>> sim = BatchSimulator(price_book=PriceBook([])); sim.run_until_idle(); sim.now
        0.0
        """
        hours = check_number("max_hours", max_hours, low=0, high=24 * 366)
        self.engine.run_until_idle(int(hours * 3_600_000))

    def set_work_model(self, fn: WorkModel, job_definition: str | None = None) -> None:
        """Decide runtime and exit code of jobs with a function instead of parameters.

        ``fn(job_name, array_index, attempt) -> (duration_seconds, exit_code)``, or a
        3-tuple whose third item is the container ``reason`` (what ``onReason`` retry
        rules match, e.g. ``"OutOfMemoryError: Container killed due to memory usage"``);
        ``array_index`` is None for non-array jobs; ``attempt`` starts at 1. Applies to
        jobs submitted afterwards with job definition ``job_definition`` (name), or to
        all jobs when it is None.

        >>> sim = BatchSimulator(price_book=PriceBook([]))
        >>> sim.set_work_model(lambda name, index, attempt: (60.0, 0 if attempt > 1 else 1))
        """
        fn = check_work_model(fn)
        if job_definition is not None and not isinstance(job_definition, str):
            raise _bad("job_definition", "a job definition name", job_definition)
        self._work_models[job_definition] = fn

    def interrupt_instance(self, instance_id: str) -> None:
        """Make AWS reclaim Spot instance ``instance_id``: 2-minute notice, then reclaim.

        For lessons and tests that need an interruption at a chosen moment; random
        interruptions come from the Spot hazard anyway.

        >>> sim = BatchSimulator(price_book=PriceBook([]))
        >>> sim.interrupt_instance("i-0")
        Traceback (most recent call last):
        course.errors.CourseInputError: instance_id='i-0' is not allowed. Allowed: .
        """
        from course.errors import check_choice

        running = {i.id: i for i in self.engine.instances
                   if i.stop_ms is None and i.ce.spot}
        check_choice("instance_id", instance_id, running)
        self.engine.force_interrupt(running[instance_id])
        self.engine._run(self.engine.now)

    def epoch(self, ms: int | None) -> int | None:
        """Convert simulation ms to epoch ms (what AWS returns in ``startedAt`` etc.).

        >>> BatchSimulator(price_book=PriceBook([])).epoch(0)
        1767225600000
        """
        return None if ms is None else self.epoch_ms + ms

    # ------------------------------------------------------------------ helpers
    def _begin(self, op: str, method: str, args: tuple[Any, ...], params: dict[str, Any]
               ) -> None:
        if args:
            raise TypeError(text(MESSAGES, "positional", method=method))
        validate(op, params)

    def _rid(self) -> str:
        return self.engine.new_uuid()

    def _arn(self, kind: str, name: str) -> str:
        return f"arn:aws:batch:{self.region}:{self.account_id}:{kind}/{name}"

    @staticmethod
    def _strip_arn(ref: str, kind: str) -> str:
        marker = f":{kind}/"
        if ref.startswith("arn:") and marker in ref:
            return ref.split(marker, 1)[1]
        return ref

    def _ce(self, op: str, ref: str) -> E.ComputeEnv:
        ce = self.engine.ces.get(self._strip_arn(ref, "compute-environment"))
        if ce is None:
            raise client_error(op, "ce_missing", ce=ref)
        return ce

    def _queue(self, op: str, ref: str) -> E.JobQueue:
        q = self.engine.queues.get(self._strip_arn(ref, "job-queue"))
        if q is None:
            raise client_error(op, "queue_missing", queue=ref)
        return q

    def _policy(self, op: str, ref: str) -> E.SchedulingPolicy:
        pol = self.engine.policies.get(self._strip_arn(ref, "scheduling-policy"))
        if pol is None:
            raise client_error(op, "policy_missing", policy=ref)
        return pol

    def _jobdef(self, op: str, ref: str) -> E.JobDefinition:
        name = self._strip_arn(ref, "job-definition")
        base, sep, rev = name.rpartition(":")
        revs = self.engine.jobdefs.get(base if sep else name)
        if revs:
            if sep and rev.isdigit():
                for jd in revs:
                    if jd.revision == int(rev):
                        if jd.status != "ACTIVE":
                            raise client_error(op, "jobdef_inactive", jobdef=ref)
                        return jd
            elif not sep:
                active = [jd for jd in revs if jd.status == "ACTIVE"]
                if active:
                    return active[-1]
        raise client_error(op, "jobdef_missing", jobdef=ref)

    @staticmethod
    def _check_name(op: str, what: str, name: str) -> None:
        if not NAME_RE.match(name):
            raise client_error(op, "bad_name", what=what, name=name)

    @staticmethod
    def _enum(op: str, field: str, value: Any, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise client_error(op, "bad_enum", field=field, value=value,
                               allowed=", ".join(allowed))
        return value

    @staticmethod
    def _paginate(op: str, items: list[Any], max_results: int | None, token: str | None,
                  high: int, default: int) -> tuple[list[Any], str | None]:
        if max_results is not None and not 1 <= max_results <= high:
            raise client_error(op, "max_results", high=high, value=max_results)
        start = 0
        if token is not None:
            if not token.startswith("sim-") or not token[4:].isdigit():
                raise client_error(op, "next_token", value=token)
            start = int(token[4:])
        size = max_results or default
        page = items[start:start + size]
        nxt = f"sim-{start + size}" if start + size < len(items) else None
        return page, nxt

    # ------------------------------------------------------------------ retry / timeout
    def _check_retry(self, op: str, retry: dict[str, Any] | None) -> tuple[int, list[dict]]:
        if not retry:
            return 1, []
        attempts = retry.get("attempts", 1)
        if not 1 <= attempts <= 10:
            raise client_error(op, "attempts_range", value=attempts)
        rules = retry.get("evaluateOnExit") or []
        if len(rules) > 5:
            raise client_error(op, "eval_count", count=len(rules))
        clean = []
        for rule in rules:
            action = rule.get("action")
            if not isinstance(action, str) or action.upper() not in ("RETRY", "EXIT"):
                raise client_error(op, "eval_action", value=action)
            conds = {k: rule[k] for k in ("onStatusReason", "onReason", "onExitCode")
                     if k in rule}
            if not conds:
                raise client_error(op, "eval_empty")
            for field, pattern in conds.items():
                check_pattern(op, field, pattern)
            clean.append({**conds, "action": action})
        return attempts, clean

    @staticmethod
    def _check_timeout(op: str, timeout: dict[str, Any] | None) -> int:
        if not timeout or "attemptDurationSeconds" not in timeout:
            return 0
        value = timeout["attemptDurationSeconds"]
        if value < 60:
            raise client_error(op, "timeout_min", value=value)
        return value * 1000

    def _resources(self, op: str, container: dict[str, Any]
                   ) -> tuple[float | None, int | None]:
        vcpu: float | None = None
        mem: int | None = None
        if "vcpus" in container:
            vcpu = float(container["vcpus"])
        if "memory" in container:
            mem = int(container["memory"])
        for req in container.get("resourceRequirements") or []:
            rtype, value = req.get("type"), req.get("value")
            if rtype == "GPU":
                raise _not_modelled("GPU resource requirements")
            if rtype not in ("VCPU", "MEMORY"):
                raise client_error(op, "bad_enum", field="resourceRequirements type",
                                   value=rtype, allowed="VCPU, MEMORY, GPU")
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = -1.0
            if number <= 0 or (rtype == "MEMORY" and number != int(number)):
                raise client_error(op, "resource_value", rtype=rtype, value=value)
            if rtype == "VCPU":
                vcpu = number
            else:
                mem = int(number)
        if vcpu is not None and vcpu <= 0:
            raise client_error(op, "resource_value", rtype="VCPU", value=vcpu)
        if mem is not None and mem < 4:
            raise client_error(op, "resource_value", rtype="MEMORY", value=mem)
        return vcpu, mem

    # ================================================================== compute environments
    def _expand_types(self, op: str, names: list[str]) -> list[InstanceSpec]:
        book = self.prices
        out: dict[str, InstanceSpec] = {}
        for name in names:
            families = PRESET_FAMILIES.get(name)
            if families is not None:
                for fam in families:
                    for spec in book.family_specs(fam):
                        out[spec.name] = spec
            elif book.has(name):
                out[name] = book.spec(name)
            elif book.family_specs(name):
                for spec in book.family_specs(name):
                    out[spec.name] = spec
            else:
                raise client_error(op, "bad_instance_type", itype=name)
        if not out:
            raise client_error(op, "bad_instance_type", itype=", ".join(names))
        return list(out.values())

    def create_compute_environment(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``create_compute_environment`` (MANAGED EC2, SPOT, FARGATE, FARGATE_SPOT).

        >>> sim = BatchSimulator(price_book=PriceBook([], {("x86_64", False): (0.04, 0.004)}))
        >>> sim.create_compute_environment(computeEnvironmentName="fg", type="MANAGED",
        ...     computeResources={"type": "FARGATE", "maxvCpus": 16, "subnets": ["s"]}
        ... )["computeEnvironmentArn"]
        'arn:aws:batch:us-east-1:123456789012:compute-environment/fg'
        """
        op = "CreateComputeEnvironment"
        self._begin(op, "create_compute_environment", args, kwargs)
        name = kwargs["computeEnvironmentName"]
        self._check_name(op, "Compute environment", name)
        if name in self.engine.ces:
            raise client_error(op, "exists")
        ce_type = self._enum(op, "type", kwargs["type"], ("MANAGED", "UNMANAGED"))
        if ce_type == "UNMANAGED":
            raise _not_modelled("An UNMANAGED compute environment", "Use type='MANAGED'.")
        if kwargs.get("eksConfiguration"):
            raise _not_modelled("An EKS compute environment")
        state = self._enum(op, "state", kwargs.get("state", "ENABLED"), STATES)
        cr = kwargs.get("computeResources")
        if not cr:
            raise client_error(op, "managed_needs_resources")
        kind = cr["type"]
        if kind == "ECS_MANAGED_INSTANCES":
            raise _not_modelled("ECS_MANAGED_INSTANCES")
        self._enum(op, "computeResources.type", kind, CE_KINDS)
        max_v = cr["maxvCpus"]
        min_v = cr.get("minvCpus", 0)
        desired = cr.get("desiredvCpus", min_v)
        if not (0 <= min_v <= desired <= max_v):
            raise client_error(op, "vcpu_range", low=min_v, desired=desired, high=max_v)
        if not cr.get("subnets"):
            raise client_error(op, "required_for", field="subnets", kind=kind)
        if kind in ("FARGATE", "FARGATE_SPOT"):
            for field in ("instanceTypes", "minvCpus", "desiredvCpus", "allocationStrategy",
                          "instanceRole", "bidPercentage", "spotIamFleetRole", "imageId",
                          "ec2KeyPair", "launchTemplate", "placementGroup"):
                if field in cr:
                    raise client_error(op, "not_for_fargate", field=field)
            self.prices.fargate_rates("x86_64", kind == "FARGATE_SPOT")  # clear error early
            specs: list[InstanceSpec] = []
            strategy = ""
            arch = "x86_64"
        else:
            strategy = self._enum(op, "allocationStrategy",
                                  cr.get("allocationStrategy", "BEST_FIT"), STRATEGIES)
            if strategy.startswith("SPOT_") and kind != "SPOT":
                raise client_error(op, "spot_strategy_needs_spot", strategy=strategy)
            for field in ("instanceTypes", "instanceRole"):
                if not cr.get(field):
                    raise client_error(op, "required_for", field=field, kind=kind)
            if kind == "SPOT" and strategy == "BEST_FIT" and not cr.get("spotIamFleetRole"):
                raise client_error(op, "required_for", field="spotIamFleetRole",
                                   kind="SPOT with BEST_FIT")
            specs = self._expand_types(op, cr["instanceTypes"])
            archs = {s.arch for s in specs}
            if len(archs) > 1:
                raise client_error(op, "order_arch")
            arch = archs.pop()
        arn = self._arn("compute-environment", name)
        ce = E.ComputeEnv(name, arn, kind, state, strategy, min_v * 1000, max_v * 1000, specs,
                          arch, dict(kwargs), len(self.engine.ces))
        self.engine.add_ce(ce)
        return {"computeEnvironmentName": name, "computeEnvironmentArn": arn,
                **_meta(self._rid())}

    def update_compute_environment(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``update_compute_environment``: state and min/max/desired vCPUs.

        >>> BatchSimulator.update_compute_environment.__name__
        'update_compute_environment'
        """
        op = "UpdateComputeEnvironment"
        self._begin(op, "update_compute_environment", args, kwargs)
        ce = self._ce(op, kwargs["computeEnvironment"])
        if "state" in kwargs:
            ce.state = self._enum(op, "state", kwargs["state"], STATES)
        cr = kwargs.get("computeResources") or {}
        unsupported = set(cr) - {"minvCpus", "maxvCpus", "desiredvCpus", "allocationStrategy",
                                 "instanceTypes", "subnets", "securityGroupIds"}
        if unsupported:
            raise _not_modelled(f"Updating {sorted(unsupported)}")
        if ce.fargate:
            for field in ("minvCpus", "desiredvCpus", "allocationStrategy", "instanceTypes"):
                if field in cr:
                    raise client_error(op, "not_for_fargate", field=field)
        if "allocationStrategy" in cr:
            strategy = self._enum(op, "allocationStrategy", cr["allocationStrategy"],
                                  STRATEGIES)
            if strategy == "BEST_FIT":
                raise client_error(op, "best_fit_update")
            if strategy.startswith("SPOT_") and ce.kind != "SPOT":
                raise client_error(op, "spot_strategy_needs_spot", strategy=strategy)
        min_v = cr.get("minvCpus", ce.min_mv // 1000)
        max_v = cr.get("maxvCpus", ce.max_mv // 1000)
        desired = cr.get("desiredvCpus", min_v)
        if not (0 <= min_v <= desired <= max_v):
            raise client_error(op, "vcpu_range", low=min_v, desired=desired, high=max_v)
        if "instanceTypes" in cr:
            specs = self._expand_types(op, cr["instanceTypes"])
            if {s.arch for s in specs} != {ce.arch}:
                raise client_error(op, "order_arch")
            ce.specs = specs
        if "allocationStrategy" in cr:
            ce.strategy = cr["allocationStrategy"]
            ce.strict_max = False
        if not ce.fargate:
            ce.ranked = self.engine._rank(ce)
        self.engine.set_ce_limits(ce, min_v * 1000, max_v * 1000, desired * 1000)
        ce.request.setdefault("computeResources", {}).update(cr)
        if "state" in kwargs:
            ce.request["state"] = ce.state
        return {"computeEnvironmentName": ce.name, "computeEnvironmentArn": ce.arn,
                **_meta(self._rid())}

    def describe_compute_environments(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``describe_compute_environments`` (desiredvCpus shows current capacity).

        >>> BatchSimulator(price_book=PriceBook([])).describe_compute_environments(
        ...     )["computeEnvironments"]
        []
        """
        op = "DescribeComputeEnvironments"
        self._begin(op, "describe_compute_environments", args, kwargs)
        wanted = kwargs.get("computeEnvironments")
        ces = list(self.engine.ces.values())
        if wanted:
            names = {self._strip_arn(w, "compute-environment") for w in wanted}
            ces = [ce for ce in ces if ce.name in names]
        page, nxt = self._paginate(op, ces, kwargs.get("maxResults"), kwargs.get("nextToken"),
                                   100, 100)
        out = []
        for ce in page:
            cr = dict(ce.request.get("computeResources", {}))
            cr["maxvCpus"] = ce.max_mv // 1000
            if not ce.fargate:
                cr["minvCpus"] = ce.min_mv // 1000
                cr["desiredvCpus"] = ce.total_mv // 1000
                cr["allocationStrategy"] = ce.strategy
            out.append({
                "computeEnvironmentName": ce.name, "computeEnvironmentArn": ce.arn,
                "ecsClusterArn": f"arn:aws:ecs:{self.region}:{self.account_id}:cluster/"
                                 f"{ce.name}_Batch",
                "tags": ce.request.get("tags", {}), "type": "MANAGED", "state": ce.state,
                "status": "VALID", "statusReason": "ComputeEnvironment Healthy",
                "computeResources": cr, "containerOrchestrationType": "ECS",
                **({"serviceRole": ce.request["serviceRole"]}
                   if "serviceRole" in ce.request else {}),
            })
        resp: dict[str, Any] = {"computeEnvironments": out}
        if nxt:
            resp["nextToken"] = nxt
        return {**resp, **_meta(self._rid())}

    # ================================================================== job queues
    def _check_order(self, op: str, order: list[dict[str, Any]]) -> list[E.ComputeEnv]:
        if not 1 <= len(order) <= 3:
            raise client_error(op, "order_count", count=len(order))
        ces = [(entry["order"], self._ce(op, entry["computeEnvironment"])) for entry in order]
        if len({o for o, _ in ces}) != len(ces) or len({c.name for _, c in ces}) != len(ces):
            raise client_error(op, "order_duplicate")
        if len({c.fargate for _, c in ces}) > 1:
            raise client_error(op, "order_mix")
        if len({c.arch for _, c in ces}) > 1:
            raise client_error(op, "order_arch")
        return [c for _, c in sorted(ces, key=lambda p: p[0])]

    def _sort_queues(self) -> None:
        self.engine.qorder = sorted(self.engine.queues.values(),
                                    key=lambda q: (-q.priority, q.seq))

    def create_job_queue(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``create_job_queue`` (``state`` defaults to ENABLED, as on AWS).

        >>> BatchSimulator.create_job_queue.__name__
        'create_job_queue'
        """
        op = "CreateJobQueue"
        self._begin(op, "create_job_queue", args, kwargs)
        name = kwargs["jobQueueName"]
        self._check_name(op, "Job queue", name)
        if name in self.engine.queues:
            raise client_error(op, "exists")
        for field in ("serviceEnvironmentOrder", "jobStateTimeLimitActions"):
            if kwargs.get(field):
                raise _not_modelled(field)
        if kwargs.get("jobQueueType") not in (None, "ECS", "ECS_FARGATE"):
            raise _not_modelled(f"jobQueueType={kwargs['jobQueueType']!r}")
        state = self._enum(op, "state", kwargs.get("state", "ENABLED"), STATES)
        priority = kwargs["priority"]
        if not 0 <= priority <= 1000:
            raise client_error(op, "priority_range", value=priority)
        order = self._check_order(op, kwargs.get("computeEnvironmentOrder") or [])
        policy = None
        if kwargs.get("schedulingPolicyArn"):
            policy = self._policy(op, kwargs["schedulingPolicyArn"])
        arn = self._arn("job-queue", name)
        q = E.JobQueue(name, arn, state, priority, order, policy, dict(kwargs),
                       len(self.engine.queues))
        self.engine.queues[name] = q
        self._sort_queues()
        return {"jobQueueName": name, "jobQueueArn": arn, **_meta(self._rid())}

    def update_job_queue(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``update_job_queue``: state, priority, computeEnvironmentOrder, policy.

        >>> BatchSimulator.update_job_queue.__name__
        'update_job_queue'
        """
        op = "UpdateJobQueue"
        self._begin(op, "update_job_queue", args, kwargs)
        q = self._queue(op, kwargs["jobQueue"])
        for field in ("serviceEnvironmentOrder", "jobStateTimeLimitActions"):
            if kwargs.get(field):
                raise _not_modelled(field)
        state = self._enum(op, "state", kwargs.get("state", q.state), STATES)
        priority = kwargs.get("priority", q.priority)
        if not 0 <= priority <= 1000:
            raise client_error(op, "priority_range", value=priority)
        order = q.order
        if "computeEnvironmentOrder" in kwargs:
            order = self._check_order(op, kwargs["computeEnvironmentOrder"])
        policy = q.policy
        if kwargs.get("schedulingPolicyArn"):
            policy = self._policy(op, kwargs["schedulingPolicyArn"])
            if q.policy is None:  # AWS: a FIFO queue can't have a fair-share policy added
                raise client_error(op, "queue_policy_add", queue=q.name)
        q.state, q.priority, q.order, q.policy = state, priority, order, policy
        q.request.update(kwargs)
        self._sort_queues()
        self.engine._schedule()
        return {"jobQueueName": q.name, "jobQueueArn": q.arn, **_meta(self._rid())}

    def describe_job_queues(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``describe_job_queues``.

        >>> BatchSimulator(price_book=PriceBook([])).describe_job_queues()["jobQueues"]
        []
        """
        op = "DescribeJobQueues"
        self._begin(op, "describe_job_queues", args, kwargs)
        qs = sorted(self.engine.queues.values(), key=lambda q: q.seq)
        wanted = kwargs.get("jobQueues")
        if wanted:
            names = {self._strip_arn(w, "job-queue") for w in wanted}
            qs = [q for q in qs if q.name in names]
        page, nxt = self._paginate(op, qs, kwargs.get("maxResults"), kwargs.get("nextToken"),
                                   100, 100)
        out = []
        for q in page:
            item = {
                "jobQueueName": q.name, "jobQueueArn": q.arn, "state": q.state,
                "status": "VALID", "statusReason": "JobQueue Healthy", "priority": q.priority,
                "computeEnvironmentOrder": [
                    {"order": int(e["order"]),
                     "computeEnvironment": self._ce(op, e["computeEnvironment"]).arn}
                    for e in sorted(q.request["computeEnvironmentOrder"],
                                    key=lambda e: e["order"])],
                "tags": q.request.get("tags", {}),
            }
            if q.policy is not None:
                item["schedulingPolicyArn"] = q.policy.arn
            out.append(item)
        resp: dict[str, Any] = {"jobQueues": out}
        if nxt:
            resp["nextToken"] = nxt
        return {**resp, **_meta(self._rid())}

    # ================================================================== scheduling policies
    def create_scheduling_policy(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``create_scheduling_policy`` (fair share; lower weightFactor, more share).

        Modelled: weightFactor per shareIdentifier (exact or trailing-``*`` prefix; others
        weigh 1), shareDecaySeconds (past use decays exponentially with that time
        constant, a simplification of AWS's window) and computeReservation.

        >>> sim = BatchSimulator(price_book=PriceBook([]))
        >>> sim.create_scheduling_policy(name="fair", fairsharePolicy={"shareDistribution": [
        ...     {"shareIdentifier": "teamA", "weightFactor": 0.5}]})["name"]
        'fair'
        """
        op = "CreateSchedulingPolicy"
        self._begin(op, "create_scheduling_policy", args, kwargs)
        name = kwargs["name"]
        self._check_name(op, "Scheduling policy", name)
        if name in self.engine.policies:
            raise client_error(op, "exists")
        if kwargs.get("quotaSharePolicy"):
            raise _not_modelled("quotaSharePolicy")
        fair = kwargs.get("fairsharePolicy") or {}
        decay = fair.get("shareDecaySeconds", 0)
        if not 0 <= decay <= 604800:
            raise client_error(op, "decay", value=decay)
        reservation = fair.get("computeReservation", 0)
        if not 0 <= reservation <= 99:
            raise client_error(op, "reservation", value=reservation)
        dist = fair.get("shareDistribution") or []
        if len(dist) > 500:
            raise client_error(op, "share_count", count=len(dist))
        for entry in dist:
            ident = entry["shareIdentifier"]
            if not ident or len(ident) > 255 or "*" in ident[:-1] or not all(
                    c.isalnum() or c in "_*" for c in ident):
                raise client_error(op, "share_pattern", value=ident)
            weight = entry.get("weightFactor", 1.0)
            if not 0.0001 <= weight <= 999.9999:
                raise client_error(op, "weight_range", value=weight)
        arn = self._arn("scheduling-policy", name)
        self.engine.policies[name] = E.SchedulingPolicy(name, arn, dict(kwargs))
        return {"name": name, "arn": arn, **_meta(self._rid())}

    # ================================================================== job definitions
    def register_job_definition(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``register_job_definition`` (type ``container``; EC2 or FARGATE).

        >>> sim = BatchSimulator(price_book=PriceBook([]))
        >>> sim.register_job_definition(jobDefinitionName="work", type="container",
        ...     containerProperties={"image": "busybox", "resourceRequirements": [
        ...         {"type": "VCPU", "value": "1"}, {"type": "MEMORY", "value": "2048"}]}
        ... )["revision"]
        1
        """
        op = "RegisterJobDefinition"
        self._begin(op, "register_job_definition", args, kwargs)
        name = kwargs["jobDefinitionName"]
        self._check_name(op, "Job definition", name)
        jtype = kwargs["type"]
        if jtype == "multinode":
            raise _not_modelled("Multi-node parallel jobs")
        self._enum(op, "type", jtype, ("container", "multinode"))
        for field in ("nodeProperties", "eksProperties", "ecsProperties",
                      "consumableResourceProperties"):
            if kwargs.get(field):
                raise _not_modelled(field)
        container = kwargs.get("containerProperties")
        if not container:
            raise client_error(op, "container_missing")
        if not container.get("image"):
            raise client_error(op, "image_missing")
        platforms = kwargs.get("platformCapabilities") or ["EC2"]
        for p in platforms:
            self._enum(op, "platformCapabilities", p, ("EC2", "FARGATE"))
        if len(platforms) != 1:
            raise client_error(op, "platform", value=platforms)
        platform = platforms[0]
        vcpu, mem = self._resources(op, container)
        if vcpu is not None:
            if platform == "FARGATE" and vcpu not in FARGATE_VCPUS:
                raise client_error(op, "fargate_vcpu", value=vcpu)
            if platform == "EC2" and vcpu != int(vcpu):
                raise client_error(op, "resource_value", rtype="VCPU", value=vcpu)
        self._check_retry(op, kwargs.get("retryStrategy"))
        self._check_timeout(op, kwargs.get("timeout"))
        if not 0 <= kwargs.get("schedulingPriority", 0) <= 9999:
            raise client_error(op, "sched_priority", value=kwargs["schedulingPriority"])
        revs = self.engine.jobdefs.setdefault(name, [])
        revision = len(revs) + 1
        arn = self._arn("job-definition", f"{name}:{revision}")
        revs.append(E.JobDefinition(name, revision, arn, dict(kwargs), platform,
                                    None if vcpu is None else int(round(vcpu * 1000)), mem))
        return {"jobDefinitionName": name, "jobDefinitionArn": arn, "revision": revision,
                **_meta(self._rid())}

    def describe_job_definitions(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``describe_job_definitions``.

        >>> BatchSimulator(price_book=PriceBook([])).describe_job_definitions(
        ...     )["jobDefinitions"]
        []
        """
        op = "DescribeJobDefinitions"
        self._begin(op, "describe_job_definitions", args, kwargs)
        defs = [jd for revs in self.engine.jobdefs.values() for jd in revs]
        if kwargs.get("jobDefinitions"):
            wanted = set()
            for ref in kwargs["jobDefinitions"]:
                wanted.add(self._strip_arn(ref, "job-definition"))
            defs = [jd for jd in defs if jd.name in wanted or f"{jd.name}:{jd.revision}"
                    in wanted]
        if kwargs.get("jobDefinitionName"):
            defs = [jd for jd in defs if jd.name == kwargs["jobDefinitionName"]]
        if kwargs.get("status"):
            defs = [jd for jd in defs if jd.status == kwargs["status"]]
        page, nxt = self._paginate(op, defs, kwargs.get("maxResults"), kwargs.get("nextToken"),
                                   100, 100)
        out = []
        for jd in page:
            req = jd.request
            item = {"jobDefinitionName": jd.name, "jobDefinitionArn": jd.arn,
                    "revision": jd.revision, "status": jd.status, "type": req["type"],
                    "parameters": req.get("parameters", {}),
                    "containerProperties": req.get("containerProperties", {}),
                    "platformCapabilities": [jd.platform], "tags": req.get("tags", {}),
                    "containerOrchestrationType": "ECS"}
            for field in ("retryStrategy", "timeout", "propagateTags", "schedulingPriority"):
                if field in req:
                    item[field] = req[field]
            out.append(item)
        resp: dict[str, Any] = {"jobDefinitions": out}
        if nxt:
            resp["nextToken"] = nxt
        return {**resp, **_meta(self._rid())}

    # ================================================================== jobs
    def _fits_somewhere(self, q: E.JobQueue, mv: int, mem: int) -> bool:
        for ce in q.order:
            if ce.fargate:
                if mv <= ce.max_mv:
                    return True
                continue
            for spec in ce.specs:
                if spec.vcpu * 1000 >= mv and spec.memory_mib >= mem and (
                        spec.vcpu * 1000 <= ce.max_mv if ce.strict_max else ce.max_mv > 0):
                    return True
        return False

    def submit_job(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``submit_job``: arrays, dependsOn, retryStrategy, timeout, overrides.

        Runtime and outcome come from job parameters ``duration`` (seconds), ``exitCode``
        and ``checkpointSeconds``, or from :meth:`set_work_model`.

        >>> BatchSimulator.submit_job.__name__
        'submit_job'
        """
        op = "SubmitJob"
        self._begin(op, "submit_job", args, kwargs)
        name = kwargs["jobName"]
        self._check_name(op, "Job", name)
        for field in ("nodeOverrides", "eksPropertiesOverride", "ecsPropertiesOverride",
                      "consumableResourcePropertiesOverride"):
            if kwargs.get(field):
                raise _not_modelled(field)
        q = self._queue(op, kwargs["jobQueue"])
        if q.state != "ENABLED":
            raise client_error(op, "queue_disabled", queue=kwargs["jobQueue"])
        jd = self._jobdef(op, kwargs["jobDefinition"])
        if q.order:
            kind = "FARGATE" if q.order[0].fargate else "EC2"
            if jd.platform != kind:
                raise client_error(op, "platform_mismatch", jobdef=jd.name,
                                   platform=jd.platform, queue=q.name, kind=kind)
        share = kwargs.get("shareIdentifier")
        if q.policy is not None and share is None:
            raise client_error(op, "share_required", queue=q.name)
        if q.policy is None and share is not None:
            raise client_error(op, "share_forbidden", queue=q.name)
        size = 0
        if kwargs.get("arrayProperties"):
            size = kwargs["arrayProperties"].get("size", 0)
            if not 2 <= size <= 10000:
                raise client_error(op, "array_size", size=size)
        deps_in = kwargs.get("dependsOn") or []
        if len(deps_in) > 20:
            raise client_error(op, "depends_count", count=len(deps_in))
        deps: list[tuple[E.Job | None, str | None]] = []
        for dep in deps_in:
            dtype = dep.get("type")
            if dtype is not None and dtype not in ("N_TO_N", "SEQUENTIAL"):
                raise client_error(op, "depends_type", value=dtype)
            if dtype == "SEQUENTIAL":
                if not size or dep.get("jobId"):
                    raise client_error(op, "depends_seq")
                deps.append((None, "SEQUENTIAL"))
                continue
            if not dep.get("jobId"):
                raise client_error(op, "depends_job")
            target = self.engine.find_job(dep["jobId"])
            if target is None:
                raise client_error(op, "job_missing", job=dep["jobId"])
            if dtype == "N_TO_N":
                other = len(target.children) if target.children is not None else 0
                if not size or other != size:
                    raise client_error(op, "depends_n_to_n", mine=size, job=dep["jobId"],
                                       other=other)
            deps.append((target, dtype))
        req = jd.request
        container = dict(req["containerProperties"])
        overrides = kwargs.get("containerOverrides") or {}
        if overrides:
            if "resourceRequirements" in overrides:
                merged = {r["type"]: r for r in container.get("resourceRequirements") or []}
                merged.update({r["type"]: r for r in overrides["resourceRequirements"]})
                container["resourceRequirements"] = list(merged.values())
            for field in ("vcpus", "memory", "command", "environment"):
                if field in overrides:
                    container[field] = overrides[field]
        vcpu, mem = self._resources(op, container)
        if vcpu is None:
            raise client_error(op, "resource_missing", rtype="VCPU", legacy="vcpus")
        if mem is None:
            raise client_error(op, "resource_missing", rtype="MEMORY", legacy="memory")
        if jd.platform == "FARGATE" and vcpu not in FARGATE_VCPUS:
            raise client_error(op, "fargate_vcpu", value=vcpu)
        retry = kwargs.get("retryStrategy", req.get("retryStrategy"))
        attempts, rules = self._check_retry(op, retry)
        timeout_ms = self._check_timeout(op, kwargs.get("timeout", req.get("timeout")))
        params = {**req.get("parameters", {}), **kwargs.get("parameters", {})}
        fn = self._work_models.get(jd.name, self._work_models.get(None))
        dur_ms, codes, ckpt = parse_parameters(name, params, has_model=fn is not None)
        mv = int(round(vcpu * 1000))
        priority = kwargs.get("schedulingPriorityOverride", req.get("schedulingPriority", 0))
        if not 0 <= priority <= 9999:
            raise client_error(op, "sched_priority", value=priority)
        spec = E.JobSpec(name, q, jd, mv, mem, attempts, rules, timeout_ms, params, share,
                         priority,
                         fn, dur_ms, codes, ckpt, dict(kwargs))
        spec.misfit = not self._fits_somewhere(q, mv, mem)
        spec.request["_container"] = container
        spec.request["_retry"] = retry
        job = self.engine.submit(spec, size, deps)
        return {"jobArn": self._arn("job", job.id), "jobName": name, "jobId": job.id,
                **_meta(self._rid())}

    def _job_or_error(self, op: str, job_id: str) -> E.Job:
        job = self.engine.find_job(job_id)
        if job is None:
            raise client_error(op, "job_missing", job=job_id)
        return job

    def cancel_job(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``cancel_job``: jobs not yet STARTING fail; later states are unaffected.

        >>> BatchSimulator.cancel_job.__name__
        'cancel_job'
        """
        op = "CancelJob"
        self._begin(op, "cancel_job", args, kwargs)
        self.engine.cancel(self._job_or_error(op, kwargs["jobId"]), kwargs["reason"])
        return _meta(self._rid())

    def terminate_job(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``terminate_job``: STARTING/RUNNING fail at once (no retry); earlier cancel.

        >>> BatchSimulator.terminate_job.__name__
        'terminate_job'
        """
        op = "TerminateJob"
        self._begin(op, "terminate_job", args, kwargs)
        self.engine.terminate(self._job_or_error(op, kwargs["jobId"]), kwargs["reason"])
        return _meta(self._rid())

    # ------------------------------------------------------------------ job views
    def _task_arn(self, job: E.Job, attempt: int, host: Any) -> str:
        digest = uuid.uuid5(uuid.NAMESPACE_URL, f"{job.job_id}/{attempt}").hex
        cluster = host.ce.name if host is not None else "batch"
        return f"arn:aws:ecs:{self.region}:{self.account_id}:task/{cluster}_Batch/{digest}"

    def _attempt_dicts(self, job: E.Job) -> list[dict[str, Any]]:
        out = []
        for n, att in enumerate(job.attempts or (), start=1):
            start, run, stop, code, reason, host = att[:6]
            if stop is None:
                continue
            container: dict[str, Any] = {"taskArn": self._task_arn(job, n, host),
                                         "logStreamName": f"{job.spec.jobdef.name}/default/"
                                         f"{self._task_arn(job, n, host).rsplit('/', 1)[1]}",
                                         "networkInterfaces": []}
            if isinstance(host, E.Instance):
                container["containerInstanceArn"] = (
                    f"arn:aws:ecs:{self.region}:{self.account_id}:container-instance/"
                    f"{host.ce.name}_Batch/{uuid.uuid5(uuid.NAMESPACE_URL, host.id).hex}")
            if code is not None:
                container["exitCode"] = code
            if att[8]:
                container["reason"] = att[8]
            out.append({"container": container, "startedAt": self.epoch(min(run, stop)),
                        "stoppedAt": self.epoch(stop), "statusReason": reason})
        return out

    def _job_detail(self, job: E.Job) -> dict[str, Any]:
        spec = job.spec
        parent = job.parent
        head = parent if parent is not None else job
        status = self.engine.status_of(job)
        container = dict(spec.request["_container"])
        container["resourceRequirements"] = [
            {"type": "VCPU", "value": format(spec.mv / 1000, "g")},
            {"type": "MEMORY", "value": str(spec.mem)}]
        container.pop("vcpus", None)
        container.pop("memory", None)
        if job.index is not None:
            env = list(container.get("environment") or [])
            env.append({"name": "AWS_BATCH_JOB_ARRAY_INDEX", "value": str(job.index)})
            container["environment"] = env
        detail: dict[str, Any] = {
            "jobArn": self._arn("job", job.job_id), "jobName": spec.name, "jobId": job.job_id,
            "jobQueue": spec.queue.arn, "status": status,
            "createdAt": self.epoch(head.created_ms),
            "dependsOn": list(spec.request.get("dependsOn") or []),
            "jobDefinition": spec.jobdef.arn, "parameters": dict(spec.params),
            "container": container, "tags": dict(spec.tags),
            "platformCapabilities": [spec.jobdef.platform],
            "propagateTags": bool(spec.request.get("propagateTags", False)),
            "isCancelled": bool(job.flags & E.CANCELLED),
            "isTerminated": bool(job.flags & E.TERMINATED),
            "attempts": self._attempt_dicts(job),
        }
        if job.reason:
            detail["statusReason"] = job.reason
        if spec.share is not None:
            detail["shareIdentifier"] = spec.share
            detail["schedulingPriority"] = spec.priority
        if spec.request.get("_retry"):
            detail["retryStrategy"] = spec.request["_retry"]
        if spec.timeout_ms:
            detail["timeout"] = {"attemptDurationSeconds": spec.timeout_ms // 1000}
        if job.attempts:
            last = job.attempts[-1]
            if status in ("RUNNING", "SUCCEEDED", "FAILED") and last[1] <= (
                    last[2] if last[2] is not None else self.engine.now):
                detail["startedAt"] = self.epoch(last[1])
            if last[3] is not None:
                container["exitCode"] = last[3]
            if last[8]:
                container["reason"] = last[8]
            container["taskArn"] = self._task_arn(job, len(job.attempts), last[5])
        if job.stop_ms is not None:
            detail["stoppedAt"] = self.epoch(job.stop_ms)
        if job.children is not None:
            summary = dict.fromkeys(JOB_STATUSES, 0)
            status_of = self.engine.status_of
            for kid in job.children:
                summary[status_of(kid)] += 1
            detail["arrayProperties"] = {"statusSummary": summary, "size": len(job.children)}
            started = [k.attempts[0][1] for k in job.children if k.attempts]
            if started:
                detail["startedAt"] = self.epoch(min(started))
        elif job.index is not None:
            detail["arrayProperties"] = {"index": job.index}
        return detail

    def describe_jobs(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``describe_jobs`` (up to 100 IDs; unknown IDs are left out, as on AWS).

        >>> BatchSimulator(price_book=PriceBook([])).describe_jobs(jobs=["nope"])["jobs"]
        []
        """
        op = "DescribeJobs"
        self._begin(op, "describe_jobs", args, kwargs)
        ids = kwargs["jobs"]
        if len(ids) > 100:
            raise client_error(op, "describe_limit", count=len(ids))
        out = []
        for job_id in ids:
            job = self.engine.find_job(job_id)
            if job is not None:
                out.append(self._job_detail(job))
        return {"jobs": out, **_meta(self._rid())}

    def _summary(self, job: E.Job) -> dict[str, Any]:
        status = self.engine.status_of(job)
        item: dict[str, Any] = {"jobArn": self._arn("job", job.job_id), "jobId": job.job_id,
                                "jobName": job.spec.name,
                                "createdAt": self.epoch((job.parent or job).created_ms),
                                "status": status, "jobDefinition": job.spec.jobdef.arn}
        if job.reason:
            item["statusReason"] = job.reason
        if job.attempts:
            last = job.attempts[-1]
            if status != "STARTING":
                item["startedAt"] = self.epoch(last[1])
            if last[3] is not None:
                item["container"] = {"exitCode": last[3]}
        if job.stop_ms is not None:
            item["stoppedAt"] = self.epoch(job.stop_ms)
        if job.children is not None:
            item["arrayProperties"] = {"size": len(job.children)}
        elif job.index is not None:
            item["arrayProperties"] = {"index": job.index}
        return item

    def list_jobs(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """boto3 ``list_jobs`` by queue or arrayJobId; without jobStatus only RUNNING jobs.

        >>> BatchSimulator.list_jobs.__name__
        'list_jobs'
        """
        op = "ListJobs"
        self._begin(op, "list_jobs", args, kwargs)
        given = [k for k in ("jobQueue", "arrayJobId", "multiNodeJobId") if kwargs.get(k)]
        if len(given) != 1:
            raise client_error(op, "list_one_of")
        if given[0] == "multiNodeJobId":
            raise _not_modelled("Multi-node parallel jobs")
        filters = kwargs.get("filters") or []
        status = kwargs.get("jobStatus", "RUNNING")
        self._enum(op, "jobStatus", status, JOB_STATUSES)
        if given[0] == "jobQueue":
            q = self._queue(op, kwargs["jobQueue"])
            jobs = [j for j in self.engine.job_list if j.spec.queue is q]
        else:
            parent = self.engine.jobs.get(kwargs["arrayJobId"])
            if parent is None or parent.children is None:
                raise client_error(op, "job_missing", job=kwargs["arrayJobId"])
            jobs = list(parent.children)
        if filters:
            for flt in filters:
                fname = flt.get("name")
                if fname not in ("JOB_NAME", "JOB_DEFINITION", "BEFORE_CREATED_AT",
                                 "AFTER_CREATED_AT"):
                    raise client_error(op, "filter", value=fname)
                values = flt.get("values") or []
                if fname != "JOB_NAME":
                    raise _not_modelled(f"The {fname} filter", "Use JOB_NAME or jobStatus.")
                pattern = values[0].lower() if values else ""
                if pattern.endswith("*"):
                    jobs = [j for j in jobs if j.spec.name.lower().startswith(pattern[:-1])]
                else:
                    jobs = [j for j in jobs if j.spec.name.lower() == pattern]
        else:
            status_of = self.engine.status_of
            jobs = [j for j in jobs if status_of(j) == status]
        page, nxt = self._paginate(op, jobs, kwargs.get("maxResults"), kwargs.get("nextToken"),
                                   1000, 1000)
        resp: dict[str, Any] = {"jobSummaryList": [self._summary(j) for j in page]}
        if nxt:
            resp["nextToken"] = nxt
        return {**resp, **_meta(self._rid())}

    # ------------------------------------------------------------------ results
    def jobs_frame(self) -> Any:
        """One row per job and array child (pandas DataFrame); see :mod:`results`.

        >>> BatchSimulator(price_book=PriceBook([])).jobs_frame().empty
        True
        """
        from course.batch import results

        return results.jobs(self)

    def attempts_frame(self) -> Any:
        """One row per attempt (pandas DataFrame).

        >>> BatchSimulator(price_book=PriceBook([])).attempts_frame().empty
        True
        """
        from course.batch import results

        return results.attempts(self)

    def instances_frame(self) -> Any:
        """One row per EC2 instance or Fargate task, with its cost (pandas DataFrame).

        >>> BatchSimulator(price_book=PriceBook([])).instances_frame().empty
        True
        """
        from course.batch import results

        return results.instances(self)

    def events_frame(self) -> Any:
        """Every state change and instance event in time order (pandas DataFrame).

        >>> BatchSimulator(price_book=PriceBook([])).events_frame().empty
        True
        """
        from course.batch import results

        return results.events(self)

    def summary(self) -> dict[str, Any]:
        """Makespan, cost by environment and purchase option, utilisation, retries.

        >>> BatchSimulator(price_book=PriceBook([])).summary()["cost_usd"]
        0.0
        """
        from course.batch import results

        return results.summary(self)

    def usage_by_hour(self) -> Any:
        """Hourly usage profile (instance-hours, cost, On-Demand equivalent).

        >>> BatchSimulator(price_book=PriceBook([])).usage_by_hour().empty
        True
        """
        from course.batch import results

        return results.usage_by_hour(self)

