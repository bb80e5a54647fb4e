"""Request validation: botocore's model (ParamValidationError) and AWS's semantic rules
(ClientException), plus clear course errors for the simulator's own entry points.
At least five bad inputs per public entry point."""

from __future__ import annotations

import time

import pytest
from botocore.exceptions import ClientError, ParamValidationError
from test_batch_helpers import BOOK, add_ce, add_jobdef, add_queue, basic, make_sim, submit

from course.batch import BatchSimulator, InstanceSpec, PriceBook, make_client
from course.errors import CourseInputError

EC2_CR = {"type": "EC2", "maxvCpus": 8, "instanceTypes": ["m5.large"], "subnets": ["s"],
          "instanceRole": "r"}


def ready():
    sim = basic()
    sim.register_job_definition(jobDefinitionName="fg", type="container",
                                platformCapabilities=["FARGATE"],
                                containerProperties={"image": "x", "resourceRequirements": [
                                    {"type": "VCPU", "value": "1"},
                                    {"type": "MEMORY", "value": "2048"}]})
    return sim


def code_of(err):
    return err.response["Error"]["Code"]


# ---------------------------------------------------------------- botocore model checks
@pytest.mark.parametrize(("method", "params"), [
    ("submit_job", {"jobName": "a", "jobQueue": "q"}),  # missing jobDefinition
    ("submit_job", {"jobName": "a", "jobQueue": "q", "jobDefinition": "jd",
                    "arrayProperties": {"size": "3"}}),  # wrong type
    ("submit_job", {"jobName": "a", "jobQueue": "q", "jobDefinition": "jd", "jobname": "x"}),
    ("create_job_queue", {"jobQueueName": "q2"}),  # missing priority
    ("create_compute_environment", {"computeEnvironmentName": "x", "type": "MANAGED",
                                    "computeResources": {"type": "EC2"}}),  # no maxvCpus
    ("describe_jobs", {"jobs": "abc"}),
    ("list_jobs", {"jobQueue": "q", "maxResults": "10"}),
    ("cancel_job", {"jobId": "x"}),
    ("terminate_job", {"reason": "x"}),
    ("register_job_definition", {"jobDefinitionName": "x"}),
    ("create_scheduling_policy", {"fairsharePolicy": {}}),
    ("update_job_queue", {"priority": 3}),
    ("update_compute_environment", {"state": "ENABLED"}),
    ("describe_job_definitions", {"maxResults": "x"}),
    ("describe_job_queues", {"jobQueues": "q"}),
    ("describe_compute_environments", {"computeEnvironments": [1]}),
    ("describe_compute_environments", {"computeEnvironments": "ce"}),
    ("describe_compute_environments", {"maxResults": "1"}),
    ("describe_compute_environments", {"nextToken": 5}),
    ("describe_compute_environments", {"ComputeEnvironments": ["ce"]}),
    ("describe_job_queues", {"maxResults": 1.5}),
    ("describe_job_queues", {"jobQueues": [None]}),
    ("describe_job_queues", {"nextToken": []}),
    ("describe_job_queues", {"queue": "q"}),
    ("describe_job_definitions", {"jobDefinitions": "jd"}),
    ("describe_job_definitions", {"status": 1}),
    ("describe_job_definitions", {"jobDefinitionName": ["jd"]}),
    ("describe_job_definitions", {"name": "jd"}),
    ("describe_jobs", {}),
    ("describe_jobs", {"jobs": [1]}),
    ("describe_jobs", {"jobs": None}),
    ("describe_jobs", {"jobs": ["a"], "include": "all"}),
    ("cancel_job", {"reason": "r"}),
    ("cancel_job", {"jobId": 1, "reason": "r"}),
    ("cancel_job", {"jobId": "x", "reason": None}),
    ("cancel_job", {"jobId": "x", "reason": "r", "force": True}),
    ("terminate_job", {"jobId": "x"}),
    ("terminate_job", {"jobId": ["x"], "reason": "r"}),
    ("terminate_job", {"jobId": "x", "reason": 5}),
    ("terminate_job", {"jobId": "x", "reason": "r", "now": True}),
    ("list_jobs", {"jobQueue": 5}),
    ("list_jobs", {"jobQueue": "q", "filters": "x"}),
    ("list_jobs", {"jobQueue": "q", "status": "RUNNING"}),
    ("list_jobs", {"arrayJobId": ["x"]}),
])
def test_botocore_model_rejects_like_boto3(method, params):
    sim = ready()
    with pytest.raises(ParamValidationError):
        getattr(sim, method)(**params)


