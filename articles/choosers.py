"""What editors choose from, searched and a page at a time: episodes and series (for
spoiler blocks), viewer-discretion categories, and pictures from the library.

A library of 10,000 pictures or 2,000 episodes is never put into one page: the body
toolbar and the pickers ask these lists for what matches what the editor typed.
Each function answers a request with JSON; the admin wraps them with its permission checks.
"""

import re
from functools import reduce
from operator import and_

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import JsonResponse

from content_warnings.models import ContentWarning, Kind, WarningCategory

from .models import Episode, Image, Series

EPISODES_PER_PAGE = 20
IMAGES_PER_PAGE = 24
SERIES_SHOWN = 10
QUERY_LIMIT = 100  # characters of a search that are read

_CODE_RE = re.compile(r"^s0*(\d+)\s*e0*(\d+)$", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^(?:episode\s*|ep\.?\s*)?0*(\d+)$", re.IGNORECASE)


def _query(request):
    return " ".join(request.GET.get("q", "")[:QUERY_LIMIT].split())


def _page(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    return page, {"page": page.number, "pages": paginator.num_pages, "count": paginator.count}


def _all_words(fields, text):
    """Each word of ``text`` in one of ``fields``."""
    words = text.split()
    if not words:
        return Q()
    return reduce(and_, (reduce(lambda a, b: a | b, (Q(**{f"{f}__icontains": w}) for f in fields)) for w in words))


def episode_filter(text):
    """What an editor types to find an episode: S01E02, 2, "episode 2", or words of titles."""
    if match := _CODE_RE.match(text):
        return Q(season=int(match.group(1)), number=int(match.group(2)))
    if match := _NUMBER_RE.match(text):
        return Q(number=int(match.group(1)))
    return _all_words(["title", "series__title"], text)


def episode_label(episode):
    return f"{episode.series.title} {episode.code} “{episode.title}”"


def episodes(request):
    """Series (the whole of each) and episodes, for a spoiler block's scope or a picker."""
    text = _query(request)
    found = Episode.objects.select_related("series").filter(episode_filter(text)).order_by(
        "series__title", "season", "number", "pk"
    )
    page, meta = _page(request, found, EPISODES_PER_PAGE)
    results = []
    if page.number == 1:
        series = Series.objects.filter(_all_words(["title"], text)) if text else Series.objects.all()
        results += [
            {"ref": s.slug, "label": f"{s.title}: the whole series", "series": s.title, "id": None}
            for s in series.order_by("title")[:SERIES_SHOWN]
        ]
    results += [
        {
            "ref": f"{episode.series.slug}/{episode.slug}",
            "label": episode_label(episode),
            "series": episode.series.title,
            "id": episode.pk,
        }
        for episode in page
    ]
    return JsonResponse({"results": results, **meta})


def discretion_categories(request):
    categories = WarningCategory.objects.active().filter(kind=Kind.DISCRETION).order_by("order", "name")
    return JsonResponse({
        "results": [
            {"slug": category.slug, "label": category.label, "explanation": category.explanation}
            for category in categories
        ]
    })


def image_json(image):
    return {
        "id": image.pk,
        "alt": image.alt_text,
        "caption": image.caption,
        "thumbnail": image.thumbnail_url,
        "flagged": image.is_graphic,
        "markdown": f"![{image.alt_text}](image:{image.pk})",
    }


def images(request):
    """Pictures whose alt text, caption or credit has every word typed, newest first."""
    found = (
        Image.objects.filter(_all_words(["alt_text", "caption", "credit"], _query(request)))
        .prefetch_related(Prefetch("warnings", queryset=ContentWarning.objects.with_related()))
        .order_by("-created_at", "-pk")
    )
    page, meta = _page(request, found, IMAGES_PER_PAGE)
    return JsonResponse({"results": [image_json(image) for image in page], **meta})


def upload_image(request, form_class):
    """A new picture uploaded from the chooser, checked exactly as on the image page."""
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": {name: list(errors) for name, errors in form.errors.items()}}, status=400)
    image = form.save(commit=False)
    image.uploaded_by = request.user
    image.save()
    return JsonResponse({"image": image_json(image)}, status=201)
