"""One lesson-style script runs unchanged against the simulator and against moto.

moto (no Docker) proves the call shapes are real boto3 ones; botocore's output shapes
prove the simulator's responses are well-formed. Dummy credentials only: no network.
"""

from __future__ import annotations

import botocore.session
import pytest
from botocore.validate import ParamValidator
from test_batch_helpers import BOOK

from course.batch import make_client


@pytest.fixture
def aws_env(monkeypatch):
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1",
                       "MOTO_EC2_LOAD_DEFAULT_AMIS": "false"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


def lesson(batch, net):
    """What a lesson notebook does (moto needs `state` in create_job_queue; AWS doesn't)."""
    calls = {}
    calls["CreateComputeEnvironment"] = batch.create_compute_environment(
        computeEnvironmentName="lesson-ce", type="MANAGED", state="ENABLED",
        computeResources={"type": "EC2", "allocationStrategy": "BEST_FIT_PROGRESSIVE",
                          "minvCpus": 0, "maxvCpus": 16, "instanceTypes": ["m5.large"],
                          "subnets": [net["subnet"]], "securityGroupIds": [net["sg"]],
                          "instanceRole": net["instance_role"]},
        serviceRole=net["service_role"])
    calls["CreateJobQueue"] = batch.create_job_queue(
        jobQueueName="lesson-q", state="ENABLED", priority=1,
        computeEnvironmentOrder=[{"order": 1, "computeEnvironment": "lesson-ce"}])
    calls["RegisterJobDefinition"] = batch.register_job_definition(
        jobDefinitionName="lesson-jd", type="container",
        containerProperties={"image": "busybox", "command": ["echo", "hi"],
                             "resourceRequirements": [{"type": "VCPU", "value": "1"},
                                                      {"type": "MEMORY", "value": "2048"}]},
        parameters={"duration": "120"}, retryStrategy={"attempts": 2},
        timeout={"attemptDurationSeconds": 600})
    single = batch.submit_job(jobName="hello", jobQueue="lesson-q", jobDefinition="lesson-jd")
    array = batch.submit_job(jobName="many", jobQueue="lesson-q", jobDefinition="lesson-jd",
                             arrayProperties={"size": 3},
                             dependsOn=[{"jobId": single["jobId"]}])
    calls["SubmitJob"] = array
    batch.run_until_idle()
    calls["DescribeJobs"] = batch.describe_jobs(jobs=[single["jobId"], array["jobId"]])
    calls["ListJobs"] = batch.list_jobs(arrayJobId=array["jobId"], jobStatus="SUCCEEDED")
    calls["DescribeJobQueues"] = batch.describe_job_queues(jobQueues=["lesson-q"])
    calls["DescribeComputeEnvironments"] = batch.describe_compute_environments(
        computeEnvironments=["lesson-ce"])
    calls["DescribeJobDefinitions"] = batch.describe_job_definitions(
        jobDefinitionName="lesson-jd")
    return calls


