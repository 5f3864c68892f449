"""The database lookups the body renderer needs: images, discretion categories and the
episodes a spoiler block names, each fetched in one query for a whole body."""

from content_warnings.models import Kind, WarningCategory

from . import rendering
from .models.image import Image
from .models.prefetch import warnings_prefetch
from .models.series import Series


def spoiler_scopes(refs):
    series_slugs = {ref.split("/", 1)[0] for ref in refs}
    series_by_slug = {
        series.slug: series
        for series in Series.objects.filter(slug__in=series_slugs).prefetch_related("episodes")
    }
    scopes = {}
    for ref in refs:
        series_slug, _, episode_slug = ref.partition("/")
        series = series_by_slug.get(series_slug)
        if series is None:
            continue
        if not episode_slug:
            scopes[ref] = rendering.SpoilerScope(series.slug, series.title)
            continue
        episode = next((e for e in series.episodes.all() if e.slug == episode_slug), None)
        if episode is not None:
            scopes[ref] = rendering.SpoilerScope(
                series.slug, series.title, episode.season, episode.number, episode.title
            )
    return scopes


def categories(slugs):
    return {
        category.slug: rendering.CategoryInfo(category.slug, category.label, category.default_severity)
        for category in WarningCategory.objects.active()
        .filter(kind=Kind.DISCRETION, slug__in=slugs)
    }


def images(ids):
    found = Image.objects.filter(pk__in=ids).prefetch_related(warnings_prefetch())
    return {image.pk: image.render_info() for image in found}


def body_resolver():
    """The database lookups the body renderer needs, three queries at most."""
    return rendering.Resolver(images=images, categories=categories, spoiler_scopes=spoiler_scopes)
