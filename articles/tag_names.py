"""Tag names as editors type them: taggit parses the list, each name is checked here.

A tag's page lives at its slug, so a name that slugifies to nothing ("!!!") could have no
address and would break every page that links to it.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from taggit.utils import _parse_tags

from ourplanet.text_input import control_character_error

MAX_TAG_LENGTH = 100


def tag_name_error(name):
    """Why ``name`` cannot be a tag, or None."""
    error = control_character_error(name)
    if error:
        return f"A tag name: {error}"
    if not slugify(name, allow_unicode=True):
        return f"“{name}” cannot be a tag: a tag needs at least one letter or digit, for its address."
    if len(name) > MAX_TAG_LENGTH:
        return f"A tag has at most {MAX_TAG_LENGTH} characters; “{name[:40]}…” has {len(name)}."
    return None


def parse_tags(text):
    """taggit's parser (``TAGGIT_TAGS_FROM_STRING``), refusing names that cannot be tags."""
    names = _parse_tags(text)
    errors = [error for error in map(tag_name_error, names) if error]
    if errors:
        raise ValidationError(errors, code="invalid_tag")
    return names
