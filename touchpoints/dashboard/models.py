"""A workspace's choice of widgets for its home, in its order."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.workspaces.models import Workspace


class HomeLayout(models.Model):
    """The widgets a workspace shows on its home, in order: ``[{"name": ..., "visible": bool}]``.
    Widgets registered later (and not listed) appear at the end, visible."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="home_layout")
    widgets = models.JSONField(_("widgets"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("home layout")
        verbose_name_plural = _("home layouts")

    def __str__(self) -> str:
        return f"{self.workspace}: {len(self.widgets)}"
