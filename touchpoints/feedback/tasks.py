"""Background work of the feedback app (Django's tasks API): the members' e-mail alerts.

``send_feedback_alerts`` sends them (``feedback.alerts``) and, on a backend that can defer (the
database queue), enqueues its next run ``FEEDBACK_ALERT_EVERY_SECONDS`` later, so the worker keeps
sending without cron. Saving an alert starts it. ``touchpoints feedback send-alerts`` does the
same from cron.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from touchpoints.feedback.alerts import send_alerts
from touchpoints.lib import periodic

NEXT_RUN_KEY = "feedback:alerts:next"


@task()
def send_feedback_alerts() -> str:
    try:
        sent = send_alerts()
    finally:
        schedule_next()  # a failed round does not end the chain
    return str(sent)


def schedule_next() -> bool:
    """Enqueues one deferred run, unless the backend cannot defer or one is already waiting."""
    return periodic.schedule_next(send_feedback_alerts, key=NEXT_RUN_KEY, every=settings.FEEDBACK_ALERT_EVERY_SECONDS)
