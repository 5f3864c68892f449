"""What the publication writes about and publishes, one module per model family.

Import them from here (``from articles.models import Article``). Modules an article calls
on save (``resolver``, ``redirects``) import the submodule they need, not this package.
"""

from .article import Article, ArticleQuerySet, StaleEditError, new_share_key
from .autosave import ArticleAutosave
from .guide import GuideEntry
from .image import Image
from .prefetch import episodes_prefetch, warnings_prefetch
from .redirect import SlugRedirect
from .series import Episode, Series

__all__ = [
    "Article",
    "ArticleAutosave",
    "ArticleQuerySet",
    "Episode",
    "GuideEntry",
    "Image",
    "Series",
    "SlugRedirect",
    "StaleEditError",
    "episodes_prefetch",
    "new_share_key",
    "warnings_prefetch",
]
