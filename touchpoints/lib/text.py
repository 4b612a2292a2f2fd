"""Text that a format cannot hold.

XML 1.0 has no place for most control characters (U+0000–U+001F but tab, line feed and carriage
return) nor U+FFFE/U+FFFF. A name pasted with one of them makes vl-convert's SVG parser abort the
process drawing a chart, and openpyxl refuse the cell of an XLSX export; both drop them first.

An e-mail header holds one line: Django refuses a subject with a line break (BadHeaderError), so a
subject that quotes a user's title is folded to one line first."""

from __future__ import annotations

import re

XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML cannot hold."""
    return XML_ILLEGAL.sub("", value)


def one_line(value: str) -> str:
    """``value`` with every run of white space, line breaks included, made one space."""
    return " ".join(value.split())