def test_positional_arguments_rejected_like_boto3():
    with pytest.raises(TypeError, match="only accepts keyword arguments"):
        ready().describe_jobs(["x"])


def test_validation_is_fast_after_first_load():
    sim = ready()
    sim.describe_jobs(jobs=["x"])
    t0 = time.perf_counter()
    for _ in range(200):
        sim.describe_jobs(jobs=["x"])
    assert (time.perf_counter() - t0) / 200 < 0.002


# ---------------------------------------------------------------- semantic ClientExceptions
def _ce(**over):
    cr = {**EC2_CR, **over.pop("cr", {})}
    for key in over.pop("drop", []):
        cr.pop(key)
    return {"computeEnvironmentName": "new", "type": "MANAGED", "computeResources": cr, **over}


@pytest.mark.parametrize(("params", "message"), [
    (_ce(computeEnvironmentName="ce"), "already exists"),
    (_ce(computeEnvironmentName="bad name!"), "not valid"),
    (_ce(type="SELF"), "type 'SELF' is not valid"),
    (_ce(cr={"type": "GPU"}), "computeResources.type"),
    (_ce(cr={"minvCpus": 10}), "minvCpus"),
    (_ce(cr={"allocationStrategy": "CHEAPEST"}), "allocationStrategy"),
    (_ce(cr={"allocationStrategy": "SPOT_CAPACITY_OPTIMIZED"}), "only valid for SPOT"),
    (_ce(cr={"instanceTypes": ["z9.huge"]}), "z9.huge is not supported"),
    (_ce(drop=["instanceRole"]), "instanceRole is required"),
    (_ce(drop=["subnets"]), "subnets is required"),
    (_ce(cr={"type": "SPOT"}), "spotIamFleetRole"),
    (_ce(cr={"type": "FARGATE"}), "not supported for Fargate"),
    (_ce(cr={"instanceTypes": ["m5.large", "m6g.large"]}), "architecture"),
    ({"computeEnvironmentName": "x1", "type": "MANAGED"}, "computeResources must be"),
])
def test_create_compute_environment_semantic_errors(params, message):
    sim = ready()
    with pytest.raises(ClientError, match=message) as info:
        sim.create_compute_environment(**params)
    assert code_of(info.value) == "ClientException"
    assert isinstance(info.value, sim.exceptions.ClientException)


@pytest.mark.parametrize(("params", "message"), [
    ({"computeEnvironment": "nope"}, "does not exist"),
    ({"computeEnvironment": "ce", "state": "OFF"}, "state 'OFF'"),
    ({"computeEnvironment": "ce", "computeResources": {"maxvCpus": -1}}, "minvCpus"),
    ({"computeEnvironment": "ce", "computeResources": {"allocationStrategy": "BEST_FIT"}},
     "BEST_FIT allocation strategy cannot"),
    ({"computeEnvironment": "ce",
      "computeResources": {"allocationStrategy": "SPOT_CAPACITY_OPTIMIZED"}},
     "only valid for SPOT"),
    ({"computeEnvironment": "ce", "computeResources": {"instanceTypes": ["m6g.large"]}},
     "architecture"),
])
def test_update_compute_environment_semantic_errors(params, message):
    with pytest.raises(ClientError, match=message):
        ready().update_compute_environment(**params)


