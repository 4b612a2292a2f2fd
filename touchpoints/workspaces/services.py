"""Writes for workspaces, members, invitations, brands and segments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from touchpoints.lib.palette import HEX_COLOUR, PALETTE, next_colour
from touchpoints.lib.text import one_line
from touchpoints.workspaces.alerts import alerts_forget
from touchpoints.workspaces.models import Brand, CustomerType, Invitation, Membership, Segment, Workspace
from touchpoints.workspaces.roles import Role

# Russian letters in Latin (as in passports), so a workspace named in Russian gets an address that
# says its name instead of "workspace", "workspace-2", …
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch  y  e iu ia".split(" "),
        strict=True,
    )
)


def _unique_slug(name: str) -> str:
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in name.lower())
    base = slugify(latin, allow_unicode=False)[:50] or "workspace"
    slug, n = base, 1
    while Workspace.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def workspace_create(
    *,
    name: str,
    owner: Any,
    own_brand: str | None = None,
    description: str = "",
    industry: str = "",
    slug: str | None = None,
) -> Workspace:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the workspace a name.")})
    workspace = Workspace.objects.create(
        name=name, slug=slug or _unique_slug(name), description=description, industry=industry
    )
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    Brand.objects.create(workspace=workspace, name=(own_brand or name).strip(), is_own=True, color=PALETTE[0])
    return workspace


@transaction.atomic
def workspace_update(*, workspace: Workspace, **fields: Any) -> Workspace:
    for key in ("name", "description", "industry"):
        if key in fields:
            setattr(workspace, key, fields[key])
    workspace.full_clean()
    workspace.save()
    return workspace


def _owners_left(workspace: Workspace, excluding: Membership) -> int:
    return workspace.memberships.filter(role=Role.OWNER).exclude(pk=excluding.pk).count()


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if membership.role == Role.OWNER and role != Role.OWNER and _owners_left(membership.workspace, membership) == 0:
        raise ValidationError({"role": _("A workspace needs at least one owner.")})
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if membership.role == Role.OWNER and _owners_left(membership.workspace, membership) == 0:
        raise ValidationError(_("A workspace needs at least one owner."))
    alerts_forget(workspace=membership.workspace, user=membership.user)  # what they were e-mailed about here
    membership.delete()


def invitation_link(invitation: Invitation, *, site: str = "") -> str:
    """The absolute link that accepts the invitation (to copy when the install sends no email).
    ``site`` is the address the inviter uses (``request.build_absolute_uri("/")``); without one
    (no request at hand), the SITE_URL setting."""
    return (site or settings.SITE_URL).rstrip("/") + reverse("workspaces:invitation_accept", args=[invitation.token])


def _send_invitation(invitation: Invitation, invited_by: Any, site: str) -> None:
    workspace = invitation.workspace
    send_mail(
        subject=one_line(_("You are invited to %(workspace)s on Touchpoints") % {"workspace": workspace.name}),
        message=_("%(who)s invites you to the workspace “%(workspace)s” as %(role)s.\n\nAccept: %(link)s\n")
        % {
            "who": invited_by.get_username(),
            "workspace": workspace.name,
            "role": Role(invitation.role).label,
            "link": invitation_link(invitation, site=site),
        },
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_create(*, workspace: Workspace, email: str, role: str, invited_by: Any, site: str = "") -> Invitation:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    invitation = Invitation.objects.create(
        workspace=workspace, email=email.strip().lower(), role=role, invited_by=invited_by
    )
    _send_invitation(invitation, invited_by, site)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, sent_by: Any, site: str = "") -> Invitation:
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    _send_invitation(invitation, sent_by, site)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    """Deletes a pending invitation: its link stops working."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    invitation.delete()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: Any) -> Membership:
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    membership, created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


def _check_colour(color: str) -> None:
    if not HEX_COLOUR.match(color or ""):
        raise ValidationError({"color": _("Enter a colour as #rrggbb.")})


def _save(instance: Any) -> Any:
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def brand_create(
    *,
    workspace: Workspace,
    name: str,
    is_own: bool = False,
    website: str = "",
    color: str | None = None,
    notes: str = "",
) -> Brand:
    """A brand; without a colour it gets the first palette colour its workspace does not use yet."""
    if not color:
        color = next_colour(workspace.brands.values_list("color", flat=True))
    _check_colour(color)
    return _save(
        Brand(workspace=workspace, name=name.strip(), is_own=is_own, website=website, color=color, notes=notes)
    )


@transaction.atomic
def brand_update(*, brand: Brand, **fields: Any) -> Brand:
    for key in ("name", "is_own", "website", "color", "notes"):
        if key in fields and fields[key] is not None:
            setattr(brand, key, fields[key])
    _check_colour(brand.color)
    return _save(brand)


@transaction.atomic
def brand_delete(*, brand: Brand) -> None:
    if brand.is_own and not brand.workspace.brands.filter(is_own=True).exclude(pk=brand.pk).exists():
        raise ValidationError(_("The workspace needs at least one own brand."))
    brand.delete()


@transaction.atomic
def segment_create(
    *,
    workspace: Workspace,
    name: str,
    description: str = "",
    share: Decimal | float | None = None,
    customer_type: str = CustomerType.MIXED,
) -> Segment:
    return _save(
        Segment(
            workspace=workspace,
            name=name.strip(),
            description=description,
            share=None if share is None else Decimal(str(share)),
            customer_type=customer_type,
        )
    )


@transaction.atomic
def segment_update(*, segment: Segment, **fields: Any) -> Segment:
    for key in ("name", "description", "share", "customer_type"):
        if key in fields:
            value = fields[key]
            if key == "share" and value is not None:
                value = Decimal(str(value))
            setattr(segment, key, value)
    return _save(segment)


@transaction.atomic
def segment_delete(*, segment: Segment) -> None:
    segment.delete()
