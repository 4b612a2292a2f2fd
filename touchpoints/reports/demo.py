"""A generated report for the demo clinic (registered in ``touchpoints.demo.services.EXTENSIONS``,
after the plan): the whole method on one document. Generated once the demo is committed (in the
background with a queueing task backend)."""

from __future__ import annotations

from touchpoints.demo.services import demo_language
from touchpoints.reports import services
from touchpoints.workspaces.models import Workspace
from touchpoints.workspaces.roles import Role


def demo_report(workspace: Workspace) -> None:
    user = workspace.memberships.filter(role=Role.OWNER).earliest("pk").user
    # In the demo's language: the Russian and Spanish clinics get a Russian and a Spanish report.
    services.report_request(workspace=workspace, language=demo_language(), created_by=user)
