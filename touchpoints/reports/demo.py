"""A generated report for the demo clinic (registered in ``touchpoints.demo.services.EXTENSIONS``,
after the plan): the whole method on one document. Generated once the demo is committed (in the
background with a queueing task backend)."""

from __future__ import annotations

from touchpoints.reports import services
from touchpoints.workspaces.models import Workspace
from touchpoints.workspaces.roles import Role


def demo_report(workspace: Workspace) -> None:
    user = workspace.memberships.filter(role=Role.OWNER).earliest("pk").user
    services.report_request(workspace=workspace, language="en", created_by=user)
