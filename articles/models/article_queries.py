"""Which articles: the public gate (``published()``), what will appear by itself
(``scheduled()``), and the lists readers browse, each with the queries its page needs."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.lookups import IsNull
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from .. import cards, fragments
from .series import Episode, Series


class ArticleQuerySet(models.QuerySet):
    def _going_public(self):
        """Published and not held: public now, or by itself at its publish time."""
        return self.filter(status=self.model.Status.PUBLISHED, is_held=False)

    def showing(self, image):
        """Articles that show ``image``, as their hero or in their body."""
        return self.filter(Q(hero_image=image) | Q(body__contains=f"(image:{image.pk})"))

    def published(self):
        """The one definition of "visible to the public".

        Scheduling needs no worker: an article with a future publish time is simply not
        matched until that time comes. The episode guide's entries (models/guide.py) follow
        the same rule.
        """
        return self._going_public().filter(published_at__lte=timezone.now())

    def scheduled(self):
        """Published articles whose time has not come yet: what will appear by itself."""
        return self._going_public().filter(published_at__gt=timezone.now())

    def _clone(self):
        clone = super()._clone()
        clone._attached = getattr(self, "_attached", ())
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and getattr(self, "_attached", ()) and self._fields is None:
            # Articles whose stored renderings may be shown need none of it (fragments.py).
            live = [article for article in self._result_cache if fragments.stored(article) is None]
            cards.attach(live, self._attached)

    def attaching(self, *relations):
        """Fetch these relations ("flags", "tags", "episodes") with the articles, one plain query
        each (see cards.py): cheaper than prefetch_related for the pages readers load most."""
        clone = self._chain()
        clone._attached = tuple(dict.fromkeys((*getattr(self, "_attached", ()), *relations)))
        return clone

    def for_page(self):
        """The article page's first query: the row with its picture, without the source and the
        search columns (the page shows the stored HTML). The rest is in the stored renderings;
        for a preview, or an article without them, views.article_context reads it."""
        return self.select_related("hero_image").defer("body", "search_text", "search_vector")

    def for_lists(self):
        """What cards show and nothing more: the stored cards, and for an article without one
        the columns a card is rendered from; no authors (cards name none)."""
        return (
            self.select_related("hero_image")
            .only(*cards.CARD_FIELDS, "fragments")
            .attaching("flags", "tags", "episodes")
        )

    def for_episode(self, episode):
        return self.filter(episodes=episode)

    def _covering(self, **episode_filter):
        # EXISTS instead of a join with DISTINCT, which would compare whole article rows.
        links = self.model.episodes.through.objects.filter(article_id=OuterRef("pk"), **episode_filter)
        return self.filter(Exists(links))

    def related_to(self, article, episode_ids, limit=4):
        """Other articles about these episodes (``article``'s), newest first, with their stored
        line or what it is rendered from (call on a published() queryset)."""
        if not episode_ids:
            return self.none()
        return (
            self._covering(episode_id__in=episode_ids)
            .exclude(pk=article.pk)
            .only(*cards.RELATED_FIELDS, "fragments")
            .latest()[:limit]
        )

    def tagged(self, tag):
        """Articles with ``tag``, as EXISTS: newest first, PostgreSQL walks the newest-first
        index and probes each article's tag links, stopping after a page (a join would build
        every link of a popular tag first)."""
        links = TaggedItem.objects.filter(
            object_id=OuterRef("pk"), tag=tag, content_type=ContentType.objects.get_for_model(self.model)
        )
        return self.filter(Exists(links))

    def for_series(self, series):
        return self._covering(episode__series=series)

    def latest(self):
        return self.order_by("-published_at", "-pk")

    # A tag, series or episode has public pages only while one of these articles uses it
    # (call on published()): a draft must not announce its subject.
    def tags_used(self):
        return Tag.objects.filter(self.one_matches(tags=OuterRef("pk")))

    def series_covered(self):
        return Series.objects.filter(self.one_matches(episodes__series=OuterRef("pk")))

    def episodes_covered(self):
        return Episode.objects.filter(self.one_matches(episodes=OuterRef("pk")))

    def one_matches(self, **lookup):
        """Whether one of these articles matches, as ``(SELECT … LIMIT 1) IS NOT NULL``: PostgreSQL
        runs it for each tag, series or episode as an index probe that stops at the first
        article found. (It may plan an EXISTS as a join over every published article instead:
        30–220 ms at 100,000 articles, against under a millisecond.)"""
        return IsNull(Subquery(self.filter(**lookup).order_by().values("pk")[:1]), False)
