"""Public pages. Every list starts from Article.objects.published()."""

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token

from . import cards, editing, fragments, pagination
from . import search as search_module
from .caching import cache_public_page
from .models import Article, GuideEntry, SlugRedirect


def _cards():
    return Article.objects.published().for_lists()


def _list_page(request, template, articles, context=None):
    """A page of ``articles``, newest first, without counting them (see pagination.py)."""
    try:
        page = pagination.paginate(request, articles)
    except pagination.PageRedirect as moved:
        return moved.response
    return render(request, template, {**(context or {}), "page": page})


@cache_public_page
def home(request):
    return _list_page(request, "articles/home.html", _cards())


@cache_public_page
def article_detail(request, slug):
    article = Article.objects.published().for_page().filter(slug=slug).first()
    if article is None:
        # A renamed article keeps its old address working.
        moved = SlugRedirect.objects.filter(old_slug=slug, article__in=Article.objects.published()).first()
        if moved is None:
            raise Http404("No published article at this address.")
        return redirect(moved.article, permanent=True)
    return render(request, "articles/article_detail.html", article_context(request, article))


def shared_preview(request, token):
    """A draft opened through a signed share link, for a reviewer without an account."""
    try:
        article = editing.article_for_share_token(token)
    except editing.ShareLinkError as error:
        return render(request, "articles/share_link_error.html", {"message": str(error)}, status=error.status)
    return preview_response(request, article)


def preview_response(request, article):
    """An article as readers will see it, whatever its state: never indexed, never cached."""
    context = article_context(request, article, preview=True)
    response = render(request, "articles/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def article_context(request, article, *, preview=False):
    """What the article template needs; shared with the editors' preview (always rendered
    live). A published article's page comes from its stored renderings when they may be
    shown (fragments.py): then nothing beyond its row and the related list is read."""
    facts = None if preview else fragments.stored(article, "facts")
    if facts is None:
        cards.attach([article], ("tags", "episodes"))
        prefetch_related_objects([article], "authors")
    episode_ids = facts["episode_ids"] if facts else [episode.pk for episode in article.episodes.all()]
    related = list(Article.objects.published().related_to(article, episode_ids))
    # The flags of what is rendered live, at once: the article's, its picture's, the related ones'.
    cards.attach_flags(([] if facts else [article]) + [other for other in related if fragments.stored(other) is None])
    facts = facts or fragments.page_facts(article)
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    social_image_url = request.build_absolute_uri(facts["social_image"]) if facts["social_image"] else ""
    safe = article.spoiler_safe
    social_title = f"{safe.headline} · {facts['episodes']}" if facts["episodes"] else safe.headline
    structured_data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": safe.headline,
        "description": safe.description,
        "url": canonical_url,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "author": [{"@type": "Person", "name": name} for name in facts["authors"]],
        "publisher": {"@type": "Organization", "name": settings.PUBLICATION_NAME},
    }
    if social_image_url:
        structured_data["image"] = social_image_url
    return {
        "article": article,
        "preview": preview,
        "article_html": fragments.article_html(article, preview=preview),
        "episode_info_html": fragments.episode_info_html(article, preview=preview),
        "facts": facts,
        "related": related,
        "canonical_url": canonical_url,
        "social_title": social_title,
        "social_image_url": social_image_url,
        "structured_data": structured_data,
    }


@cache_public_page
def tag_detail(request, slug):
    tag = get_object_or_404(Article.objects.published().tags_used(), slug=slug)
    return _list_page(request, "articles/tag_detail.html", _cards().tagged(tag), {"tag": tag})


@cache_public_page
def series_detail(request, slug):
    series = get_object_or_404(Article.objects.published().series_covered().select_related("poster"), slug=slug)
    episodes = GuideEntry.objects.for_series(series)
    return _list_page(
        request, "articles/series_detail.html", _cards().for_series(series), {"series": series, "episodes": episodes}
    )


@cache_public_page
def episode_detail(request, series_slug, slug):
    with_pages = Article.objects.published().episodes_covered()
    episode = get_object_or_404(with_pages.select_related("series"), series__slug=series_slug, slug=slug)
    previous, following = episode.neighbours(among=with_pages.order_by("season", "number"))
    return _list_page(
        request,
        "articles/episode_detail.html",
        _cards().for_episode(episode),
        {"episode": episode, "previous": previous, "following": following},
    )


@cache_public_page
def search(request):
    query = search_module.clean_query(request.GET.get("q"))
    page = search_module.results_page(request, query)
    return render(request, "articles/search.html", {"query": query, "page": page})


@cache_public_page
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /preferences/", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without a request context: whatever failed may be in a context processor.
    return HttpResponseServerError(loader.get_template("500.html").render())
