"""Background work of the action plan (Django's tasks API): webhook deliveries, the reminder and
digest e-mails, and the e-mails that tell an owner of a comment on their action and a member of a mention. Tasks take ids or dates only (JSON-safe), so any backend can queue them."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    from touchpoints.actions.webhooks import attempt

    delivery = attempt(delivery_id)
    return delivery.status if delivery is not None else "missing"


@task()
def send_reminders(day: str | None = None) -> dict[str, int]:
    import datetime as dt

    from touchpoints.actions.reminders import send_all

    return send_all(today=dt.date.fromisoformat(day) if day else None)


@task()
def send_comment_notices(comment_id: int) -> int:
    from touchpoints.actions.reminders import send_comment_notices as send

    return send(comment_id)
