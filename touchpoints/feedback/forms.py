from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from touchpoints.feedback import choices as c
from touchpoints.feedback.models import Study
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.forms import Checklist, DatePicker, DateTimePicker, choice_field, model_choices
from touchpoints.workspaces.models import Brand, Workspace


class StudyForm(forms.ModelForm):
    brands = forms.ModelMultipleChoiceField(
        label=_("Brands asked about"),
        queryset=Brand.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your own brand and the competitors customers may have met."),
    )
    touchpoints = forms.ModelMultipleChoiceField(
        label=_("Touchpoints offered"),
        queryset=Touchpoint.objects.none(),
        widget=Checklist,
        help_text=_("Customers see each under its customer-facing label, which you can set after saving."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=c.Language.choices, widget=forms.CheckboxSelectMultiple
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimePicker())
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=DateTimePicker(),
        help_text=_("Leave empty to keep it open until you close it."),
    )

    class Meta:
        model = Study
        fields = [
            "name",
            "opens_at",
            "closes_at",
            "languages",
            "ask_comment",
            "ask_customer_type",
            "ask_segment",
            "consent_text_en",
            "consent_text_ru",
            "consent_text_es",
        ]
        widgets = {f"consent_text_{lang}": forms.Textarea(attrs={"rows": 2}) for lang in ("en", "ru", "es")}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        brands, touchpoints = model_choices(self, "brands"), model_choices(self, "touchpoints")
        brands.queryset = workspace.brands.order_by("-is_own", "name")
        touchpoints.queryset = workspace.touchpoints.order_by("name", "id")
        touchpoints.label_from_instance = lambda tp: tp.name  # type: ignore[method-assign,assignment]  # Django's documented hook
        brands.label_from_instance = lambda b: b.name if b.is_own else f"{b.name} ({_('competitor')})"  # type: ignore[method-assign,assignment]
        if self.instance.pk:
            self.initial.setdefault("brands", list(self.instance.brands.values_list("pk", flat=True)))
            self.initial.setdefault(
                "touchpoints",
                list(
                    self.instance.study_touchpoints.order_by("position", "id").values_list("touchpoint_id", flat=True)
                ),
            )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        ordered = [tp for tp in data["touchpoints"]]
        # Keep the existing order (a study being edited) or the proposed one (a journey's steps),
        # the others after them by name.
        if self.instance.pk:
            known = self.instance.study_touchpoints.order_by("position", "id").values_list("touchpoint_id", flat=True)
        else:
            known = self.initial.get("touchpoints") or []
        order = {tp_id: i for i, tp_id in enumerate(known)}
        ordered.sort(key=lambda tp: (order.get(tp.pk, 10**6), tp.name))
        return {**fields, "brands": list(data["brands"]), "touchpoints": ordered}


class DiaryLinksForm(forms.Form):
    count = forms.IntegerField(label=_("How many personal links"), min_value=1, max_value=500, initial=10)
    label = forms.CharField(
        label=_("Label"),
        max_length=80,
        required=False,
        help_text=_("An internal note such as the panel name; never personal data."),
    )


class CommentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("in the comment")}),
    )
    brand = forms.TypedChoiceField(label=_("Brand"), required=False, coerce=int, empty_value=None)
    touchpoint = forms.TypedChoiceField(label=_("Touchpoint"), required=False, coerce=int, empty_value=None)
    segment = forms.TypedChoiceField(label=_("Segment"), required=False, coerce=int, empty_value=None)
    sentiment = forms.ChoiceField(
        label=_("Sentiment"), required=False, choices=[("", _("Any"))] + list(c.Sentiment.choices)
    )
    since = forms.DateField(label=_("From"), required=False, widget=DatePicker())
    until = forms.DateField(label=_("To"), required=False, widget=DatePicker())

    def __init__(
        self,
        *args: Any,
        brands: list[tuple[int, str]],
        touchpoints: list[tuple[int, str]],
        segments: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        anyone: list[tuple[Any, Any]] = [("", _("Any"))]
        choice_field(self, "brand").choices = anyone + brands
        choice_field(self, "touchpoint").choices = anyone + touchpoints
        choice_field(self, "segment").choices = anyone + segments
