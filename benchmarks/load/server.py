"""The server side of the load benchmark (run.py): its environment, a fresh database, gunicorn on
127.0.0.1 and the CPU time its workers and PostgreSQL backends have spent."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def uptime() -> str:
    out = subprocess.run(["uptime"], capture_output=True, text=True).stdout
    return out.split("load average:")[-1].strip()


def base_env(db: str, var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SQLITE_PATH")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "touchpoints.settings",
            "PRODUCTION": "1",
            "DEBUG": "0",
            "SECRET_KEY": "load-benchmark-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": HOST,
            "CACHE_URL": os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/8"),
            "TOUCHPOINTS_VAR_DIR": str(var),
            "STATIC_ROOT": str(var / "static"),
            "LOG_LEVEL": "ERROR",
        }
    )
    if db == "postgresql":
        env["DATABASE_URL"] = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_load")
    else:
        env["SQLITE_PATH"] = str(var / "touchpoints.sqlite3")
    return env


def fresh_database(db: str, env: dict[str, str], var: Path) -> None:
    var.mkdir(parents=True, exist_ok=True)
    if db == "postgresql":
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", HOST, "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", HOST, "-U", "postgres", name], check=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)


class Gunicorn:
    def __init__(self, env: dict[str, str], port: int, workers: int, log: Path) -> None:
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "touchpoints.wsgi",
                "--workers",
                str(workers),
                "--preload",
                "--bind",
                f"{HOST}:{port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.port = port
        deadline = time.monotonic() + 180  # --preload imports the whole app first; slow on a busy machine
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited, see {log}")
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=5)
                conn.request("GET", "/accounts/login/")
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 180 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def check_200(port: int, path: str, headers: dict[str, str]) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}, not 200")


def server_cpu(server: Gunicorn, database_url: str) -> dict[int, float]:
    """CPU seconds so far of each gunicorn worker and of each PostgreSQL backend of the database,
    by process id (from /proc): the server's own cost, whatever else runs on the machine."""
    pids: list[int] = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.proc.pid:  # ppid
            pids.append(int(stat.parent.name))
    if database_url.startswith("postgres"):
        name = database_url.rsplit("/", 1)[1]
        query = "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"
        out = subprocess.run(
            ["psql", "-h", HOST, "-U", "postgres", "-d", name, "-Atc", query], capture_output=True, text=True
        ).stdout
        pids += [int(line) for line in out.split() if line.isdigit()]
    tick = os.sysconf("SC_CLK_TCK")
    cpu = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return cpu
