from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class InventoryConfig(ProjectAppConfig):
    name = "touchpoints.inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_delete, post_save

        from touchpoints.inventory.cache import on_saved_or_deleted
        from touchpoints.inventory.models import Touchpoint
        from touchpoints.workspaces.models import Brand, Segment

        # Whatever saves or deletes these (services, admin, library, cascades) makes the cached
        # inventory data of their workspace stale (inventory/cache.py).
        for model in (Touchpoint, Brand, Segment):
            post_save.connect(on_saved_or_deleted, sender=model, dispatch_uid=f"inventory-cache-save-{model.__name__}")
            post_delete.connect(
                on_saved_or_deleted, sender=model, dispatch_uid=f"inventory-cache-delete-{model.__name__}"
            )