def moto_network():
    import boto3

    ec2 = boto3.client("ec2", region_name="us-east-1")
    iam = boto3.client("iam", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    sg = ec2.create_security_group(GroupName="batch", Description="d", VpcId=vpc)["GroupId"]
    role = iam.create_role(RoleName="AWSBatchServiceRole",
                           AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    profile = iam.create_instance_profile(
        InstanceProfileName="ecsInstanceRole")["InstanceProfile"]["Arn"]
    return {"subnet": subnet, "sg": sg, "service_role": role, "instance_role": profile}


def public(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def test_same_script_runs_on_simulator_and_moto(aws_env):
    with make_client("moto") as moto:
        net = moto_network()
        on_moto = lesson(moto, net)
    on_sim = lesson(make_client("sim", price_book=BOOK), net)
    for op, response in on_moto.items():
        assert sorted(public(response)) == sorted(public(on_sim[op])), op
    for moto_job, sim_job in zip(on_moto["DescribeJobs"]["jobs"],
                                 on_sim["DescribeJobs"]["jobs"], strict=True):
        assert set(moto_job) <= set(sim_job)  # the simulator shows a superset
        assert moto_job["status"] == sim_job["status"] == "SUCCEEDED"
        assert moto_job["jobName"] == sim_job["jobName"]
    moto_kids = on_moto["ListJobs"]["jobSummaryList"]
    sim_kids = on_sim["ListJobs"]["jobSummaryList"]
    assert [k["jobId"].rsplit(":", 1)[1] for k in moto_kids] == ["0", "1", "2"]
    assert [k["jobId"].rsplit(":", 1)[1] for k in sim_kids] == ["0", "1", "2"]
    # moto finishes everything at submit; the simulator took real (simulated) time:
    sim_single = on_sim["DescribeJobs"]["jobs"][0]
    assert sim_single["stoppedAt"] - sim_single["startedAt"] == 120_000


def test_simulator_responses_match_botocore_output_shapes(aws_env):
    model = botocore.session.get_session().get_service_model("batch")
    on_sim = lesson(make_client("sim", price_book=BOOK), {
        "subnet": "subnet-1", "sg": "sg-1", "service_role": "arn:aws:iam::1:role/r",
        "instance_role": "arn:aws:iam::1:instance-profile/p"})
    validator = ParamValidator()
    for op, response in on_sim.items():
        shape = model.operation_model(op).output_shape
        report = validator.validate(public(response), shape)
        assert not report.has_errors(), (op, report.generate_report())


def test_more_simulator_responses_match_output_shapes():
    from test_batch_helpers import add_ce, add_jobdef, add_queue, make_sim

    model = botocore.session.get_session().get_service_model("batch")
    validator = ParamValidator()
    sim = make_sim()
    add_ce(sim, kind="SPOT", strategy="SPOT_CAPACITY_OPTIMIZED")
    add_queue(sim)
    add_jobdef(sim)
    responses = {"CreateSchedulingPolicy": sim.create_scheduling_policy(name="p")}
    parent = sim.submit_job(jobName="a", jobQueue="q", jobDefinition="jd",
                            arrayProperties={"size": 4}, parameters={"duration": "300"},
                            retryStrategy={"attempts": 2}, timeout={
                                "attemptDurationSeconds": 600})["jobId"]
    sim.advance(100)
    sim.interrupt_instance(sim.instances_frame().host_id.iloc[0])
    sim.advance(130)
    responses["DescribeJobs"] = sim.describe_jobs(jobs=[parent, f"{parent}:0", f"{parent}:3"])
    responses["ListJobs"] = sim.list_jobs(jobQueue="q", jobStatus="PENDING")
    responses["TerminateJob"] = sim.terminate_job(jobId=f"{parent}:1", reason="r")
    responses["CancelJob"] = sim.cancel_job(jobId=f"{parent}:2", reason="r")
    responses["UpdateComputeEnvironment"] = sim.update_compute_environment(
        computeEnvironment="ce", computeResources={"maxvCpus": 32})
    responses["UpdateJobQueue"] = sim.update_job_queue(jobQueue="q", priority=5)
    sim.run_until_idle()
    responses["DescribeJobs_end"] = sim.describe_jobs(jobs=[parent, f"{parent}:1"])
    for op, response in responses.items():
        shape = model.operation_model(op.split("_")[0]).output_shape
        body = public(response)
        if op.startswith("DescribeJobs"):
            # botocore marks JobDetail.startedAt required, but AWS only sets it once the
            # job has reached RUNNING; the simulator follows AWS.
            body = {"jobs": [j if "startedAt" in j else {**j, "startedAt": 0}
                             for j in body["jobs"]]}
            for job in response["jobs"]:
                if "startedAt" not in job:
                    assert job["status"] in ("SUBMITTED", "PENDING", "RUNNABLE", "STARTING")
        report = validator.validate(body, shape)
        assert not report.has_errors(), (op, report.generate_report())
    statuses = [j["status"] for j in responses["DescribeJobs_end"]["jobs"]]
    assert statuses == ["FAILED", "FAILED"]  # a child was terminated
