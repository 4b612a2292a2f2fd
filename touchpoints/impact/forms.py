from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from touchpoints.analytics.choices import RunStatus
from touchpoints.analytics.models import AnalysisRun
from touchpoints.impact.choices import ImpactSource
from touchpoints.impact.models import ImpactEstimate
from touchpoints.inventory.models import Touchpoint


def _choices(form: forms.Form, name: str) -> forms.ModelChoiceField[Any]:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class StudyForm(forms.Form):
    study: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Study"))

    def __init__(self, *args: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from touchpoints.feedback.models import Study

        _choices(self, "study").queryset = Study.objects.filter(workspace=workspace).order_by("-created_at")


class RunForm(forms.Form):
    run: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Analysis of a log"))

    def __init__(self, *args: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "run").queryset = (
            AnalysisRun.objects.filter(workspace=workspace, status=RunStatus.DONE)
            .defer("result")
            .order_by("-finished_at", "-id")
        )


class ManualForm(forms.Form):
    touchpoint: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Touchpoint"))
    value = forms.FloatField(label=_("Impact"))
    low = forms.FloatField(label=_("Lower bound"), required=False)
    high = forms.FloatField(label=_("Upper bound"), required=False)
    unit = forms.CharField(
        label=_("Unit"), max_length=ImpactEstimate.UNIT_MAX_LENGTH, initial=_("points of likelihood per step")
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ImpactEstimate.REASON_MAX_LENGTH,
        help_text=_("Why this figure: the study, test or experience behind it."),
    )

    def __init__(self, *args: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "touchpoint").queryset = Touchpoint.objects.filter(workspace=workspace).order_by("name")


class SettingsForm(forms.Form):
    source = forms.ChoiceField(label=_("Source that counts"), choices=ImpactSource.choices)
