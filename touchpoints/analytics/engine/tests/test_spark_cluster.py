"""Spark as a cluster, not only local mode: a standalone master and two workers started on this
machine, the command line pointed at them with ``--master spark://…``, and the same numbers as
the embedded DuckDB engine.

Skipped when pyspark or Java is missing, unless REQUIRE_SPARK=1, in which case it fails.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from .conftest import COLUMNS, random_log, write_csv
from .test_spark import SKIP_MESSAGE, _close, _spark_available

pytestmark = pytest.mark.spark

HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_for(predicate, timeout: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs if log.exists())
    pytest.fail(f"{what} did not come up within {timeout:.0f} s\n{tails}")


def _master_has_workers(ui_port: int, count: int) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://{HOST}:{ui_port}/json/", timeout=2) as response:
            state = json.load(response)
    except OSError:
        return False
    return sum(1 for worker in state.get("workers", []) if worker.get("state") == "ALIVE") >= count


@pytest.fixture(scope="module")
def spark_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    missing = _spark_available()
    if missing:
        if os.environ.get("REQUIRE_SPARK") == "1":
            pytest.fail(f"REQUIRE_SPARK=1 but {missing}")
        pytest.skip(f"{SKIP_MESSAGE} ({missing})")
    import pyspark

    spark_home = Path(pyspark.__file__).parent
    spark_class = str(spark_home / "bin" / "spark-class")
    work = tmp_path_factory.mktemp("spark-cluster")
    port, ui_port = _free_port(), _free_port()
    url = f"spark://{HOST}:{port}"
    env = dict(
        os.environ,
        SPARK_HOME=str(spark_home),
        SPARK_LOCAL_IP=HOST,
        SPARK_MASTER_HOST=HOST,
        PYSPARK_PYTHON=sys.executable,
        SPARK_LOG_DIR=str(work),
        SPARK_WORKER_DIR=str(work / "workers"),
    )
    processes: list[subprocess.Popen[bytes]] = []
    logs = [work / "master.log", work / "worker-1.log", work / "worker-2.log"]

    def start(args: list[str], log: Path) -> None:
        handle = log.open("wb")
        processes.append(
            subprocess.Popen(
                [spark_class, *args], env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
            )
        )

    try:
        start(
            [
                "org.apache.spark.deploy.master.Master",
                "--host",
                HOST,
                "--port",
                str(port),
                "--webui-port",
                str(ui_port),
            ],
            logs[0],
        )
        _wait_for(lambda: _master_has_workers(ui_port, 0), 90, "the Spark master", logs)
        for n in (1, 2):
            start(
                [
                    "org.apache.spark.deploy.worker.Worker",
                    "--host",
                    HOST,
                    "--cores",
                    "1",
                    "--memory",
                    "1g",
                    "--webui-port",
                    str(_free_port()),
                    url,
                ],
                logs[n],
            )
        _wait_for(lambda: _master_has_workers(ui_port, 2), 90, "two Spark workers", logs)
        yield url
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _analyze(log: str, out: Path, *extra: str) -> dict:
    command = [
        sys.executable,
        "-c",
        "from touchpoints.cli import main; main()",
        "journeys",
        "analyze",
        log,
        "--map",
        COLUMNS,
        "--bootstrap",
        "5",
        "--json",
        str(out),
        *extra,
    ]
    env = dict(os.environ, SPARK_LOCAL_IP=HOST, PYSPARK_PYTHON=sys.executable)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(out.read_text())


def test_standalone_cluster_gives_the_duckdb_numbers(spark_cluster: str, tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    log = str(write_csv(tmp_path / "log.csv", random_log(rng, customers=300, channels=6)))
    spark = _analyze(log, tmp_path / "spark.json", "--engine", "spark", "--master", spark_cluster)
    duck = _analyze(log, tmp_path / "duck.json")
    assert spark["summary"]["events"] > 0
    assert spark["summary"] == duck["summary"]
    for section in ("channels", "variants", "transitions", "path_lengths"):
        assert spark[section] == duck[section], section
    for section in ("markov", "shapley", "attribution"):
        assert _close(spark[section], duck[section]), section
