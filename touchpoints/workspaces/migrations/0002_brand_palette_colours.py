"""Brands used to be created all the same blue: in each workspace whose brands all still share it,
give them distinct colours of the palette (own brand first, then by name)."""

from django.db import migrations

OLD_DEFAULT = "#1565c0"
# A copy of touchpoints.lib.palette.PALETTE as it was when this migration was written.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#8C564B", "#7F7F7F",
           "#BCBD22", "#17BECF")


def recolour(apps, schema_editor):  # noqa: ANN001
    Brand = apps.get_model("workspaces", "Brand")
    by_workspace: dict[int, list] = {}
    for brand in Brand.objects.order_by("workspace_id", "-is_own", "name", "id"):
        by_workspace.setdefault(brand.workspace_id, []).append(brand)
    for brands in by_workspace.values():
        if all(b.color.lower() == OLD_DEFAULT for b in brands):
            for i, brand in enumerate(brands):
                brand.color = PALETTE[i % len(PALETTE)]
                brand.save(update_fields=["color"])


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0001_initial")]
    operations = [migrations.RunPython(recolour, migrations.RunPython.noop)]
