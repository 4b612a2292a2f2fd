from django.contrib import admin

from touchpoints.workspaces.models import Brand, Invitation, Membership, Segment, Workspace


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "industry", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


admin.site.register(Brand, list_display=["name", "workspace", "is_own"], list_filter=["is_own"])
admin.site.register(Segment, list_display=["name", "workspace", "share", "customer_type"])
admin.site.register(Invitation, list_display=["email", "workspace", "role", "created_at", "accepted_at"])
