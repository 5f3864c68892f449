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
        matched until that time comes.
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

    def episode_guide(self, series):
        """The series' episodes as a guide: [(episode, [(kind, label), …])], each episode marked
        ``has_page`` when one of these articles is about it. Category labels only: no spoiler
        text. Warnings come from the flags of these articles about each episode.

        Two ways to the same answer. While the series has few links between articles and
        episodes (at most GUIDE_JOIN_LIMIT, found by reading at most that many), one join over
        them gives both which episodes have a page and their flags (DISTINCT). Beyond it, each
        episode's page is a LIMIT 1 probe, and its warnings a row per category and a column
        per episode, each cell a LIMIT 1 probe ("one of these articles about this episode has
        a flag of this category"): bounded by episodes and categories, not by articles (a
        DISTINCT over every flagged article of a series took 220 ms at 100,000 articles), but
        a dozen subqueries to build and a hundred to run."""
        links = self.model.episodes.through.objects.filter(episode__series=series).order_by()
        # Sized by the links of every article, drafts included: an index range, no join.
        if list(links.values_list("pk", flat=True)[self.GUIDE_JOIN_LIMIT : self.GUIDE_JOIN_LIMIT + 1]):
            episodes = list(series.episodes.annotate(has_page=self.one_matches(episodes=OuterRef("pk"))))
            warnings = self._warnings_by_probes([episode.pk for episode in episodes if episode.has_page])
        else:
            episodes = list(series.episodes.all())
            with_page, warnings = self._guide_by_join(links.filter(article__in=self.values("pk")))
            for episode in episodes:
                episode.has_page = episode.pk in with_page
        for labels in warnings.values():
            labels.sort(key=lambda label: (label[0] != "discretion", label[1]))
        return [(episode, warnings.get(episode.pk, [])) for episode in episodes]

    # Up to this many links between articles and a series' episodes, the guide comes from one
    # join over all of them; beyond it, from bounded probes.
    GUIDE_JOIN_LIMIT = 2000

    @staticmethod
    def _guide_by_join(links):
        """({episode ids with an article}, {episode id: [(kind, label), …]}) in one query: the
        links with their articles' flags, an article without flags giving one row of None."""
        rows = links.values_list(
            "episode_id", "article__warnings__category__kind", "article__warnings__category__label"
        ).distinct()
        with_page, warnings = set(), {}
        for episode_id, kind, label in rows:
            with_page.add(episode_id)
            if kind is not None:
                warnings.setdefault(episode_id, []).append((kind, label))
        return with_page, warnings

    def _warnings_by_probes(self, episode_ids):
        if not episode_ids:
            return {}
        from content_warnings.models import WarningCategory

        probes = {
            f"episode_{pk}": self.one_matches(episodes=pk, warnings__category=OuterRef("pk")) for pk in episode_ids
        }
        found = {}
        for row in WarningCategory.objects.annotate(**probes).values("kind", "label", *probes):
            for name in probes:
                if row[name]:
                    found.setdefault(int(name.removeprefix("episode_")), []).append((row["kind"], row["label"]))
        return found

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
