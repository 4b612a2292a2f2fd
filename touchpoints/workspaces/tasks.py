"""Background work of the workspaces (Django's tasks API): the members' e-mail alerts on customers'
answers (``workspaces.alerts``).

``send_member_alerts`` runs every app's round and, on a backend that can defer (the database
queue), enqueues its next run ``ALERT_EVERY_SECONDS`` later, so the worker keeps sending without
cron. Saving an alert starts it. ``touchpoints alerts send`` does the same from cron.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from touchpoints.lib import periodic

NEXT_RUN_KEY = "alerts:next"


@task()
def send_member_alerts() -> str:
    from touchpoints.workspaces.alerts import send_all

    try:
        sent = send_all()
    finally:
        schedule_alerts()  # a failed round does not end the chain
    return str(sent)


def schedule_alerts() -> bool:
    """Enqueues one deferred run, unless the backend cannot defer or one is already waiting."""
    return periodic.schedule_next(send_member_alerts, key=NEXT_RUN_KEY, every=settings.ALERT_EVERY_SECONDS)
