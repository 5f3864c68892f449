"""Lists that cost the same on their first page and their ten-thousandth: keyset pagination.

A page is "the N articles published just before this one" (``?before=``) or "just after"
(``?after=``), found by walking an index from that point; there is no ``COUNT(*)`` of the
whole list and no ``OFFSET`` that grows with depth. The cursor is the boundary article's
publish time and id, which together order every list.

Old ``?page=N`` addresses keep working: they redirect permanently to the same articles'
keyset address, for the first MAX_LEGACY_PAGE pages (one bounded index read); deeper ones
are not found, as the sitemap lists every article anyway.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect

MAX_LEGACY_PAGE = 100
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


class PageRedirect(Exception):
    """The request names its page in a way that has a better address."""

    def __init__(self, url, permanent):
        super().__init__(url)
        self.response = (HttpResponsePermanentRedirect if permanent else HttpResponseRedirect)(url)


@dataclass
class ListPage:
    """A page of a list, with the addresses of its neighbours (None at either end)."""

    object_list: list
    newer_url: str | None
    older_url: str | None
    newer_label: str = "Newer articles"
    older_label: str = "Older articles"

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self):
        return bool(self.newer_url or self.older_url)


def _cursor(published_at, pk):
    """``<microseconds since the epoch>.<id>``: exact (integers, no float), short, and safe
    in a URL without escaping."""
    return f"{(published_at - EPOCH) // MICROSECOND}.{pk}"


def cursor_of(article):
    return _cursor(article.published_at, article.pk)


def _parse(cursor):
    try:
        micros, pk = cursor.split(".")
        return EPOCH + int(micros) * MICROSECOND, int(pk)
    except (ValueError, OverflowError) as error:
        raise Http404("No such page of this list.") from error


def address(request, **params):
    """This list's address with ``params`` as its page, every other parameter (``q``) kept."""
    query = request.GET.copy()
    for name in ("page", "before", "after"):
        query.pop(name, None)
    for name, value in params.items():
        query[name] = value
    return f"{request.path}?{query.urlencode()}" if query else request.path


def paginate(request, queryset, per_page=None):
    """The page of ``queryset`` (ordered newest first) the request asks for.

    Raises PageRedirect for ``?page=`` addresses and for a newer page that is the first, so
    the first page has one address. Runs one query (two for a redirected ``?page=``).
    """
    per_page = per_page or settings.ARTICLES_PER_PAGE
    if "page" in request.GET:
        raise PageRedirect(_legacyaddress(request, queryset, per_page), permanent=True)
    before, after = request.GET.get("before"), request.GET.get("after")
    if after:
        published_at, pk = _parse(after)
        newer = list(
            queryset.filter(published_at__gte=published_at)
            .filter(Q(published_at__gt=published_at) | Q(pk__gt=pk))
            .order_by("published_at", "pk")[: per_page + 1]
        )
        if len(newer) <= per_page:
            raise PageRedirect(address(request), permanent=False)
        articles = newer[:per_page][::-1]
        return ListPage(articles, address(request, after=cursor_of(articles[0])), address(request, before=cursor_of(articles[-1])))
    rows = queryset
    if before:
        published_at, pk = _parse(before)
        rows = rows.filter(published_at__lte=published_at).filter(Q(published_at__lt=published_at) | Q(pk__lt=pk))
    articles = list(rows.order_by("-published_at", "-pk")[: per_page + 1])
    older = articles[per_page:]
    articles = articles[:per_page]
    return ListPage(
        articles,
        address(request, after=cursor_of(articles[0])) if before and articles else None,
        address(request, before=cursor_of(articles[-1])) if older else None,
    )


def _legacyaddress(request, queryset, per_page):
    raw = request.GET.get("page", "")
    number = int(raw) if raw.isdigit() else 1
    if number <= 1:
        return address(request)
    if number > MAX_LEGACY_PAGE:
        raise Http404("Pages this deep are not numbered any more; follow “Older articles”.")
    boundary = (
        queryset.order_by("-published_at", "-pk").values_list("published_at", "pk")[(number - 1) * per_page - 1 : (number - 1) * per_page]
    )
    found = list(boundary)
    if not found:
        # Past the end: the last page there is (counting at most MAX_LEGACY_PAGE pages).
        total = queryset.order_by()[: MAX_LEGACY_PAGE * per_page].count()
        last = (total - 1) // per_page + 1 if total else 1
        if last <= 1:
            return address(request)
        found = list(queryset.order_by("-published_at", "-pk").values_list("published_at", "pk")[(last - 1) * per_page - 1 :][:1])
    published_at, pk = found[0]
    return address(request, before=_cursor(published_at, pk))
