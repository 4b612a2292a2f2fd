from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from touchpoints.inventory.choices import Channel, Mode, Stage
from touchpoints.journeys.choices import Experience
from touchpoints.journeys.models import Journey
from touchpoints.lib.forms import model_choices
from touchpoints.library.models import JourneyTemplate
from touchpoints.workspaces.models import Brand, Segment, Workspace

EXPERIENCE_CHOICES = [("", _("Not judged yet"))] + [(str(v), label) for v, label in Experience.choices]


def _brand_label(brand: Brand) -> str:
    return f"{brand.name} ({_('own') if brand.is_own else _('competitor')})"


class BrandChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Brand) -> str:
        return _brand_label(obj)


class JourneyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Journey) -> str:
        return f"{obj.name} · {obj.brand.name}"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class JourneyForm(forms.ModelForm):
    brand = BrandChoiceField(queryset=Brand.objects.none(), label=_("Brand whose path it is"), empty_label=None)
    segments = forms.ModelMultipleChoiceField(
        queryset=Segment.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Segments")
    )
    owner = MemberChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Owner"),
        help_text=_("The member who keeps this map up to date."),
    )
    next_journey = JourneyChoiceField(
        queryset=Journey.objects.none(),
        required=False,
        label=_("Next journey"),
        help_text=_("The chain the final chord should start."),
    )

    class Meta:
        model = Journey
        fields = ["name", "process", "brand", "segments", "owner", "description", "next_journey"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "process": forms.TextInput(attrs={"list": "process-list"}),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "brand").queryset = workspace.brands.all()
        model_choices(self, "segments").queryset = workspace.segments.all()
        # The members, and an owner who has left (kept until someone else is chosen).
        owners = Q(memberships__workspace=workspace)
        if self.instance.owner_id:
            owners |= Q(pk=self.instance.owner_id)
        model_choices(self, "owner").queryset = (
            get_user_model().objects.filter(owners).distinct().order_by("first_name", "username")
        )
        others = Journey.objects.filter(workspace=workspace).select_related("brand").order_by("process", "name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        model_choices(self, "next_journey").queryset = others

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data[key] for key in ("name", "process", "brand", "segments", "owner", "description", "next_journey")
        }

    def _post_clean(self) -> None:
        # The services validate (same workspace, cycles); don't let ModelForm write to the instance.
        pass


class StepForm(forms.Form):
    """Add a step from the inventory (the palette) or edit one."""

    touchpoint = forms.IntegerField(required=False, widget=forms.HiddenInput)
    stage = forms.ChoiceField(
        choices=[("", _("The touchpoint's first stage"))] + list(Stage.choices), required=False, label=_("Stage")
    )
    expected = forms.ChoiceField(choices=EXPERIENCE_CHOICES, required=False, label=_("Expected experience"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))
    position = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    final_chord = forms.BooleanField(required=False, label=_("Final chord"))


class StepEditForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices, label=_("Stage"))
    expected = forms.ChoiceField(choices=EXPERIENCE_CHOICES, required=False, label=_("Expected experience"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))
    final_chord = forms.BooleanField(required=False, label=_("Final chord"))


class NewTouchpointStepForm(forms.Form):
    """A touchpoint the brand lacks, created on the spot (marked missing) and added as a step."""

    name = forms.CharField(max_length=200, label=_("New touchpoint"))
    stage = forms.ChoiceField(choices=Stage.choices, label=_("Stage"))
    channel = forms.ChoiceField(choices=[("", "—")] + list(Channel.choices), required=False, label=_("Channel"))
    mode = forms.ChoiceField(choices=[("", "—")] + list(Mode.choices), required=False, label=_("Online / offline"))
    owner_unit = forms.CharField(max_length=200, required=False, label=_("Owner (unit)"))
    expected = forms.ChoiceField(choices=EXPERIENCE_CHOICES, required=False, label=_("Expected experience"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: JourneyTemplate) -> str:
        return obj.name


class FromTemplateForm(forms.Form):
    template = TemplateChoiceField(
        queryset=JourneyTemplate.objects.none(), widget=forms.RadioSelect, label=_("Template"), empty_label=None
    )
    brand = BrandChoiceField(queryset=Brand.objects.none(), label=_("Brand whose path it is"), empty_label=None)
    name = forms.CharField(
        max_length=200, required=False, label=_("Name"), help_text=_("Leave empty to use the template's name.")
    )
    segments = forms.ModelMultipleChoiceField(
        queryset=Segment.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Segments")
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "template").queryset = JourneyTemplate.objects.select_related("pack").prefetch_related(
            "steps"
        )
        model_choices(self, "brand").queryset = workspace.brands.all()
        model_choices(self, "segments").queryset = workspace.segments.all()
