"""A changed password revokes the account's API tokens, whichever way it changed (the password
change page, a reset link, the admin, ``changepassword``): all of them end in ``User.save``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model


def remember_password_change(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    instance._password_changed = False
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = old is not None and old != instance.password


def revoke_tokens(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if getattr(instance, "_password_changed", False):
        from touchpoints.accounts.services import api_tokens_revoke

        api_tokens_revoke(user=instance)
        instance._password_changed = False


def connect() -> None:
    from django.db.models.signals import post_save, pre_save

    user_model = get_user_model()
    pre_save.connect(remember_password_change, sender=user_model, dispatch_uid="tp-password-change-pre")
    post_save.connect(revoke_tokens, sender=user_model, dispatch_uid="tp-password-change-post")