def _q(**over):
    return {"jobQueueName": "q2", "priority": 1, "state": "ENABLED",
            "computeEnvironmentOrder": [{"order": 1, "computeEnvironment": "ce"}], **over}


@pytest.mark.parametrize(("params", "message"), [
    (_q(jobQueueName="q"), "already exists"),
    (_q(priority=5000), "priority"),
    (_q(state="ON"), "state 'ON'"),
    (_q(computeEnvironmentOrder=[]), "1 to 3"),
    (_q(computeEnvironmentOrder=[{"order": i, "computeEnvironment": "ce"}
                                 for i in range(4)]), "1 to 3"),
    (_q(computeEnvironmentOrder=[{"order": 1, "computeEnvironment": "nope"}]),
     "does not exist"),
    (_q(computeEnvironmentOrder=[{"order": 1, "computeEnvironment": "ce"},
                                 {"order": 2, "computeEnvironment": "fg"}]), "cannot mix"),
    (_q(computeEnvironmentOrder=[{"order": 1, "computeEnvironment": "ce"},
                                 {"order": 1, "computeEnvironment": "ce2"}]), "duplicate"),
    (_q(schedulingPolicyArn="arn:aws:batch:us-east-1:123456789012:scheduling-policy/none"),
     "does not exist"),
    (_q(jobQueueName="-bad"), "not valid"),
])
def test_create_job_queue_semantic_errors(params, message):
    sim = ready()
    add_ce(sim, name="fg", kind="FARGATE")
    add_ce(sim, name="ce2")
    with pytest.raises(ClientError, match=message):
        sim.create_job_queue(**params)


@pytest.mark.parametrize(("params", "message"), [
    ({"jobQueue": "nope"}, "does not exist"),
    ({"jobQueue": "q", "priority": -1}, "priority"),
    ({"jobQueue": "q", "state": "PAUSED"}, "state 'PAUSED'"),
    ({"jobQueue": "q", "computeEnvironmentOrder": []}, "1 to 3"),
    ({"jobQueue": "q", "schedulingPolicyArn": "nope"}, "does not exist"),
    ({"jobQueue": "q", "schedulingPolicyArn": "POLICY"}, "FIFO queue"),
])
def test_update_job_queue_semantic_errors(params, message):
    sim = ready()
    policy = sim.create_scheduling_policy(name="fair")["arn"]
    if params.get("schedulingPolicyArn") == "POLICY":
        params = {**params, "schedulingPolicyArn": policy}
    with pytest.raises(ClientError, match=message):
        sim.update_job_queue(**params)


def _jd(**over):
    props = {"image": "busybox", "resourceRequirements": [
        {"type": "VCPU", "value": "1"}, {"type": "MEMORY", "value": "2048"}]}
    props.update(over.pop("props", {}))
    return {"jobDefinitionName": "jd2", "type": "container", "containerProperties": props,
            **over}


