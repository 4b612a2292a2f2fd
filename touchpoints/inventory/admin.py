from django.contrib import admin

from touchpoints.inventory.models import Presence, Touchpoint


class PresenceInline(admin.TabularInline):
    model = Presence
    extra = 0


@admin.register(Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "channel", "area", "parent"]
    list_filter = ["channel", "area", "workspace"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent", "template"]
    inlines = [PresenceInline]
