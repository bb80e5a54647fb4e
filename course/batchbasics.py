"""Lesson 03 helpers: watch AWS Batch job states over time and diagnose stuck jobs.

Everything here reads what a boto3 ``batch`` client returns (``describe_jobs``,
``describe_job_queues``, ``describe_compute_environments``), so the same code works
against the course simulator and, for :func:`diagnose_runnable`, against real AWS.

>>> from course.batch import BatchSimulator, InstanceSpec, PriceBook
>>> book = PriceBook([InstanceSpec("m5.large", "m5", "x86_64", 2, 8192, 0.096, 0.04, 0.05)])
>>> sim = BatchSimulator(price_book=book)
>>> _ = sim.create_compute_environment(computeEnvironmentName="ce1", type="MANAGED",
...     computeResources={"type": "EC2", "maxvCpus": 4, "instanceTypes": ["m5.large"],
...                       "subnets": ["subnet-1"], "instanceRole": "ecsInstanceRole"})
>>> _ = sim.create_job_queue(jobQueueName="q", priority=1,
...     computeEnvironmentOrder=[{"order": 1, "computeEnvironment": "ce1"}])
>>> _ = sim.register_job_definition(jobDefinitionName="jd", type="container",
...     containerProperties={"image": "busybox", "resourceRequirements": [
...         {"type": "VCPU", "value": "1"}, {"type": "MEMORY", "value": "1024"}]})
>>> job = sim.submit_job(jobName="hello", jobQueue="q", jobDefinition="jd",
...                      parameters={"duration": "60"})
>>> sim.run_until_idle()
>>> [state_at(track, 50.0) for track in job_tracks(sim)]
['RUNNABLE']
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from course.errors import CourseInputError, check_number
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Job states of AWS Batch, in lifecycle order (job_states.html).
STATES = ("SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED")
#: ``events_frame`` event names that change a job's state, and the state they lead to.
EVENT_STATE = {"SUBMITTED": "SUBMITTED", "PENDING": "PENDING", "RUNNABLE": "RUNNABLE",
               "STARTING": "STARTING", "RUNNING": "RUNNING", "RETRY": "RUNNABLE",
               "SUCCEEDED": "SUCCEEDED", "FAILED": "FAILED"}
NOT_YET = "-"

MESSAGES = {
    "en": {
        "not_client": "{name} must be a Batch client (course.batch.make_client), got {value!r}.",
        "no_jobs": "job_ids must be a non-empty list of job IDs (strings), got {value!r}.",
        "too_many": "job_ids can hold at most 100 IDs (describe_jobs' limit), got {count}.",
        "unknown_job": "No job with ID {job_id!r}: submit_job returns the ID to use.",
        "step_vs_until": "until_s ({until}) must be at least every_s ({every}).",
        "too_many_rows": "until_s / every_s gives {rows} rows; use at most 2000.",
        "bad_track": "track must be a JobTrack from job_tracks(), got {value!r}.",
        "bad_region": "region must be a region name such as 'us-east-1', got {value!r}.",
        "bad_job_id": "job_id must be a job ID string from submit_job, got {value!r}.",
        "not_runnable": "The job is {status}, not RUNNABLE: nothing is stuck.",
        "too_big": "The job asks for {vcpu} vCPU and {memory} MiB, more than any instance type "
                   "its queue's compute environments may launch (statusReason: "
                   "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT). Ask for less, or allow bigger "
                   "instance types.",
        "capacity": "AWS has no capacity for the instance types allowed (statusReason: {reason}). "
                    "Allow more instance types or Availability Zones, or wait.",
        "queue_disabled": "Job queue {queue} is DISABLED: it accepts no jobs and starts none.",
        "queue_invalid": "Job queue {queue} is {status}: {reason}",
        "ce_disabled": "Compute environment {ce} is DISABLED: it launches nothing.",
        "ce_invalid": "Compute environment {ce} is {status}: {reason}",
        "ce_max_zero": "Compute environment {ce} has maxvCpus = 0: it can never launch an instance.",
        "ce_max_small": "Compute environment {ce} has maxvCpus = {max} but the job needs {vcpu} vCPU.",
        "ce_no_subnets": "Compute environment {ce} has no subnets: instances have nowhere to start.",
        "waiting": "No misconfiguration found: the job is waiting for capacity (instances still "
                   "booting, or other jobs use all maxvCpus). Give it time, then look again.",
    }
}


def _check_client(client: Any) -> None:
    if not all(hasattr(client, name) for name in ("describe_jobs", "describe_job_queues",
                                                  "describe_compute_environments")):
        raise CourseInputError(text(MESSAGES, "not_client", name="client", value=client))


def _check_sim(sim: Any) -> None:
    if not hasattr(sim, "events_frame") or not hasattr(sim, "jobs_frame"):
        raise CourseInputError(text(MESSAGES, "not_client", name="sim", value=sim))


@dataclass(frozen=True)
class JobTrack:
    """One job's states over time: ``states[i]`` holds from ``times[i]`` (seconds) on.

    >>> JobTrack("id-1", "demo", (0.0, 1.0), ("SUBMITTED", "RUNNABLE")).states[-1]
    'RUNNABLE'
    """

    job_id: str
    job_name: str
    times: tuple[float, ...]
    states: tuple[str, ...]


def job_tracks(sim: Any) -> list[JobTrack]:
    """The state history of every job (array children, not parents) of a simulator run.

    Built once from ``sim.events_frame()``; a retried attempt sends the job back to
    RUNNABLE. Jobs come in submission order. (The simulator's event log records no
    PENDING, so a job with dependencies shows SUBMITTED until it becomes RUNNABLE.)

    >>> from course.batch import BatchSimulator, PriceBook
    >>> job_tracks(BatchSimulator(price_book=PriceBook([])))
    []
    """
    _check_sim(sim)
    jobs = sim.jobs_frame()
    events = sim.events_frame()
    names: dict[str, str] = {}
    for job_id, name, is_parent, index in zip(jobs["job_id"], jobs["job_name"],
                                              jobs["is_array_parent"], jobs["array_index"],
                                              strict=True):
        if not is_parent:
            names[job_id] = name if index is None or index != index else f"{name}:{int(index)}"
    history: dict[str, list[tuple[float, str]]] = {job_id: [] for job_id in names}
    for time_s, event, job_id in zip(events["time_s"], events["event"], events["job_id"],
                                     strict=True):
        state = EVENT_STATE.get(event)
        if state is not None and job_id in history:
            steps = history[job_id]
            if steps and steps[-1][0] == time_s:
                steps[-1] = (float(time_s), state)  # same instant: the later state wins
            else:
                steps.append((float(time_s), state))
    retried = set(events["job_id"][events["event"] == "RETRY"])
    scheduler_s = _scheduler_delay(sim)
    for job_id in retried & set(history):
        _restore_first_runnable(history[job_id], scheduler_s)
    return [JobTrack(job_id, names[job_id], tuple(t for t, _ in steps), tuple(s for _, s in steps))
            for job_id, steps in history.items()]


def _scheduler_delay(sim: Any) -> float:
    timing = getattr(getattr(sim, "engine", None), "timing", None)
    return float(getattr(timing, "scheduler_s", 1.0))


def _restore_first_runnable(steps: list[tuple[float, str]], scheduler_s: float) -> None:
    """Put back the first RUNNABLE of a retried job.

    Work-around: ``events_frame`` dates a retried job's first RUNNABLE at its first
    STARTING (the engine overwrites ``runnable_ms`` on each retry), so the RUNNABLE step
    collapses into STARTING. A job without dependencies becomes RUNNABLE one scheduler
    delay after it was submitted.
    """
    if len(steps) >= 2 and steps[0][1] == "SUBMITTED" and steps[1][1] == "STARTING":
        when = steps[0][0] + scheduler_s
        if steps[0][0] < when < steps[1][0]:
            steps.insert(1, (when, "RUNNABLE"))


def state_at(track: JobTrack, t: float) -> str:
    """The state of ``track``'s job at time ``t`` (seconds), or ``"-"`` before it was submitted.

    >>> track = JobTrack("id-1", "demo", (0.0, 1.0, 91.0), ("SUBMITTED", "RUNNABLE", "STARTING"))
    >>> state_at(track, 0.5), state_at(track, 91.0), state_at(track, -3)
    ('SUBMITTED', 'STARTING', '-')
    """
    if not isinstance(track, JobTrack):
        raise CourseInputError(text(MESSAGES, "bad_track", value=track))
    t = check_number("t", t)
    i = bisect.bisect_right(track.times, t)
    return NOT_YET if i == 0 else track.states[i - 1]


def state_counts(tracks: list[JobTrack], t: float) -> dict[str, int]:
    """How many jobs are in each state at time ``t`` (every state listed, zeros included).

    >>> tracks = [JobTrack("a", "a", (0.0, 5.0), ("SUBMITTED", "RUNNING")),
    ...           JobTrack("b", "b", (0.0,), ("SUBMITTED",))]
    >>> state_counts(tracks, 6)["RUNNING"], state_counts(tracks, 6)["SUBMITTED"]
    (1, 1)
    """
    if isinstance(tracks, JobTrack) or not isinstance(tracks, list | tuple):
        raise CourseInputError(text(MESSAGES, "bad_track", value=tracks))
    counts = dict.fromkeys(STATES, 0)
    for track in tracks:
        state = state_at(track, t)
        if state in counts:
            counts[state] += 1
    return counts


def _check_ids(job_ids: Any) -> list[str]:
    if isinstance(job_ids, str) or not isinstance(job_ids, list | tuple) or not job_ids \
            or not all(isinstance(j, str) and j for j in job_ids):
        raise CourseInputError(text(MESSAGES, "no_jobs", value=job_ids))
    if len(job_ids) > 100:
        raise CourseInputError(text(MESSAGES, "too_many", count=len(job_ids)))
    return list(job_ids)


def poll_states(client: Any, job_ids: list[str], *, every_s: float, until_s: float) -> pd.DataFrame:
    """Poll ``describe_jobs`` every ``every_s`` simulated seconds up to ``until_s``.

    Returns one row per poll (index ``t (s)``) and one column per job name. This is what
    you would do against AWS with ``time.sleep``; the simulator's ``advance`` replaces the
    sleep. The clock moves on by ``until_s`` in total.

    >>> from course.batch import BatchSimulator, PriceBook
    >>> poll_states(BatchSimulator(price_book=PriceBook([])), ["nope"], every_s=10, until_s=20)
    Traceback (most recent call last):
    course.errors.CourseInputError: No job with ID 'nope': submit_job returns the ID to use.
    """
    import pandas as pd

    _check_client(client)
    if not hasattr(client, "advance"):
        raise CourseInputError(text(MESSAGES, "not_client", name="client", value=client))
    ids = _check_ids(job_ids)
    every = check_number("every_s", every_s, low=1, high=86400)
    until = check_number("until_s", until_s, low=0, high=30 * 86400)
    if until < every:
        raise CourseInputError(text(MESSAGES, "step_vs_until", until=until_s, every=every_s))
    polls = int(until // every) + 1
    if polls > 2000:
        raise CourseInputError(text(MESSAGES, "too_many_rows", rows=polls))
    found = {j["jobId"]: j["jobName"] for j in client.describe_jobs(jobs=ids)["jobs"]}
    for job_id in ids:
        if job_id not in found:
            raise CourseInputError(text(MESSAGES, "unknown_job", job_id=job_id))
    columns: list[str] = []
    for job_id in ids:
        name = found[job_id]
        columns.append(name if name not in columns else f"{name} ({job_id[:8]})")
    rows, times = [], []
    start = client.now
    for n in range(polls):
        if n:
            client.advance(every)
        times.append(round(client.now - start, 3))
        status = {j["jobId"]: j["status"] for j in client.describe_jobs(jobs=ids)["jobs"]}
        rows.append([status[job_id] for job_id in ids])
    if until > (polls - 1) * every:
        client.advance(until - (polls - 1) * every)
    return pd.DataFrame(rows, columns=columns, index=pd.Index(times, name="t (s)"))


def diagnose_runnable(client: Any, job_id: str) -> list[str]:
    """Explain why a job is RUNNABLE, from describe_* calls only (works on AWS too).

    Checks the job's statusReason, its queue (state, status) and each compute environment
    (state, status, maxvCpus, subnets). Returns one sentence per finding.

    >>> from course.batch import BatchSimulator, PriceBook
    >>> diagnose_runnable(BatchSimulator(price_book=PriceBook([])), "")
    Traceback (most recent call last):
    course.errors.CourseInputError: job_id must be a job ID string from submit_job, got ''.
    """
    _check_client(client)
    if not isinstance(job_id, str) or not job_id:
        raise CourseInputError(text(MESSAGES, "bad_job_id", value=job_id))
    jobs = client.describe_jobs(jobs=[job_id])["jobs"]
    if not jobs:
        raise CourseInputError(text(MESSAGES, "unknown_job", job_id=job_id))
    job = jobs[0]
    if job["status"] != "RUNNABLE":
        return [text(MESSAGES, "not_runnable", status=job["status"])]
    wants = {r["type"]: float(r["value"])
             for r in job.get("container", {}).get("resourceRequirements", [])}
    vcpu = wants.get("VCPU", 0.0)
    findings = []
    reason = job.get("statusReason", "")
    if reason.startswith("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT"):
        findings.append(text(MESSAGES, "too_big", vcpu=f"{vcpu:g}",
                             memory=f"{wants.get('MEMORY', 0):g}"))
    elif reason.startswith("CAPACITY:"):
        findings.append(text(MESSAGES, "capacity", reason=reason))
    queue = client.describe_job_queues(jobQueues=[job["jobQueue"]])["jobQueues"][0]
    qname = queue["jobQueueName"]
    if queue.get("state") == "DISABLED":
        findings.append(text(MESSAGES, "queue_disabled", queue=qname))
    if queue.get("status", "VALID") != "VALID":
        findings.append(text(MESSAGES, "queue_invalid", queue=qname, status=queue["status"],
                             reason=queue.get("statusReason", "")))
    arns = [entry["computeEnvironment"] for entry in queue.get("computeEnvironmentOrder", [])]
    ces = client.describe_compute_environments(computeEnvironments=arns)["computeEnvironments"]
    for ce in ces:
        name = ce["computeEnvironmentName"]
        resources = ce.get("computeResources", {})
        if ce.get("state") == "DISABLED":
            findings.append(text(MESSAGES, "ce_disabled", ce=name))
        if ce.get("status", "VALID") == "INVALID":
            findings.append(text(MESSAGES, "ce_invalid", ce=name, status=ce["status"],
                                 reason=ce.get("statusReason", "")))
        max_v = resources.get("maxvCpus")
        if max_v == 0:
            findings.append(text(MESSAGES, "ce_max_zero", ce=name))
        elif max_v is not None and max_v < vcpu:
            findings.append(text(MESSAGES, "ce_max_small", ce=name, max=max_v, vcpu=f"{vcpu:g}"))
        if resources and not resources.get("subnets"):
            findings.append(text(MESSAGES, "ce_no_subnets", ce=name))
    return findings or [text(MESSAGES, "waiting")]


def moto_network(region: str = "us-east-1") -> dict[str, str]:
    """Create the VPC, subnet, security group and IAM roles that moto's Batch insists on.

    Call it inside an active moto mock (``make_client(mode="moto")``); real AWS accounts
    have these already. Returns ``subnet``, ``sg``, ``service_role``, ``instance_role``.

    >>> moto_network(region="")
    Traceback (most recent call last):
    course.errors.CourseInputError: region must not be empty.
    """
    from course.errors import check_not_empty

    if not isinstance(region, str):
        raise CourseInputError(text(MESSAGES, "bad_region", value=region))
    check_not_empty("region", region)
    import boto3

    ec2 = boto3.client("ec2", region_name=region)
    iam = boto3.client("iam", region_name=region)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    sg = ec2.create_security_group(GroupName="batch", Description="lesson 03",
                                   VpcId=vpc)["GroupId"]
    role = iam.create_role(RoleName="AWSBatchServiceRole",
                           AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    profile = iam.create_instance_profile(
        InstanceProfileName="ecsInstanceRole")["InstanceProfile"]["Arn"]
    return {"subnet": subnet, "sg": sg, "service_role": role, "instance_role": profile}