@pytest.mark.parametrize(("params", "message"), [
    (_jd(type="docker"), "type 'docker'"),
    (_jd(props={"image": ""}), "image is required"),
    (_jd(props={"resourceRequirements": [{"type": "VCPU", "value": "-1"}]}), "VCPU"),
    (_jd(props={"resourceRequirements": [{"type": "DISK", "value": "1"}]}), "DISK"),
    (_jd(platformCapabilities=["LAMBDA"]), "LAMBDA"),
    (_jd(platformCapabilities=["FARGATE"],
         props={"resourceRequirements": [{"type": "VCPU", "value": "3"}]}), "Fargate VCPU"),
    (_jd(retryStrategy={"attempts": 11}), "between 1 and 10"),
    (_jd(retryStrategy={"attempts": 2, "evaluateOnExit": [
        {"onExitCode": "1", "action": "RETRY"}] * 6}), "at most 5"),
    (_jd(retryStrategy={"attempts": 2, "evaluateOnExit": [
        {"onExitCode": "1", "action": "MAYBE"}]}), "RETRY or EXIT"),
    (_jd(retryStrategy={"attempts": 2, "evaluateOnExit": [
        {"onExitCode": "*1", "action": "EXIT"}]}), "restricted characters"),
    (_jd(retryStrategy={"attempts": 2, "evaluateOnExit": [
        {"onStatusReason": "Host (EC2)*", "action": "EXIT"}]}), "restricted characters"),
    (_jd(retryStrategy={"attempts": 2, "evaluateOnExit": [
        {"onReason": "a" * 513, "action": "EXIT"}]}), "512"),
    (_jd(retryStrategy={"attempts": 2, "evaluateOnExit": [{"action": "EXIT"}]}),
     "needs onStatusReason"),
    (_jd(timeout={"attemptDurationSeconds": 59}), "at least 60"),
    (_jd(jobDefinitionName="bad name"), "not valid"),
    (_jd(schedulingPriority=-1), "schedulingPriority"),
])
def test_register_job_definition_semantic_errors(params, message):
    with pytest.raises(ClientError, match=message):
        ready().register_job_definition(**params)


def _job(**over):
    return {"jobName": "j", "jobQueue": "q", "jobDefinition": "jd",
            "parameters": {"duration": "60"}, **over}


@pytest.mark.parametrize(("params", "message"), [
    (_job(jobQueue="nope"), "Job queue nope does not exist"),
    (_job(jobDefinition="nope"), "Job definition nope does not exist"),
    (_job(jobDefinition="jd:7"), "does not exist"),
    (_job(jobDefinition="fg"), "platform FARGATE"),
    (_job(arrayProperties={"size": 1}), "between 2 and 10000"),
    (_job(arrayProperties={"size": 20000}), "between 2 and 10000"),
    (_job(dependsOn=[{"jobId": "x", "type": "PARALLEL"}]), "PARALLEL"),
    (_job(dependsOn=[{"jobId": "missing"}]), "missing not found"),
    (_job(dependsOn=[{"type": "SEQUENTIAL"}]), "SEQUENTIAL"),
    (_job(dependsOn=[{}]), "needs a jobId"),
    (_job(dependsOn=[{"jobId": "x"}] * 21), "at most 20"),
    (_job(retryStrategy={"attempts": 0}), "between 1 and 10"),
    (_job(timeout={"attemptDurationSeconds": 10}), "at least 60"),
    (_job(shareIdentifier="a"), "shareIdentifier is not allowed"),
    (_job(jobName="has space"), "not valid"),
    (_job(schedulingPriorityOverride=10000), "schedulingPriority"),
    (_job(containerOverrides={"resourceRequirements": [{"type": "MEMORY", "value": "x"}]}),
     "MEMORY"),
])
def test_submit_job_semantic_errors(params, message):
    with pytest.raises(ClientError, match=message):
        ready().submit_job(**params)


def test_submit_to_disabled_queue_and_n_to_n_size_mismatch():
    sim = ready()
    arr = submit(sim, arrayProperties={"size": 3})
    with pytest.raises(ClientError, match="same size"):
        sim.submit_job(**_job(arrayProperties={"size": 4},
                              dependsOn=[{"jobId": arr, "type": "N_TO_N"}]))
    sim.update_job_queue(jobQueue="q", state="DISABLED")
    with pytest.raises(ClientError, match="DISABLED"):
        sim.submit_job(**_job())


def test_fair_share_queue_requires_share_identifier():
    sim = make_sim()
    arn = sim.create_scheduling_policy(name="p")["arn"]
    add_ce(sim)
    add_queue(sim, policy=arn)
    add_jobdef(sim)
    with pytest.raises(ClientError, match="shareIdentifier is required"):
        sim.submit_job(**_job())


