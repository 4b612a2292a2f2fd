from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from touchpoints.lib.forms import choice_field
from touchpoints.reviews import choices as c
from touchpoints.reviews.models import Campaign
from touchpoints.reviews.selectors import AnswerFilters


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "channel", "business", "delay_hours", "max_reminders", "reminder_interval_hours"]

    def service_kwargs(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Contact list (CSV or XLSX)"),
        help_text=_("Columns: name, email, phone, language, segment, visit, visit_date."),
    )


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, channel: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if channel == c.MessageChannel.SMS:
            del self.fields["subject"]
            self.fields["body"].widget.attrs["rows"] = 4


class AnswerFilterForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All"))] + list(c.Language.choices)
    )
    segment = forms.ChoiceField(label=_("Segment"), required=False)
    visit = forms.ChoiceField(label=_("Touchpoint or visit"), required=False)
    score_min = forms.IntegerField(label=_("Score from"), required=False, min_value=0, max_value=10)
    score_max = forms.IntegerField(label=_("to"), required=False, min_value=0, max_value=10)
    q = forms.CharField(label=_("Text contains"), required=False, max_length=100)

    def __init__(self, *args: Any, segments: list[str], visits: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "segment").choices = [("", _("All"))] + [(s, s) for s in segments]
        choice_field(self, "visit").choices = [("", _("All"))] + [(v, v) for v in visits]

    def filters(self) -> AnswerFilters:
        if not self.is_valid():
            return AnswerFilters()
        d = self.cleaned_data
        return AnswerFilters(
            language=d["language"],
            segment=d["segment"],
            visit=d["visit"],
            score_min=d["score_min"],
            score_max=d["score_max"],
            q=d["q"].strip(),
        )
