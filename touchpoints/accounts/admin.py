from django.contrib import admin

from touchpoints.accounts.models import ApiToken, Profile

admin.site.register(Profile, list_display=["user", "language"])
admin.site.register(ApiToken, list_display=["name", "user", "prefix", "created_at", "last_used_at"])

# The admin's login counts failed attempts like the app's own (per username and per address).
from touchpoints.accounts.forms import ThrottledAdminAuthenticationForm  # noqa: E402

admin.site.login_form = ThrottledAdminAuthenticationForm
