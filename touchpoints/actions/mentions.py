"""@mentions in a comment: ``@username`` names a member of the workspace, who is then told by
e-mail, and the page shows the name in bold. Pure text work, no database: the caller passes the
members' user names."""

from __future__ import annotations

import re
from collections.abc import Collection

# Django's user names: letters, digits and @ . + - _; a mention ends before trailing punctuation
# ("@anna," or "@anna."), and an e-mail address (anna@example.com) is not one.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]*[\w])")


def named(body: str) -> set[str]:
    """The user names mentioned, lower-cased."""
    return {name.lower() for name in MENTION.findall(body)}


def parts(body: str, members: Collection[str]) -> list[tuple[str, bool]]:
    """The text cut into runs, each with whether it is a mention of a member (``members`` lower-cased):
    a template shows those in bold and the rest as text."""
    runs: list[tuple[str, bool]] = []
    at = 0
    for match in MENTION.finditer(body):
        if match.group(1).lower() not in members:
            continue
        if match.start() > at:
            runs.append((body[at : match.start()], False))
        runs.append((match.group(0), True))
        at = match.end()
    if at < len(body):
        runs.append((body[at:], False))
    return runs
