"""Message templates: the shipped defaults and a sandboxed rendering (no ORM here).

A template is plain text with at most four variables — ``{{ name }}``, ``{{ link }}``,
``{{ business }}``, ``{{ opt_out_link }}`` — and nothing else: no tags, no filters, no
attribute lookups. ``check_template`` refuses anything more when a template is saved and again
before each rendering; the rendering itself is Django's template engine on a bare ``Engine``
(no loaders, no libraries). For HTML email the text is escaped, paragraphs become ``<p>``, the
links become ``<a>`` and the customer's name and the business name are escaped by autoescape.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.template import Context, Engine, Template
from django.template.base import Lexer, TokenType
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

VARIABLES = ("name", "link", "business", "opt_out_link")
DEFAULTS_FILE = Path(__file__).resolve().parent / "data" / "templates.yaml"
SMS_SEGMENT = 160


@lru_cache(maxsize=1)
def defaults() -> dict[str, dict[str, dict[str, str]]]:
    return yaml.safe_load(DEFAULTS_FILE.read_text(encoding="utf-8"))


def default_template(channel: str, language: str) -> tuple[str, str]:
    """(subject, body) shipped for this channel and language (English when missing)."""
    by_lang = defaults()[channel]
    item = by_lang.get(language) or by_lang["en"]
    return item.get("subject", ""), item["body"]


@lru_cache(maxsize=1)
def _engine() -> Engine:
    return Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, builtins=[], debug=False)


def check_template(source: str) -> None:
    """Raises ValidationError unless ``source`` is text with only the documented variables."""
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            raise ValidationError(
                _("Tags like “{%% %(tag)s %%}” are not allowed. Use only %(vars)s.")
                % {"tag": token.contents.split()[0] if token.contents.split() else "", "vars": _variables_list()}
            )
        if token.token_type == TokenType.VAR and token.contents.strip() not in VARIABLES:
            raise ValidationError(
                _("“{{ %(var)s }}” is not a variable of messages. Use only %(vars)s.")
                % {"var": token.contents.strip(), "vars": _variables_list()}
            )


def _variables_list() -> str:
    return ", ".join(f"{{{{ {v} }}}}" for v in VARIABLES)


@dataclass(frozen=True)
class Values:
    name: str
    link: str
    business: str
    opt_out_link: str


@lru_cache(maxsize=256)
def _text_template(source: str) -> Template:
    check_template(source)
    return _engine().from_string(source)


@lru_cache(maxsize=256)
def _html_template(source: str) -> Template:
    check_template(source)
    return _engine().from_string(_html_source(source))


def render_text(source: str, values: Values) -> str:
    """Plain text (SMS, the text part of email, subjects): nothing is escaped."""
    return _text_template(source).render(Context(vars(values), autoescape=False)).strip()


def render_html(source: str, values: Values, *, pixel: str = "") -> str:
    """The HTML part of an email: escaped text in paragraphs; the links as anchors; an
    optional 1×1 image (the opening pixel) at the end."""
    context = {
        "name": values.name,
        "business": values.business,
        "link": format_html('<a href="{}">{}</a>', values.link, values.link),
        "opt_out_link": format_html('<a href="{}">{}</a>', values.opt_out_link, values.opt_out_link),
    }
    body = _html_template(source).render(Context(context, autoescape=True))
    tail = (
        format_html('<img src="{}" width="1" height="1" alt="" style="display:block;border:0">', pixel) if pixel else ""
    )
    return (
        '<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:16px;'
        f'line-height:1.5;color:#1b1f24;max-width:560px">{body}{tail}</body></html>'
    )


def _html_source(source: str) -> str:
    parts: list[str] = []
    for token in Lexer(source.strip()).tokenize():
        if token.token_type == TokenType.TEXT:
            # Escape the template's own text; keep any brace out of the engine's way.
            parts.append(escape(token.contents).replace("{", "&#123;").replace("}", "&#125;"))
        elif token.token_type == TokenType.VAR:
            parts.append(f"{{{{ {token.contents.strip()} }}}}")
    html_source = "".join(parts)
    paragraphs = [p.strip().replace("\n", "<br>\n") for p in html_source.split("\n\n") if p.strip()]
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def sms_segments(text: str) -> int:
    """How many SMS parts a text takes (GSM-7 160/153, otherwise UCS-2 70/67), roughly."""
    gsm = all(ord(ch) < 128 for ch in text)
    single, multi = (SMS_SEGMENT, 153) if gsm else (70, 67)
    if len(text) <= single:
        return 1
    return -(-len(text) // multi)