@pytest.mark.parametrize(("params", "message"), [
    ({"name": "bad name"}, "not valid"),
    ({"name": "p", "fairsharePolicy": {"shareDecaySeconds": -1}}, "shareDecaySeconds"),
    ({"name": "p", "fairsharePolicy": {"computeReservation": 100}}, "computeReservation"),
    ({"name": "p", "fairsharePolicy": {"shareDistribution": [
        {"shareIdentifier": "a", "weightFactor": 0}]}}, "weightFactor"),
    ({"name": "p", "fairsharePolicy": {"shareDistribution": [
        {"shareIdentifier": "a-b"}]}}, "shareIdentifier"),
    ({"name": "p", "fairsharePolicy": {"shareDistribution": [
        {"shareIdentifier": "*a"}]}}, "shareIdentifier"),
])
def test_create_scheduling_policy_semantic_errors(params, message):
    with pytest.raises(ClientError, match=message):
        ready().create_scheduling_policy(**params)


def test_scheduling_policy_name_must_be_unique():
    sim = ready()
    sim.create_scheduling_policy(name="p")
    with pytest.raises(ClientError, match="already exists"):
        sim.create_scheduling_policy(name="p")


@pytest.mark.parametrize(("method", "params", "message"), [
    ("describe_jobs", {"jobs": ["x"] * 101}, "up to 100"),
    ("list_jobs", {}, "exactly one"),
    ("list_jobs", {"jobQueue": "q", "arrayJobId": "x"}, "exactly one"),
    ("list_jobs", {"jobQueue": "q", "jobStatus": "DONE"}, "jobStatus 'DONE'"),
    ("list_jobs", {"jobQueue": "nope"}, "does not exist"),
    ("list_jobs", {"arrayJobId": "nope"}, "not found"),
    ("list_jobs", {"jobQueue": "q", "maxResults": 0}, "maxResults"),
    ("list_jobs", {"jobQueue": "q", "nextToken": "garbage"}, "nextToken"),
    ("list_jobs", {"jobQueue": "q", "filters": [{"name": "COLOR", "values": ["x"]}]},
     "COLOR"),
    ("cancel_job", {"jobId": "nope", "reason": "r"}, "not found"),
    ("terminate_job", {"jobId": "nope", "reason": "r"}, "not found"),
    ("describe_job_queues", {"maxResults": 101}, "maxResults"),
    ("describe_job_queues", {"maxResults": 0}, "maxResults"),
    ("describe_job_queues", {"nextToken": "x"}, "nextToken"),
    ("describe_job_queues", {"nextToken": "sim-x"}, "nextToken"),
    ("describe_job_definitions", {"nextToken": "bad"}, "nextToken"),
    ("describe_job_definitions", {"maxResults": 0}, "maxResults"),
    ("describe_job_definitions", {"maxResults": 1001}, "maxResults"),
    ("describe_job_definitions", {"nextToken": "sim-"}, "nextToken"),
    ("describe_compute_environments", {"maxResults": 0}, "maxResults"),
    ("describe_compute_environments", {"maxResults": 101}, "maxResults"),
    ("describe_compute_environments", {"nextToken": "next"}, "nextToken"),
    ("describe_compute_environments", {"nextToken": "sim--1"}, "nextToken"),
    ("describe_jobs", {"jobs": ["a"] * 500}, "up to 100"),
    ("cancel_job", {"jobId": "", "reason": "r"}, "not found"),
    ("cancel_job", {"jobId": "abc:1", "reason": "r"}, "not found"),
    ("terminate_job", {"jobId": "", "reason": "r"}, "not found"),
    ("terminate_job", {"jobId": "abc:1", "reason": "r"}, "not found"),
])
def test_describe_and_list_semantic_errors(method, params, message):
    with pytest.raises(ClientError, match=message):
        getattr(ready(), method)(**params)


