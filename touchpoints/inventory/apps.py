from typing import Any

from django.utils.translation import gettext_lazy as _

from touchpoints.lib import freshness
from touchpoints.lib.apps import ProjectAppConfig


def _inventory_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Signal receiver for touchpoints, brands and segments (all carry ``workspace_id``)."""
    freshness.bump(getattr(instance, "workspace_id", None), freshness.INVENTORY)


class InventoryConfig(ProjectAppConfig):
    name = "touchpoints.inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_delete, post_save

        from touchpoints.inventory.models import Touchpoint
        from touchpoints.workspaces.models import Brand, Segment

        # Whatever saves or deletes these (services, admin, library, cascades) makes the cached
        # inventory data of their workspace stale (lib/freshness.py).
        for model in (Touchpoint, Brand, Segment):
            post_save.connect(_inventory_changed, sender=model, dispatch_uid=f"inventory-cache-save-{model.__name__}")
            post_delete.connect(
                _inventory_changed, sender=model, dispatch_uid=f"inventory-cache-delete-{model.__name__}"
            )
