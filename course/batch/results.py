"""Results of a simulation as pandas DataFrames, a summary and an hourly usage profile.

Times are seconds since the simulation started (``t=0``); costs are USD.

>>> from course.batch.prices import PriceBook
>>> from course.batch.client import BatchSimulator
>>> summary(BatchSimulator(price_book=PriceBook([])))["jobs"]
0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course.batch import engine as E
from course.batch.billing import billed_cost

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from course.batch.client import BatchSimulator


def _s(ms: int | None) -> float | None:
    return None if ms is None else ms / 1000


def _leaves(sim: BatchSimulator) -> list[E.Job]:
    out: list[E.Job] = []
    for job in sim.engine.job_list:
        if job.children is None:
            out.append(job)
        else:
            out.extend(job.children)
    return out


def purchase_option(host: E.Instance | E.FargateTask) -> str:
    """``on-demand``, ``spot``, ``fargate`` or ``fargate-spot`` for an instance or task.

    >>> purchase_option.__name__
    'purchase_option'
    """
    if isinstance(host, E.FargateTask):
        return "fargate-spot" if host.ce.spot else "fargate"
    return "spot" if host.ce.spot else "on-demand"


def jobs(sim: BatchSimulator) -> pd.DataFrame:
    """One row per single job, array parent and array child.

    Columns: job_id, job_name, queue, parent_id, array_index, is_array_parent, status,
    status_reason, created_s, runnable_s, started_s, stopped_s, attempts, vcpus,
    memory_mib, share.

    >>> jobs.__name__
    'jobs'
    """
    import pandas as pd

    status_of = sim.engine.status_of
    rows = []
    for job in sim.engine.job_list:
        group = [job] if job.children is None else [job, *job.children]
        for j in group:
            atts = j.attempts or []
            started = None
            if atts and status_of(j) != "STARTING":
                started = atts[-1][1] if atts[-1][2] is None or atts[-1][1] <= atts[-1][2] \
                    else None
            rows.append((
                j.job_id, j.spec.name, j.spec.queue.name,
                j.parent.id if j.parent is not None else None, j.index,
                j.children is not None, status_of(j), j.reason,
                _s((j.parent or j).created_ms), _s(j.runnable_ms), _s(started),
                _s(j.stop_ms), len(atts), j.spec.mv / 1000, j.spec.mem, j.spec.share))
    return pd.DataFrame(rows, columns=[
        "job_id", "job_name", "queue", "parent_id", "array_index", "is_array_parent",
        "status", "status_reason", "created_s", "runnable_s", "started_s", "stopped_s",
        "attempts", "vcpus", "memory_mib", "share"])


def attempts(sim: BatchSimulator) -> pd.DataFrame:
    """One row per attempt (including one still running).

    Columns: job_id, job_name, attempt, environment, host_id, purchase_option,
    starting_s, running_s, stopped_s, exit_code, status_reason, container_reason,
    outcome (``exit``,
    ``timeout``, ``spot``, ``terminated`` or ``running``), lost_s (run time not saved
    by a checkpoint, for attempts that did not succeed).

    >>> attempts.__name__
    'attempts'
    """
    import pandas as pd

    rows = []
    for j in _leaves(sim):
        for n, (start, run, stop, code, reason, host, lost, outcome, creason) in enumerate(
                j.attempts or (), 1):
            rows.append((j.job_id, j.spec.name, n, host.ce.name if host else None,
                         host.id if host else None, purchase_option(host) if host else None,
                         start / 1000, run / 1000, _s(stop), code, reason, creason,
                         outcome or "running", lost / 1000))
    return pd.DataFrame(rows, columns=[
        "job_id", "job_name", "attempt", "environment", "host_id", "purchase_option",
        "starting_s", "running_s", "stopped_s", "exit_code", "status_reason",
        "container_reason", "outcome", "lost_s"])


def _hosts(sim: BatchSimulator) -> list[E.Instance | E.FargateTask]:
    return [*sim.engine.instances, *sim.engine.tasks]


def host_cost(sim: BatchSimulator, host: E.Instance | E.FargateTask) -> float:
    """Billed USD of one instance or task (up to now if it is still running).

    >>> host_cost.__name__
    'host_cost'
    """
    stop = host.stop_ms if host.stop_ms is not None else sim.engine.now
    return billed_cost(host.hourly, host.launch_ms, stop)


def _on_demand_hourly(sim: BatchSimulator, host: E.Instance | E.FargateTask) -> float:
    if isinstance(host, E.FargateTask):
        if not host.ce.spot:
            return host.hourly
        vcpu_rate, gb_rate = sim.prices.fargate_rates(host.ce.arch, False)
        return host.mv / 1000 * vcpu_rate + host.mem / 1024 * gb_rate
    return host.spec.on_demand_hourly


def instances(sim: BatchSimulator) -> pd.DataFrame:
    """One row per EC2 instance and per Fargate task, with its billed cost.

    Columns: host_id, environment, kind (``instance``/``task``), instance_type,
    purchase_option, vcpus, memory_mib, launched_s, ready_s, stopped_s, interrupted,
    hourly_usd, cost_usd, busy_vcpu_s.

    >>> instances.__name__
    'instances'
    """
    import pandas as pd

    rows = []
    for h in _hosts(sim):
        if isinstance(h, E.Instance):
            rows.append((h.id, h.ce.name, "instance", h.spec.name, purchase_option(h),
                         h.mv / 1000, h.mem, h.launch_ms / 1000, _s(h.ready_ms), _s(h.stop_ms),
                         h.interrupted, h.hourly, host_cost(sim, h), h.busy_mv_ms / 1e6))
        else:
            stop = h.stop_ms if h.stop_ms is not None else sim.engine.now
            rows.append((h.id, h.ce.name, "task", "fargate", purchase_option(h), h.mv / 1000,
                         h.mem, h.launch_ms / 1000, None, _s(h.stop_ms), h.interrupted,
                         h.hourly, host_cost(sim, h), h.mv * (stop - h.launch_ms) / 1e6))
    return pd.DataFrame(rows, columns=[
        "host_id", "environment", "kind", "instance_type", "purchase_option", "vcpus",
        "memory_mib", "launched_s", "ready_s", "stopped_s", "interrupted", "hourly_usd",
        "cost_usd", "busy_vcpu_s"])


def events(sim: BatchSimulator) -> pd.DataFrame:
    """Every job state change and instance event, sorted by time.

    Columns: time_s, event, job_id, host_id, detail. Job events: SUBMITTED, RUNNABLE,
    STARTING, RUNNING, SUCCEEDED, FAILED (and RETRY when an attempt fails and the job
    goes back to RUNNABLE). Instance events: LAUNCHED, READY, SPOT_NOTICE, INTERRUPTED,
    TERMINATED.

    >>> events.__name__
    'events'
    """
    import pandas as pd

    now = sim.engine.now
    rows: list[tuple[Any, ...]] = []
    for j in _leaves(sim):
        jid = j.job_id
        rows.append((_s((j.parent or j).created_ms), "SUBMITTED", jid, None, None))
        atts = j.attempts or []
        if atts:
            first_runnable = atts[0][0] if j.runnable_ms is None else min(
                j.runnable_ms, atts[0][0])
            rows.append((first_runnable / 1000, "RUNNABLE", jid, None, None))
        elif j.runnable_ms is not None:
            rows.append((j.runnable_ms / 1000, "RUNNABLE", jid, None, None))
        last = len(atts) - 1
        for n, (start, run, stop, _code, reason, host, *_rest) in enumerate(atts):
            hid = host.id if host is not None else None
            rows.append((start / 1000, "STARTING", jid, hid, None))
            if run <= (stop if stop is not None else now):
                rows.append((run / 1000, "RUNNING", jid, hid, None))
            if stop is not None and not (n == last and j.stop_ms is not None):
                rows.append((stop / 1000, "RETRY", jid, hid, reason))
        if j.stop_ms is not None:
            rows.append((j.stop_ms / 1000, j.status, jid, None, j.reason))
    for h in sim.engine.instances:
        rows.append((h.launch_ms / 1000, "LAUNCHED", None, h.id, h.spec.name))
        if h.ready_ms is not None:
            rows.append((h.ready_ms / 1000, "READY", None, h.id, None))
        if h.notice_ms is not None:
            rows.append((h.notice_ms / 1000, "SPOT_NOTICE", None, h.id, None))
        if h.stop_ms is not None:
            rows.append((h.stop_ms / 1000, "INTERRUPTED" if h.interrupted else "TERMINATED",
                         None, h.id, None))
    frame = pd.DataFrame(rows, columns=["time_s", "event", "job_id", "host_id", "detail"])
    return frame.sort_values("time_s", kind="stable").reset_index(drop=True)


def summary(sim: BatchSimulator) -> dict[str, Any]:
    """Headline numbers of a run.

    Keys: jobs, succeeded, failed, unfinished, makespan_s, attempts, retries,
    interruptions (attempts lost to Spot reclaims), timeouts, lost_work_s, cost_usd,
    on_demand_equivalent_usd, cost_by ({"environment/purchase_option": USD}),
    instances_launched, instances_interrupted, utilisation (busy vCPU-s / provisioned).

    >>> summary.__name__
    'summary'
    """
    leaves = _leaves(sim)
    eng = sim.engine
    succeeded = sum(1 for j in leaves if j.status == "SUCCEEDED")
    failed = sum(1 for j in leaves if j.status == "FAILED")
    n_attempts = interruptions = timeouts = 0
    lost_ms = 0
    started_jobs = 0
    for j in leaves:
        atts = j.attempts
        if not atts:
            continue
        started_jobs += 1
        n_attempts += len(atts)
        for att in atts:
            outcome = att[7]
            if outcome == E.OUT_SPOT:
                interruptions += 1
            elif outcome == E.OUT_TIMEOUT:
                timeouts += 1
            lost_ms += att[6]
    created = [j.created_ms for j in eng.job_list]
    stops = [j.stop_ms for j in leaves if j.stop_ms is not None]
    makespan = (max(stops) - min(created)) / 1000 if stops and created else 0.0
    cost_by: dict[str, float] = {}
    total = od_total = 0.0
    busy = provisioned = 0.0
    for h in _hosts(sim):
        cost = host_cost(sim, h)
        key = f"{h.ce.name}/{purchase_option(h)}"
        cost_by[key] = cost_by.get(key, 0.0) + cost
        total += cost
        stop = h.stop_ms if h.stop_ms is not None else eng.now
        od_total += billed_cost(_on_demand_hourly(sim, h), h.launch_ms, stop)
        if isinstance(h, E.Instance):
            busy += h.busy_mv_ms
            provisioned += h.mv * (stop - h.launch_ms)
    running_busy = 0.0
    for h in eng.instances:  # attempts still running count as busy up to now
        for job in h.jobs.values():
            if job.attempts:
                running_busy += job.spec.mv * (eng.now - job.attempts[-1][0])
    return {
        "jobs": len(leaves), "succeeded": succeeded, "failed": failed,
        "unfinished": len(leaves) - succeeded - failed, "makespan_s": makespan,
        "attempts": n_attempts, "retries": n_attempts - started_jobs,
        "interruptions": interruptions, "timeouts": timeouts, "lost_work_s": lost_ms / 1000,
        "cost_usd": total, "on_demand_equivalent_usd": od_total, "cost_by": cost_by,
        "instances_launched": len(eng.instances),
        "instances_interrupted": sum(1 for h in eng.instances if h.interrupted),
        "utilisation": (busy + running_busy) / provisioned if provisioned else 0.0,
    }


def usage_by_hour(sim: BatchSimulator) -> pd.DataFrame:
    """Hourly usage profile, the input of the Savings Plan / RI lessons.

    Columns: hour (0 = first simulated hour), environment, purchase_option,
    instance_type, instance_hours, vcpu_hours, cost_usd, on_demand_usd. A resource's
    billing minimum is counted in the hour it started.

    >>> usage_by_hour.__name__
    'usage_by_hour'
    """
    import pandas as pd

    hour_ms = 3_600_000
    acc: dict[tuple[int, str, str, str], list[float]] = {}
    for h in _hosts(sim):
        stop = h.stop_ms if h.stop_ms is not None else sim.engine.now
        itype = h.spec.name if isinstance(h, E.Instance) else "fargate"
        od_hourly = _on_demand_hourly(sim, h)
        total_cost = host_cost(sim, h)
        actual_cost = (stop - h.launch_ms) / hour_ms * h.hourly
        top_up = total_cost - actual_cost  # the billing minimum, charged at the start
        t = h.launch_ms
        first = True
        while t < stop or first:
            hour = t // hour_ms
            end = min(stop, (hour + 1) * hour_ms)
            frac = (end - t) / hour_ms
            key = (int(hour), h.ce.name, purchase_option(h), itype)
            rec = acc.setdefault(key, [0.0, 0.0, 0.0, 0.0])
            rec[0] += frac
            rec[1] += frac * h.mv / 1000
            rec[2] += frac * h.hourly + (top_up if first else 0.0)
            rec[3] += frac * od_hourly + (top_up * od_hourly / h.hourly
                                          if first and h.hourly else 0.0)
            first = False
            t = end
            if end >= stop:
                break
    rows = [(*k, *v) for k, v in sorted(acc.items())]
    return pd.DataFrame(rows, columns=[
        "hour", "environment", "purchase_option", "instance_type", "instance_hours",
        "vcpu_hours", "cost_usd", "on_demand_usd"])
