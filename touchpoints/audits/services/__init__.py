"""Writes for audits. Views, the API, the demo and the command line all call these, so the rules
hold everywhere: same workspace, answers on the audit's scale, no change once an audit is
submitted, each top-level write in one transaction. Three modules: ``criteria``, ``campaigns``
(the audits themselves) and ``answers`` (scores, assessments, evidence); callers import from this
package."""

from touchpoints.audits.services.answers import (
    ANSWER_FIELDS,
    answer_save,
    answers_save,
    evidence_add,
    evidence_delete,
)
from touchpoints.audits.services.campaigns import (
    LIVE_FIELDS,
    REFUSALS,
    SETUP_FIELDS,
    TRANSITIONS,
    audit_create,
    audit_delete,
    audit_summary,
    audit_transition,
    audit_update,
    locked_message,
)
from touchpoints.audits.services.criteria import (
    CRITERION_FIELDS,
    criteria_sync,
    criterion_create,
    criterion_delete,
    criterion_update,
    touchpoint_criteria_set,
)

__all__ = [
    "ANSWER_FIELDS",
    "CRITERION_FIELDS",
    "LIVE_FIELDS",
    "REFUSALS",
    "SETUP_FIELDS",
    "TRANSITIONS",
    "answer_save",
    "answers_save",
    "audit_create",
    "audit_delete",
    "audit_summary",
    "audit_transition",
    "audit_update",
    "criteria_sync",
    "criterion_create",
    "criterion_delete",
    "criterion_update",
    "evidence_add",
    "evidence_delete",
    "locked_message",
    "touchpoint_criteria_set",
]
