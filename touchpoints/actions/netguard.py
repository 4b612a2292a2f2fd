"""Where a webhook may be sent: http(s) only, and never to loopback, private, link-local,
multicast or reserved addresses unless ``settings.WEBHOOKS_ALLOW_PRIVATE`` is on (a development
set-up, or a test's stand-in server). The host is resolved and *every* address it resolves to is
checked; the sender resolves again at send time and connects to an address it has just checked,
so a name that later points somewhere else (DNS rebinding) cannot reach an internal service."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(ip: Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def allow_private() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


def parse(url: str, field: str = "url") -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or a ValidationError on ``field``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ValidationError({field: _("This is not a valid address.")}) from exc
    if parts.scheme not in ("http", "https"):
        raise ValidationError({field: _("Only http:// and https:// addresses can receive webhooks.")})
    if not parts.hostname:
        raise ValidationError({field: _("The address has no host name.")})
    if parts.username or parts.password:
        raise ValidationError({field: _("Put no user name or password in the address; the payload is signed.")})
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def resolve(host: str, port: int, field: str = "url") -> list[Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ValidationError({field: _("The host name %(host)s cannot be resolved.") % {"host": host}}) from exc
    out: list[Address] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if ip not in out:
            out.append(ip)
    return out


def check_url(url: str, field: str = "url") -> list[Address]:
    """The addresses the URL may be sent to (all of them checked), or a ValidationError."""
    _scheme, host, port = parse(url, field)
    addresses = resolve(host, port, field)
    if not addresses:
        raise ValidationError({field: _("The host name %(host)s cannot be resolved.") % {"host": host}})
    if not allow_private():
        blocked = [str(ip) for ip in addresses if not is_public(ip)]
        if blocked:
            raise ValidationError(
                {
                    field: _(
                        "%(host)s points to a private, loopback, link-local or reserved address (%(ips)s): webhooks "
                        "are only sent to public internet addresses."
                    )
                    % {"host": host, "ips": ", ".join(blocked)}
                }
            )
    return addresses