# ---------------------------------------------------------------- not-modelled features
@pytest.mark.parametrize(("method", "params"), [
    ("create_compute_environment", {"computeEnvironmentName": "u", "type": "UNMANAGED"}),
    ("register_job_definition", {"jobDefinitionName": "m", "type": "multinode"}),
    ("create_scheduling_policy", {"name": "qs", "quotaSharePolicy": {
        "idleResourceAssignmentStrategy": "FIFO"}}),
    ("submit_job", _job(nodeOverrides={"numNodes": 2})),
    ("list_jobs", {"multiNodeJobId": "x"}),
    ("register_job_definition", _jd(props={"resourceRequirements": [
        {"type": "GPU", "value": "1"}]})),
])
def test_features_outside_the_model_say_so(method, params):
    with pytest.raises(CourseInputError, match="not modelled"):
        getattr(ready(), method)(**params)


# ---------------------------------------------------------------- course entry points
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"seed": "1"}, "seed"),
    ({"seed": True}, "seed"),
    ({"price_book": {"m5.large": 0.1}}, "price_book"),
    ({"timing": {"boot": 3}}, "timing key"),
    ({"timing": {"instance_boot_s": -1}}, "at least 0"),
    ({"timing": 5}, "timing"),
    ({"spot_interruptions_per_hour": -0.1}, "at least 0"),
    ({"spot_interruptions_per_hour": {"m5.large": "often"}}, "must be a number"),
    ({"instance_capacity": {"m5.large": 1.5}}, "whole counts"),
    ({"instance_capacity": [1]}, "instance_capacity"),
    ({"start_time": "yesterday"}, "start_time"),
    ({"region": ""}, "region"),
])
def test_simulator_constructor_rejects_bad_input(kwargs, message):
    kwargs.setdefault("price_book", BOOK)
    with pytest.raises(CourseInputError, match=message):
        BatchSimulator(**kwargs)


def _on_demand_instance(sim):
    submit(sim, duration=600)
    sim.advance(10)
    return sim.instances_frame().host_id.iloc[0]  # an EC2 On-Demand instance: not Spot


@pytest.mark.parametrize(("call", "message"), [
    (lambda s: s.advance(-1), "at least 0"),
    (lambda s: s.advance("10"), "must be a number"),
    (lambda s: s.advance(float("nan")), "finite"),
    (lambda s: s.advance(None), "must be a number"),
    (lambda s: s.advance(1e12), "at most"),
    (lambda s: s.run_until_idle(max_hours=-1), "at least 0"),
    (lambda s: s.run_until_idle(max_hours="x"), "must be a number"),
    (lambda s: s.run_until_idle(max_hours=None), "must be a number"),
    (lambda s: s.run_until_idle(max_hours=float("inf")), "finite"),
    (lambda s: s.run_until_idle(max_hours=1e9), "at most"),
    (lambda s: s.set_work_model(42), "callable"),
    (lambda s: s.set_work_model(None), "callable"),
    (lambda s: s.set_work_model("fn"), "callable"),
    (lambda s: s.set_work_model(lambda a, b, c: (1, 0), job_definition=3), "job_definition"),
    (lambda s: s.set_work_model(lambda a, b, c: (1, 0), job_definition=["jd"]),
     "job_definition"),
    (lambda s: s.interrupt_instance("i-nope"), "instance_id"),
    (lambda s: s.interrupt_instance(None), "instance_id"),
    (lambda s: s.interrupt_instance(3), "instance_id"),
    (lambda s: s.interrupt_instance(""), "instance_id"),
    (lambda s: s.interrupt_instance(_on_demand_instance(s)), "instance_id"),
])
def test_simulator_methods_reject_bad_input(call, message):
    with pytest.raises(CourseInputError, match=message):
        call(ready())


