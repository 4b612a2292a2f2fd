from django.contrib import admin

from touchpoints.library.models import CriterionKind, CriterionTemplate, JourneyTemplate, Pack, TouchpointTemplate

admin.site.register(Pack, list_display=["code", "name_en", "name_ru", "name_es"])
admin.site.register(
    TouchpointTemplate,
    list_display=["code", "name_en", "pack", "channel"],
    list_filter=["pack", "channel"],
    search_fields=["code", "search_text"],
)
admin.site.register(CriterionKind, list_display=["code", "name_en"])
admin.site.register(CriterionTemplate, list_display=["code", "kind", "name_en"], list_filter=["kind"])
admin.site.register(JourneyTemplate, list_display=["code", "name_en", "pack"])
