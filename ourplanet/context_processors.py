from django.conf import settings


def publication(request):
    """The publication's name and tagline, for the base layout."""
    return {
        "PUBLICATION_NAME": settings.PUBLICATION_NAME,
        "PUBLICATION_TAGLINE": settings.PUBLICATION_TAGLINE,
    }

