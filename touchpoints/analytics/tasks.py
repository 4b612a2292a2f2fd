"""Background work of journey analytics (Django's tasks API, ``django_tasks``).

The task takes only the run's id (JSON-safe, so any backend can queue it) and reads everything
else from the database and the kept log, so it runs the same in the request (the immediate
backend, the default) and in a worker process (the database backend: ``manage.py db_worker``).
Progress messages are written to the run's row as they come, for the page to poll.
"""

from __future__ import annotations

from django_tasks import task


@task()
def run_analysis(run_id: int) -> str:
    from touchpoints.analytics.services import run_execute

    return run_execute(run_id=run_id)
