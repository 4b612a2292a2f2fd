from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from touchpoints.actions import choices as c
from touchpoints.actions import selectors
from touchpoints.actions.models import Action, Comment
from touchpoints.lib.forms import DatePicker, choice_field
from touchpoints.workspaces.models import Workspace


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=Comment.BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What was done, what blocks it, a question: the action's owner is told by e-mail, and so is a "
            "member you name as @username."
        ),
    )


class CommentEditForm(CommentForm):
    """Its author rewords a comment: the same rules, but nobody is told again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _("The page marks it edited; nobody is e-mailed again.")


class ActionForm(forms.Form):
    """Create and edit an action. The rules (deadline, owner still a member, a target) live in
    ``services``; their messages land on these fields."""

    title = forms.CharField(label=_("What changes"), max_length=Action.TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=Action.DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    touchpoint = forms.TypedChoiceField(label=_("Touchpoint"), required=False, coerce=int, empty_value=None)
    journey = forms.TypedChoiceField(label=_("Journey"), required=False, coerce=int, empty_value=None)
    priority = forms.TypedChoiceField(label=_("Top-ten priority"), required=False, coerce=int, empty_value=None)
    owner_user = forms.TypedChoiceField(label=_("Owner (member)"), required=False, coerce=int, empty_value=None)
    owner_unit = forms.CharField(
        label=_("Owner (unit)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "owner-units"}),
        help_text=_("A member, a unit of the organisation, or both."),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DatePicker())
    status = forms.ChoiceField(label=_("Status"), choices=c.Status.choices)
    kpi_name = forms.CharField(
        label=_("KPI"),
        max_length=200,
        required=False,
        help_text=_("What will show it worked, e.g. “audit score” or “calls answered, %”."),
    )
    kpi_baseline = forms.DecimalField(label=_("Baseline"), required=False, max_digits=12, decimal_places=2)
    kpi_target = forms.DecimalField(label=_("Target"), required=False, max_digits=12, decimal_places=2)
    kpi_unit = forms.CharField(
        label=_("Unit"),
        max_length=40,
        required=False,
        help_text=_(
            "Leave empty or write “points” when the KPI is the audit score (0–100): "
            "the result is then read from the next audit."
        ),
    )

    def __init__(self, *args: Any, workspace: Workspace, action: Action | None = None, **kwargs: Any) -> None:
        from touchpoints.inventory.models import Touchpoint
        from touchpoints.journeys.models import Journey

        super().__init__(*args, **kwargs)
        none = [("", "—")]
        touchpoints = Touchpoint.objects.filter(workspace=workspace).order_by("name", "id").values_list("pk", "name")
        journeys = Journey.objects.filter(workspace=workspace).order_by("name", "id").values_list("pk", "name")
        choice_field(self, "touchpoint").choices = [*none, *touchpoints]
        choice_field(self, "journey").choices = [*none, *journeys]
        places = selectors.priority_choices(workspace=workspace, current=getattr(action, "priority_id", None))
        if places is None:
            del self.fields["priority"]
        else:
            choice_field(self, "priority").choices = [*none, *places]
        users, self.units = selectors.owner_choices(workspace=workspace)
        owner_choices = list(users)
        departed = action.owner_user if action is not None else None
        if departed is not None and departed.pk not in {u for u, _n in users}:
            # A departed owner stays visible (flagged), so the form shows who it was.
            owner_choices.append(
                (
                    departed.pk,
                    _("%(name)s (left the workspace)") % {"name": departed.get_full_name() or departed.username},
                )
            )
        choice_field(self, "owner_user").choices = [*none, *owner_choices]

    @staticmethod
    def initial_from(action: Action) -> dict[str, Any]:
        return {
            name: getattr(action, name + "_id", None)
            if name in ("touchpoint", "journey", "priority", "owner_user")
            else getattr(action, name)
            for name in ActionForm.base_fields
        }

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        out: dict[str, Any] = {}
        for name in ("touchpoint", "journey", "priority", "owner_user"):
            if name in data:
                out[name + "_id"] = data.pop(name)
        out.update(data)
        return out


class FeedForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Shows"), choices=c.FeedScope.choices, widget=forms.RadioSelect, initial=c.FeedScope.PERSON
    )
    name = forms.CharField(
        label=_("Name"), max_length=100, required=False, help_text=_("Where you use it, e.g. “phone calendar”.")
    )


class WebhookForm(forms.Form):
    url = forms.CharField(label=_("Address (https://…)"), max_length=500)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
