from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "touchpoints.history"
    label = "history"
    verbose_name = _("History")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from touchpoints.history.registrations import register
        from touchpoints.workspaces.models import Workspace

        register()
        post_delete.connect(_forget_workspace, sender=Workspace, dispatch_uid="history_forget_workspace")


def _forget_workspace(sender: object, instance: object, **kwargs: object) -> None:
    """A deleted workspace takes its history with it — including the entries its own deletion just
    wrote for the touchpoints, journeys and answers that went with it."""
    from auditlog.models import LogEntry

    from touchpoints.history.models import HistoryScope

    entries = list(HistoryScope.objects.filter(workspace_id=instance.pk).values_list("entry_id", flat=True))  # type: ignore[attr-defined]
    HistoryScope.objects.filter(workspace_id=instance.pk).delete()  # type: ignore[attr-defined]
    LogEntry.objects.filter(pk__in=entries).delete()
