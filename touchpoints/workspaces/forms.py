from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from touchpoints.workspaces.models import Brand, Segment
from touchpoints.workspaces.roles import Role


class WorkspaceForm(forms.Form):
    name = forms.CharField(label=_("Workspace name"), max_length=200)
    own_brand = forms.CharField(
        label=_("Your brand"), max_length=200, required=False, help_text=_("Defaults to the workspace name.")
    )
    industry = forms.CharField(label=_("Industry"), max_length=100, required=False)


class BrandForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = ["name", "is_own", "website", "color", "notes"]
        widgets = {"color": forms.TextInput(attrs={"type": "color"}), "notes": forms.Textarea(attrs={"rows": 2})}


class SegmentForm(forms.ModelForm):
    class Meta:
        model = Segment
        fields = ["name", "description", "share", "customer_type"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AlertForm(forms.Form):
    """A member's own e-mail alert on a study or campaign: one of the app's kinds ("" for none)."""

    kind = forms.ChoiceField(label=_("E-mail me"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField's
