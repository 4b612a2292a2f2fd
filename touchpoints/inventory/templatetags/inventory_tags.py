from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template

from touchpoints.inventory import choices as c

register = template.Library()

# Tag → the choices it labels: ``{% stage_label value %}`` shows a stage's label in the user's
# language (an unknown value as it is).
LABEL_TAGS = {
    "stage_label": c.Stage.choices,
    "status_label": c.PresenceStatus.choices,
    "sense_label": c.Sense.choices,
    "phase_label": c.Phase.choices,
}


def _label_tag(labels: dict[str, Any]) -> Callable[[str], str]:
    def label(value: str) -> str:
        return str(labels.get(value, value))

    return label


for _name, _choices in LABEL_TAGS.items():
    register.simple_tag(_label_tag(dict(_choices)), name=_name)
