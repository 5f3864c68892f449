"""Categories a text probably needs, from the keyword lexicon editors and moderators keep."""

import re

from .models import WarningKeyword


def _normalise(text):
    return " " + re.sub(r"[^\w’']+", " ", (text or "").lower()) + " "


def keyword_suggestions(text, present_category_ids=()):
    """Return ``[(category, [phrases found])]`` for active categories not already flagged."""
    haystack = _normalise(text)
    found = {}
    keywords = WarningKeyword.objects.filter(category__active=True).select_related("category")
    for keyword in keywords:
        if keyword.category_id in present_category_ids:
            continue
        if f" {_normalise(keyword.phrase).strip()} " in haystack:
            found.setdefault(keyword.category, []).append(keyword.phrase)
    return sorted(found.items(), key=lambda item: (item[0].order, item[0].name))
