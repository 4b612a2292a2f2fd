from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from touchpoints.lib.forms import choice_field
from touchpoints.reports import choices as c
from touchpoints.workspaces.models import Workspace


class ReportForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=c.Language.choices,
        help_text=_("Independent of the language you use the application in."),
    )
    audit = forms.TypedChoiceField(label=_("Scope"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from touchpoints.audits.selectors import finished_audits

        self.audits = {a.pk: a for a in finished_audits(workspace=workspace)}
        choice_field(self, "audit").choices = [("", _("The whole workspace (the latest own-brand audit)"))] + [
            (
                a.pk,
                " · ".join(
                    filter(
                        None, [a.name, a.brand.name, a.audit_date and date_format(a.audit_date, "SHORT_DATE_FORMAT")]
                    )
                ),
            )
            for a in self.audits.values()
        ]
        lang = (get_language() or "en")[:2]
        self.fields["language"].initial = lang if lang in c.Language.values else "en"