@pytest.mark.parametrize(("params", "message"), [
    ({"duration": "-5"}, "duration"),
    ({"duration": "soon"}, "duration"),
    ({"duration": "nan"}, "duration"),
    ({"duration": "60", "exitCode": "x"}, "exitCode"),
    ({"duration": "60", "exitCode": "300"}, "exitCode"),
    ({"duration": "60", "checkpointSeconds": "0"}, "checkpointSeconds"),
    ({}, "needs to know how long"),
])
def test_work_parameters_are_checked_at_submit(params, message):
    with pytest.raises(CourseInputError, match=message):
        ready().submit_job(jobName="j", jobQueue="q", jobDefinition="jd", parameters=params)


@pytest.mark.parametrize("result", [None, (1,), ("a", 0), (-1, 0), (10, "x"), (10, 0.5),
                                    (10, 0, 5), (10, 0, "r", 1), [10, 0]])
def test_work_model_result_is_checked(result):
    sim = ready()
    sim.set_work_model(lambda name, index, attempt: result)
    sim.submit_job(jobName="j", jobQueue="q", jobDefinition="jd")
    with pytest.raises(CourseInputError, match="work model must return"):
        sim.run_until_idle()


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("cloud",), {}, "mode='cloud'"),
    (("Sim",), {}, "Did you mean 'sim'"),
    (("aws",), {}, "allow_real_aws=True"),
    (("aws",), {"allow_real_aws": "yes"}, "allow_real_aws=True"),
    (("moto",), {"seed": 3}, "only apply to mode='sim'"),
    (("sim",), {"seed": "x", "price_book": BOOK}, "seed"),
])
def test_factory_rejects_bad_input(args, kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        make_client(*args, **kwargs)


@pytest.mark.parametrize(("instances", "message"), [
    ([{"name": "m5.large"}], "InstanceSpec"),
    (["m5.large"], "InstanceSpec"),
    ([42], "InstanceSpec"),
    ([None], "InstanceSpec"),
    ([("m5.large", 2)], "InstanceSpec"),
])
def test_price_book_rejects_bad_input(instances, message):
    with pytest.raises(CourseInputError, match=message):
        PriceBook(instances)


def test_price_book_lookups_fail_clearly():
    book = PriceBook([InstanceSpec("m5.large", "m5", "x86_64", 2, 8192, 0.1, 0.04, 0.05)])
    with pytest.raises(CourseInputError, match="No price data"):
        book.spec("m9.large")
    with pytest.raises(CourseInputError, match="FARGATE_SPOT"):
        book.fargate_rates("x86_64", True)


# ---------------------------------------------------------------- shapes
def test_describe_shapes_follow_boto3():
    sim = ready()
    arn = sim.describe_compute_environments()["computeEnvironments"][0]
    assert arn["computeEnvironmentArn"].startswith("arn:aws:batch:us-east-1:123456789012:")
    assert arn["status"] == "VALID" and arn["state"] == "ENABLED"
    q = sim.describe_job_queues(jobQueues=["q"])["jobQueues"][0]
    assert q["computeEnvironmentOrder"] == [{"order": 1, "computeEnvironment": arn[
        "computeEnvironmentArn"]}]
    jds = sim.describe_job_definitions(jobDefinitionName="jd")["jobDefinitions"]
    assert [(d["revision"], d["status"]) for d in jds] == [(1, "ACTIVE")]
    second = add_jobdef(sim)
    assert sim.describe_job_definitions(jobDefinitions=[f"{second}:2"])[
        "jobDefinitions"][0]["revision"] == 2
    jid = submit(sim)
    job = sim.describe_jobs(jobs=[jid])["jobs"][0]
    for key in ("jobArn", "jobName", "jobId", "jobQueue", "status", "createdAt",
                "jobDefinition", "container", "attempts", "parameters"):
        assert key in job
    assert job["jobDefinition"].endswith("job-definition/jd:2")  # latest ACTIVE revision
    assert sim.submit_job(jobName="x", jobQueue="q", jobDefinition="jd:1",
                          parameters={"duration": "5"})["jobName"] == "x"
    assert sim.describe_jobs(jobs=["unknown"])["jobs"] == []
