"""Background sending (Django's tasks API, ``django_tasks``).

``send_due_messages`` sends whatever is due. It is enqueued when a campaign starts or gets
contacts, and on a queueing backend that can defer (the database backend) it enqueues its
next run ``REVIEWS_SEND_EVERY_SECONDS`` later, so the worker (``touchpoints db_worker``) keeps
sending reminders without a cron. ``touchpoints reviews send-due`` does the same from cron.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from touchpoints.lib import periodic

NEXT_RUN_KEY = "reviews:send-due:next"


@task()
def send_due_messages() -> str:
    from touchpoints.reviews.sending import send_due

    report = send_due()
    schedule_next()
    return str(report)


def schedule_next() -> bool:
    """Enqueues one deferred run, unless the backend cannot defer or one is already waiting."""
    return periodic.schedule_next(send_due_messages, key=NEXT_RUN_KEY, every=settings.REVIEWS_SEND_EVERY_SECONDS)


def kick() -> None:
    """Sends what is due now (in the request with the immediate backend, else in the worker)."""
    send_due_messages.enqueue()
