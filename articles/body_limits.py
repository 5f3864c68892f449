"""How much a body may be: limits checked before a body is saved or previewed, so no
editor's request does unbounded work (see README, "Limits")."""

from django.conf import settings


def body_length_problem(text):
    """Why a body is too long to save or preview, or None (``ARTICLE_BODY_MAX_LENGTH``)."""
    limit = settings.ARTICLE_BODY_MAX_LENGTH
    if len(text or "") <= limit:
        return None
    return (
        f"The body has {len(text):,} characters; the limit is {limit:,}. "
        "Split it into several articles, or move long tables and lists elsewhere."
    )


def rendered_size_problem(text, html):
    """Why a body would make too large a page, or None.

    Each inline spoiler or picture adds markup, so a page may be several times its text,
    but not without bound: ``ARTICLE_RENDERED_MAX_RATIO`` times the body, or
    ``ARTICLE_RENDERED_MIN_ALLOWANCE`` for a short body full of pictures.
    """
    limit = max(settings.ARTICLE_RENDERED_MAX_RATIO * len(text or ""), settings.ARTICLE_RENDERED_MIN_ALLOWANCE)
    if len(html) <= limit:
        return None
    return (
        f"This body would make a page of {len(html) // 1024:,} KB, more than the {limit // 1024:,} KB "
        "allowed for its length. Use fewer inline spoilers (one spoiler block can hide many "
        "sentences) or fewer pictures."
    )
