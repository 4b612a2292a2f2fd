from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from touchpoints.audits import choices as c
from touchpoints.audits import selectors
from touchpoints.audits.models import GENERAL_KIND, Audit, Criterion
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.forms import Checklist, DatePicker, choice_field, model_choices
from touchpoints.workspaces.models import Brand, Segment, Workspace


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class AuditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    brand = forms.ModelChoiceField(
        label=_("Brand audited"),
        queryset=Brand.objects.none(),
        empty_label=None,
        help_text=_("Your own brand, or a competitor whose path you walk."),
    )
    method = forms.ChoiceField(label=_("Method"), choices=c.Method.choices)
    scale = forms.ChoiceField(
        label=_("Scale"),
        choices=c.Scale.choices,
        help_text=_("Every answer is also normalised to 0–100, so audits on different scales compare."),
    )
    segment = forms.ModelChoiceField(
        label=_("Segment perspective"),
        queryset=Segment.objects.none(),
        required=False,
        empty_label=_("— all customers —"),
        help_text=Audit._meta.get_field("segment").help_text,
    )
    auditors = MemberChoiceField(
        label=_("Auditors"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Auditors see and score only the audits assigned to them; owners and editors can score any audit."),
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DatePicker())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DatePicker())
    scope = forms.ChoiceField(label=_("Scope"), choices=c.ScopeKind.choices, widget=forms.RadioSelect)
    touchpoints = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("audit scope", "Touchpoints"),
        queryset=Touchpoint.objects.none(),
        required=False,
        widget=Checklist,
    )
    journey_id = forms.TypedChoiceField(label=_("Journey"), required=False, coerce=int, empty_value=None)
    instructions = forms.CharField(
        label=_("Instructions for auditors"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, workspace: Workspace, audit: Audit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        model_choices(self, "brand").queryset = workspace.brands.all()
        model_choices(self, "segment").queryset = workspace.segments.all()
        model_choices(self, "auditors").queryset = selectors.assignable_members(workspace=workspace)
        model_choices(self, "touchpoints").queryset = Touchpoint.objects.filter(workspace=workspace).order_by(
            "name", "id"
        )
        journeys = selectors.journeys_for(workspace=workspace)
        journey_choices: list[tuple[Any, Any]] = [("", _("—")), *journeys]
        choice_field(self, "journey_id").choices = journey_choices
        if not journeys:
            choice_field(self, "scope").choices = [ch for ch in c.ScopeKind.choices if ch[0] != c.ScopeKind.JOURNEY]
            del self.fields["journey_id"]
        if audit is not None and audit.status != c.Status.DRAFT:
            # Answers depend on these: they stay as they are once the audit has started.
            for name in ("brand", "scale", "scope", "touchpoints", "journey_id"):
                self.fields.pop(name, None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == c.ScopeKind.SELECTION and "touchpoints" in self.fields and not data.get("touchpoints"):
            self.add_error("touchpoints", _("Pick at least one touchpoint."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "touchpoints" in data:
            data["touchpoints"] = list(data["touchpoints"] or [])
        data["auditors"] = list(data.get("auditors") or [])
        return data


class CriterionForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Touchpoint kind"))

    class Meta:
        model = Criterion
        fields = ["kind", "name", "description", "weight", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = selectors.kind_labels()
        kinds = sorted(labels.items(), key=lambda kv: (kv[0] != GENERAL_KIND, str(kv[1])))
        if self.instance and self.instance.pk and self.instance.kind not in labels:
            kinds.append((self.instance.kind, self.instance.kind))
        choice_field(self, "kind").choices = kinds
        builtin = self.instance.pk and (self.instance.from_template_id or self.instance.kind == GENERAL_KIND)
        if builtin:
            self.fields["name"].help_text = _("Leave empty to keep the library's wording in each language.")
            self.fields["description"].help_text = _("Leave empty to keep the library's wording in each language.")
            self.fields["kind"].disabled = True


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("start", "submit", "reopen", "close")])


class DueForm(forms.Form):
    default_days = forms.IntegerField(
        label=_("Treat touchpoints without an interval as due every (days)"),
        required=False,
        min_value=1,
        max_value=3650,
    )
    show_all = forms.BooleanField(label=_("Show every touchpoint, due or not"), required=False)
