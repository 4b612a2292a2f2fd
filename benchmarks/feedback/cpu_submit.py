"""CPU cost of one public submission inside one server process: the production WSGI application
(``touchpoints.wsgi.application``) called directly with the request a browser without JavaScript
sends, N times, no HTTP server and no load generator in between. Uses the study and keys made by
setup_submit.py, the database of DATABASE_URL and the cache of CACHE_URL (Redis in production).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_feedback CACHE_URL=redis://127.0.0.1:6379/0 \\
        python benchmarks/feedback/cpu_submit.py 5000

Prints the process CPU time and the wall time per submission, and the response codes."""

from __future__ import annotations

import io
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touchpoints.settings")
os.environ.setdefault("FEEDBACK_RATE_PER_ADDRESS", "1000000/m")
os.environ.setdefault("FEEDBACK_RATE_PER_LINK", "1000000/m")

from touchpoints.wsgi import application  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "out" / "feedback"


def environs(n: int) -> list[dict]:
    lines = (OUT / "submit.cfg").read_text().splitlines()
    token, brands, tps = lines[0], lines[1].split(), lines[2].split()
    keys = (OUT / "keys.txt").read_text().split()
    if len(keys) < n:
        raise SystemExit(f"only {len(keys)} keys: run setup_submit.py with more")
    rnd = random.Random(7)
    out = []
    for key in keys[-n:]:  # the run_submit.sh load takes keys from the top
        body = (
            f"key={key}&lang=es&brand={rnd.choice(brands)}&touchpoint={rnd.choice(tps)}"
            f"&positivity={rnd.randint(-2, 2)}&likelihood={rnd.randint(0, 10)}&comment=&website="
        ).encode()
        out.append(
            {
                "REQUEST_METHOD": "POST",
                "PATH_INFO": f"/s/{token}/",
                "SCRIPT_NAME": "",
                "QUERY_STRING": "",
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "8000",
                "SERVER_PROTOCOL": "HTTP/1.1",
                "REMOTE_ADDR": "127.0.0.1",
                "HTTP_HOST": "127.0.0.1:8000",
                "HTTP_ACCEPT_LANGUAGE": "es-ES,es;q=0.9",
                "CONTENT_TYPE": "application/x-www-form-urlencoded",
                "CONTENT_LENGTH": str(len(body)),
                "wsgi.input": io.BytesIO(body),
                "wsgi.url_scheme": "http",
                "wsgi.errors": sys.stderr,
                "wsgi.multithread": False,
                "wsgi.multiprocess": True,
                "wsgi.run_once": False,
                "wsgi.version": (1, 0),
            }
        )
    return out


def main(n: int) -> None:
    requests = environs(n)
    codes: Counter[str] = Counter()

    def start_response(status: str, headers: list, exc_info: object = None) -> None:
        codes[status[:3]] += 1

    for env in requests[:50]:  # warm-up: connections, caches
        b"".join(application(env, start_response))
    codes.clear()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for env in requests[50:]:
        result = application(env, start_response)
        b"".join(result)
        getattr(result, "close", lambda: None)()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    done = len(requests) - 50
    print(
        f"{done} submissions: CPU {cpu / done * 1000:.3f} ms each, wall {wall / done * 1000:.3f} ms each; "
        f"responses {dict(codes)}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
