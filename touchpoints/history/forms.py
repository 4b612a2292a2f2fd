from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from touchpoints.history import selectors
from touchpoints.lib.forms import DatePicker, choice_field

if TYPE_CHECKING:
    from django.contrib.contenttypes.models import ContentType


def _kind_label(ct: ContentType) -> str:
    model = ct.model_class()
    return str(model._meta.verbose_name_plural).capitalize() if model is not None else ct.model


class HistoryFilter(forms.Form):
    kind = forms.TypedChoiceField(label=_("What"), required=False, coerce=int, empty_value=None)
    actor = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(label=_("From"), required=False, widget=DatePicker())
    until = forms.DateField(label=_("To"), required=False, widget=DatePicker())

    def __init__(self, *args: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", _("Everything"))] + [
            (ct.pk, _kind_label(ct)) for ct in selectors.tracked_types()
        ]
        choice_field(self, "actor").choices = [("", _("Anyone"))] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in selectors.history_actors(workspace=workspace)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end comes before the start."))
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters as selector arguments (none when the form is invalid)."""
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "content_type": d.get("kind"),
            "actor": d.get("actor"),
            "since": d.get("since"),
            "until": d.get("until"),
        }
