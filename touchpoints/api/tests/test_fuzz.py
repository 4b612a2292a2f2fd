"""The whole OpenAPI document fuzzed by schemathesis against the WSGI application, with an owner's
token on a populated workspace: no 5xx, every response documented (status code, content type
and body schema).

Path parameters: the workspace slug is always the fixture's (another slug only answers 404, which
the permission matrix covers); an object id is replaced by the fixture object's id two times in
three, so the operations run on real objects while odd ids (negative, 2⁶³ and beyond) still come.
Examples per operation: ``FUZZ_EXAMPLES`` (default 25); ``FUZZ_PATHS`` (a regular expression on
the path) fuzzes a subset, e.g. ``FUZZ_PATHS='/(feedback|reviews)/'``.

Why 25: the whole test must stay under about 4 minutes per database in CI on an idle 2-core
machine (the test is one process, so its CPU time is its time there). Measured (user+sys CPU, 100
operations): about 9.5 s to start (Django, the document), then per operation about 0.9 s that does
not depend on the number of examples (the fixture, schemathesis's ~47 coverage and explicit cases)
plus about 0.012-0.025 s per generated example (one request each). At 25 examples that is about
1.3 s per operation: 150 operations ≈ 9.5 + 150 × 1.3 ≈ 205 s, leaving room for slower requests
(the audits' answers endpoint alone takes 20-30 s). Raise it by hand (``FUZZ_EXAMPLES=200``)
after changing an API.
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from touchpoints.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))

schema: BaseSchema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
if os.environ.get("FUZZ_PATHS"):  # a regular expression: fuzz only the operations whose path matches
    schema = schema.include(path_regex=os.environ["FUZZ_PATHS"])
STATS: Counter[str] = Counter()
OPERATIONS: set[str] = set()


SECONDS: defaultdict[str, float] = defaultdict(float)


def summary() -> str:
    """One line for the terminal summary (touchpoints/api/tests/conftest.py)."""
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(STATS.items()) if k != "requests")
    slowest = ", ".join(f"{op} {s:.1f} s" for op, s in sorted(SECONDS.items(), key=lambda item: -item[1])[:3])
    return f"fuzzer: {len(OPERATIONS)} operations, {STATS['requests']} requests ({statuses}); slowest: {slowest}"


@pytest.fixture(autouse=True)
def _one_connection() -> Any:
    """The WSGI handler closes "old" database connections at the start and end of each request;
    inside the test's transaction that would close PostgreSQL's connection under the test. Django's
    test client disconnects the same receivers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _real_ids(case: Any, populated: Any) -> None:
    params = case.path_parameters or {}
    for name, value in list(params.items()):
        if name == "slug":
            params[name] = populated.slug
            continue
        real = populated.resolve(name, case.operation.path)
        if real is not None and isinstance(value, int) and value % 3 != 0:
            params[name] = int(real) if real.isdigit() else real


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_document(case: Any, populated: Any) -> None:
    _real_ids(case, populated)
    OPERATIONS.add(case.operation.label)
    started = time.perf_counter()
    response = case.call(headers={"Authorization": f"Bearer {populated.token}"})
    SECONDS[case.operation.label] += time.perf_counter() - started
    STATS["requests"] += 1
    STATS[str(response.status_code)[0] + "xx"] += 1
    case.validate_response(response, checks=CHECKS)


def test_schema_names_are_unique() -> None:
    """The OpenAPI document names a schema (and an enum) by its class name: two routers' classes
    of one name (both apps' ``AnswerPage``, both apps' ``Status`` choices) would silently share one
    schema, and one of them be documented wrong."""
    import enum

    import pydantic

    from touchpoints.api.main import api

    seen: dict[str, set[str]] = {}
    walked: set[int] = set()

    def walk(model: Any) -> None:
        if isinstance(model, type) and issubclass(model, enum.Enum):
            seen.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
        if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
            if id(model) in walked:
                return
            walked.add(id(model))
            seen.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
            for f in model.model_fields.values():
                walk(f.annotation)
        for arg in getattr(model, "__args__", ()) or ():
            walk(arg)

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in (operation.response_models or {}).values():
                    walk(model)
                for model in operation.models:
                    walk(model)
    clashes = {name: sorted(w) for name, w in seen.items() if len(w) > 1 and not name.startswith(("Ninja", "Input"))}
    assert not clashes, clashes
