"""Comments on an action: the team writes how it goes on the action's page or through the API, the
owner is told by e-mail in their language, the board counts them; a comment is text, never markup;
a fault keeps what was typed; only its author or an owner of the workspace removes one."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from hypothesis import given, settings
from hypothesis import strategies as st

from touchpoints.accounts.models import Profile
from touchpoints.actions import choices as c
from touchpoints.actions import mentions
from touchpoints.actions.models import Comment


def _page(plan: Any, who: str = "viewer") -> str:
    return plan.world.client(who).get(f"/w/{plan.world.slug}/actions/{plan.actions[0].pk}/").content.decode()


def _post(plan: Any, who: str, body: str) -> Any:
    return plan.world.client(who).post(f"/w/{plan.world.slug}/actions/{plan.actions[0].pk}/comments/", {"body": body})


def test_a_comment_shows_on_the_page_and_the_board_and_its_owner_is_told(
    plan: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Profile.objects.update_or_create(user=plan.world.users["editor"], defaults={"language": "ru"})
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(plan, "owner", "The second line is ordered.\nConnected next week.")
    assert response.status_code == 302 and response["Location"].endswith(f"/actions/{plan.actions[0].pk}/#comments")
    page = _page(plan)
    assert "The second line is ordered.<br>Connected next week." in page and "Comments <span" in page
    # The action's owner (the editor) is told, in Russian, with a link to the comments.
    (notice,) = mail.outbox
    assert notice.to == ["editor@example.com"]
    assert notice.subject == "owner: комментарий к «Answer within three rings»"
    assert "The second line is ordered." in notice.body
    assert f"/actions/{plan.actions[0].pk}/#comments" in notice.body
    board = plan.world.client("viewer").get(f"/w/{plan.world.slug}/actions/").content.decode()
    assert "1 comment</a>" in board


def test_the_owner_writing_on_their_own_action_gets_no_mail(plan: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(plan, "editor", "Started today").status_code == 302
    assert mail.outbox == []


def test_a_comment_is_text_everywhere(plan: Any) -> None:
    evil = '<script>alert("x")</script> & <b>bold</b>'
    assert _post(plan, "editor", evil).status_code == 302
    page = _page(plan)
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


@pytest.mark.parametrize(
    "body, message",
    [("   ", "This field is required."), ("x" * (Comment.BODY_MAX_LENGTH + 1), "at most 2000 characters")],
)
def test_a_refused_comment_says_why_and_keeps_the_text(plan: Any, body: str, message: str) -> None:
    response = _post(plan, "editor", body)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'aria-invalid="true"' in page
    if body.strip():
        assert body in page  # what was typed is still in the field
    assert not Comment.objects.exists()


def test_only_its_author_or_an_owner_removes_a_comment(plan: Any) -> None:
    _post(plan, "owner", "From the owner")
    _post(plan, "editor", "From the editor")
    mine, theirs = Comment.objects.get(body="From the editor"), Comment.objects.get(body="From the owner")
    base = f"/w/{plan.world.slug}/actions/{plan.actions[0].pk}/comments"
    editor = plan.world.client("editor")
    # The editor sees a remove button on their own comment only.
    page = _page(plan, "editor")
    assert f"{base}/{mine.pk}/delete/" in page and f"{base}/{theirs.pk}/delete/" not in page
    assert editor.post(f"{base}/{theirs.pk}/delete/").status_code == 403
    assert plan.world.client("viewer").post(f"{base}/{mine.pk}/delete/").status_code == 403
    assert "Add the comment" not in _page(plan, "viewer")  # a viewer reads, does not write
    assert editor.post(f"{base}/{mine.pk}/delete/").status_code == 302
    assert plan.world.client("owner").post(f"{base}/{theirs.pk}/delete/").status_code == 302
    assert not Comment.objects.exists()


def test_the_board_counts_comments_in_each_language(plan: Any) -> None:
    for body in ("One", "Two"):
        _post(plan, "editor", body)
    for lang, words in (("en", "2 comments"), ("ru", "2 комментария"), ("es", "2 comentarios")):
        board = plan.world.client("viewer").get(f"/w/{plan.world.slug}/actions/", HTTP_ACCEPT_LANGUAGE=lang)
        assert words in board.content.decode(), lang


def test_the_api_lists_adds_and_removes_comments(
    plan: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    from touchpoints.accounts.services import api_token_create
    from touchpoints.actions import webhooks

    announced: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(webhooks, "announce", lambda workspace_id, event, payload: announced.append((event, payload)))
    token = {who: api_token_create(user=plan.world.users[who], name="t")[1] for who in ("owner", "editor", "viewer")}

    def call(who: str, method: str, path: str, body: Any = None) -> Any:
        client = plan.world.client(who)
        url = f"/api/v1/workspaces/{plan.world.slug}/actions/{plan.actions[0].pk}/comments{path}"
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token[who]}"}
        if body is None:
            return getattr(client, method)(url, **kwargs)
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **kwargs)

    with django_capture_on_commit_callbacks(execute=True):
        created = call("editor", "post", "", {"body": "Half done"})
    assert created.status_code == 201
    assert created.json()["author"] == "editor" and created.json()["body"] == "Half done"
    ((event, payload),) = announced  # the webhooks are told
    assert event == c.Event.COMMENTED and payload["comment"]["body"] == "Half done"
    assert [x["body"] for x in call("viewer", "get", "").json()] == ["Half done"]
    action = plan.world.client("viewer").get(
        f"/api/v1/workspaces/{plan.world.slug}/actions/{plan.actions[0].pk}",
        HTTP_AUTHORIZATION=f"Bearer {token['viewer']}",
    )
    assert action.json()["comments"] == 1
    # Bad input: a JSON answer that names the field, nothing stored.
    for body in ({"body": ""}, {"body": "x" * 2001}, {}):
        refused = call("editor", "post", "", body)
        assert refused.status_code == 422 and "body" in json.dumps(refused.json())
    assert call("viewer", "post", "", {"body": "Hi"}).status_code == 403
    cid = created.json()["id"]
    denied = call("viewer", "delete", f"/{cid}")
    assert denied.status_code == 403 and "detail" in denied.json()
    assert call("owner", "delete", "/999999").status_code == 404
    assert call("owner", "delete", f"/{cid}").status_code == 204
    assert Comment.objects.count() == 0


def test_a_mentioned_member_is_told_and_shown_in_bold(plan: Any, django_capture_on_commit_callbacks: Any) -> None:
    Profile.objects.update_or_create(user=plan.world.users["viewer"], defaults={"language": "es"})
    body = "@Viewer, @auditor: can you check?<script>x</script> Not @outsider, not anna@example.com, nor @owner."
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(plan, "owner", body).status_code == 302
    # The action's owner (the editor) and the two members named; never the author (the owner), nor
    # a user of another workspace.
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["auditor@example.com", "editor@example.com", "viewer@example.com"]
    assert by_address["viewer@example.com"].subject == "owner te mencionó en «Answer within three rings»"
    assert by_address["auditor@example.com"].subject == "owner mentioned you on “Answer within three rings”"
    assert by_address["editor@example.com"].subject == "owner commented on “Answer within three rings”"
    page = _page(plan)
    assert '<strong class="mention">@Viewer</strong>, <strong class="mention">@auditor</strong>: can you' in page
    assert "check?&lt;script&gt;x&lt;/script&gt; Not @outsider, not anna@example.com" in page


@pytest.mark.parametrize(
    "body, names",
    [
        ("@anna please", {"anna"}),
        ("ask @Anna.Smith.", {"anna.smith"}),
        ("mail anna@example.com", set()),
        ("(@bob) and @carol-2,", {"bob", "carol-2"}),
        ("thanks @anna@example.com!", {"anna@example.com"}),  # user names may be addresses
    ],
)
def test_mentions_are_read_from_the_text(body: str, names: set[str]) -> None:
    assert mentions.named(body) == names


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.sets(st.sampled_from(["anna", "bob", "x.y"])))
def test_the_runs_of_a_comment_give_back_its_text(body: str, members: set[str]) -> None:
    runs = mentions.parts(body, members)
    assert "".join(text for text, _mention in runs) == body
    assert all(text[1:].lower() in members for text, mention in runs if mention)


def test_only_its_author_rewords_a_comment_and_the_page_says_so(plan: Any) -> None:
    _post(plan, "editor", "Second line ordered")
    comment = Comment.objects.get()
    url = f"/w/{plan.world.slug}/actions/{plan.actions[0].pk}/comments/{comment.pk}/edit/"
    field = f"c{comment.pk}-body"
    editor = plan.world.client("editor")
    assert f'action="{url}"' in _page(plan, "editor") and f'action="{url}"' not in _page(plan, "owner")
    assert "nobody is e-mailed again" in _page(plan, "editor")  # the rewording form does not promise a mail
    # A fault keeps the new text in the open form, and the comment as it was.
    refused = editor.post(url, {field: "x" * 2001})
    assert refused.status_code == 400 and "at most 2000 characters" in refused.content.decode()
    assert '<details class="comment-edit" open>' in refused.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Second line ordered" and comment.edited_at is None
    assert editor.post(url, {field: "Second line connected"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Second line connected" and comment.edited_at is not None
    assert "Second line connected" in _page(plan) and "edited</span>" in _page(plan)
    # An owner of the workspace may remove it, not put words in it.
    assert plan.world.client("owner").post(url, {field: "Cancelled"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Second line connected"


def test_the_api_rewords_a_comment_for_its_author_only(plan: Any) -> None:
    from touchpoints.accounts.services import api_token_create

    _post(plan, "editor", "Half done")
    comment = Comment.objects.get()
    url = f"/api/v1/workspaces/{plan.world.slug}/actions/{plan.actions[0].pk}/comments/{comment.pk}"

    def patch(who: str, body: Any) -> Any:
        token = api_token_create(user=plan.world.users[who], name="t")[1]
        return plan.world.client(who).patch(
            url, data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    assert patch("owner", {"body": "Not mine"}).status_code == 403
    assert patch("editor", {"body": ""}).status_code == 422
    done = patch("editor", {"body": "All done"})
    assert done.status_code == 200 and done.json()["body"] == "All done" and done.json()["edited_at"]
