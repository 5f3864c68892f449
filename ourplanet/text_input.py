"""Text from outside, checked one way at the edge: form fields, model fields, query strings.

Control characters (NUL included) have no place in a title, a name or a search: PostgreSQL
refuses NUL in text, XML 1.0 (feeds, sitemaps) refuses the rest, and none of them is
visible to the editor who typed it. Fields refuse them with a message naming the character;
a query string has them taken out before any view reads it.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.deconstruct import deconstructible

# C0 and C1 controls, except tab and line feed (a carriage return is normalised away first).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udfff]")


def normalise_text(value):
    """Line ends as ``\\n``: browsers send ``\\r\\n`` from a textarea, which nobody means."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _describe(character):
    name = unicodedata.name(character, "") or {"\x00": "NUL"}.get(character, "control character")
    return f"U+{ord(character):04X}" + (f" ({name})" if name else "")


def control_character_error(value):
    """Why ``value`` may not be stored as text, or None."""
    if not isinstance(value, str):
        return None
    match = _FORBIDDEN.search(normalise_text(value))
    if match is None:
        return None
    line = value.count("\n", 0, match.start()) + 1
    where = f" on line {line}" if "\n" in value else ""
    return (
        f"Remove the invisible character {_describe(match.group())}{where}: "
        "control characters cannot be stored or shown."
    )


@deconstructible
class NoControlCharacters:
    """A field validator: refuse NUL and other control characters (tab and new line allowed)."""

    code = "control_character"

    def __call__(self, value):
        error = control_character_error(value)
        if error:
            raise ValidationError(error, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters)


no_control_characters = NoControlCharacters()


def clean_parameter(value):
    """A query-string value as a view may use it: no control characters, bounded length."""
    value = _FORBIDDEN.sub("", value).replace("\t", " ").replace("\n", " ")
    return value[: settings.QUERY_PARAMETER_MAX_LENGTH]


def bounded_int(value, *, default, low, high):
    """A whole number from a query string, or ``default`` when it is not one in [low, high]."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


class CleanQueryStringMiddleware:
    """Every GET parameter is cleaned (``clean_parameter``) before a view or filter reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET:
            cleaned = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                cleaned.setlist(clean_parameter(name), [clean_parameter(value) for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
