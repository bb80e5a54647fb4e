"""Lesson 03's real-AWS cell: off by default (sends nothing), and its clean-up works (against moto).

The cell is never sent to AWS. With USE_REAL_AWS = True it runs here inside moto's mock,
with moto's network, and must leave no queue, no compute environment and no active job
definition behind. The same test covers `moto_network` and the lesson's moto section.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

LESSON = Path(__file__).resolve().parents[1] / "notebooks" / "03-aws-batch-basics.ipynb"


def real_aws_cell() -> str:
    cells = json.loads(LESSON.read_text(encoding="utf-8"))["cells"]
    (source,) = ["".join(c["source"]) for c in cells
                 if c["cell_type"] == "code" and "USE_REAL_AWS = False" in "".join(c["source"])]
    return source


def test_real_aws_cell_sends_nothing_by_default(capsys):
    def no_client(*args, **kwargs):
        raise AssertionError("the cell made a client although USE_REAL_AWS is False")

    exec(real_aws_cell(), {"make_client": no_client})  # noqa: S102 - the lesson's own cell
    assert "Real AWS is off: nothing was sent." in capsys.readouterr().out


def test_real_aws_cell_cleans_up_everything_it_created(monkeypatch, capsys):
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    from course.batch import make_client
    from course.batchbasics import moto_network

    with make_client(mode="moto") as moto_batch:
        net = moto_network()
        source = real_aws_cell()
        for old, new in [("USE_REAL_AWS = False", "USE_REAL_AWS = True"),
                         ('["subnet-REPLACE-ME"]', repr([net["subnet"]])),
                         ('["sg-REPLACE-ME"]', repr([net["sg"]])),
                         ('INSTANCE_ROLE = "ecsInstanceRole"', f'INSTANCE_ROLE = {net["instance_role"]!r}'),
                         ("SERVICE_ROLE = None", f'SERVICE_ROLE = {net["service_role"]!r}')]:
            assert old in source, old
            source = source.replace(old, new)
        exec(source, {"make_client": make_client})  # noqa: S102 - the lesson's own cell, in moto
        out = capsys.readouterr().out
        assert "job SUCCEEDED" in out  # moto: every job SUCCEEDED at once
        assert "cleaned up" in out
        assert moto_batch.describe_job_queues(jobQueues=["lesson03-queue"])["jobQueues"] == []
        ces = moto_batch.describe_compute_environments(
            computeEnvironments=["lesson03-ce"])["computeEnvironments"]
        assert ces == [] or ces[0]["status"] == "DELETED"
        definitions = moto_batch.describe_job_definitions(
            jobDefinitionName="lesson03-hello")["jobDefinitions"]
        assert [d["status"] for d in definitions] == ["INACTIVE"]


@pytest.mark.parametrize("marker", ["USE_REAL_AWS = False", "allow_real_aws=True", "finally:",
                                    "delete_job_queue", "delete_compute_environment",
                                    "deregister_job_definition"])
def test_real_aws_cell_has_the_opt_in_and_every_clean_up_step(marker):
    assert marker in real_aws_cell()
