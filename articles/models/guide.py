"""What a series' episode guide shows, kept up to date on every write (the receivers are in
articles/episode_guide.py)."""

from django.db import models, transaction
from django.db.models import Min
from django.utils import timezone

from content_warnings.models import WarningCategory

from .series import Episode

# Article.Status.PUBLISHED (article.py imports this module); as ArticleQuerySet.published(),
# tests/test_episode_guide.py holds the two to the same answer.
PUBLISHED = "published"


def episodes_of(article_id):
    """The ids of the episodes an article is about."""
    return list(Episode.objects.filter(articles=article_id).values_list("pk", flat=True))


class GuideEntryQuerySet(models.QuerySet):
    def for_series(self, series):
        """[(episode, [(kind, label), …])] in episode order, each episode marked ``has_page``
        when a public article is about it; discretion warnings first, then by label. One
        query for the episodes, one for their entries."""
        episodes = list(series.episodes.all())
        shown = self.filter(episode__series=series, first_public_at__lte=timezone.now())
        with_page, warnings = set(), {}
        for episode_id, kind, label in shown.values_list("episode_id", "category__kind", "category__label"):
            if kind is None:
                with_page.add(episode_id)
            else:
                warnings.setdefault(episode_id, []).append((kind, label))
        for episode in episodes:
            episode.has_page = episode.pk in with_page
        for labels in warnings.values():
            labels.sort(key=lambda label: (label[0] != "discretion", label[1]))
        return [(episode, warnings.get(episode.pk, [])) for episode in episodes]

    def computed(self, episode_ids):
        """The entries these episodes should have, from their articles (unsaved), in one
        grouped query: per episode and flag category, the earliest publish time, an article
        without flags giving a row without category. An episode's page entry is the earliest
        of its rows. Pictures' flags are the pictures', not the episodes'."""
        rows = (
            Episode.objects.filter(
                pk__in=episode_ids,
                articles__status=PUBLISHED,
                articles__is_held=False,
                articles__published_at__isnull=False,
            )
            .order_by()
            .values_list("pk", "articles__warnings__category_id")
            .annotate(first=Min("articles__published_at"))
        )
        pages, entries = {}, []
        for episode_id, category_id, first in rows:
            pages[episode_id] = min(first, pages.get(episode_id, first))
            if category_id is not None:
                entries.append(self.model(episode_id=episode_id, category_id=category_id, first_public_at=first))
        return entries + [self.model(episode_id=episode_id, first_public_at=first) for episode_id, first in pages.items()]

    def refresh(self, episode_ids):
        """Write these episodes' entries again. Their rows are locked first, in one order so
        that two writers cannot wait on each other for them: a writer touching the same
        episodes waits until this transaction ends, then reads what it committed."""
        if not episode_ids:
            return
        with transaction.atomic():
            locked = list(
                Episode.objects.select_for_update(no_key=True)
                .filter(pk__in=set(episode_ids))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            self.filter(episode_id__in=locked).delete()
            self.bulk_create(self.computed(locked))

    def refresh_for_article(self, article_id):
        """After an article's status, publish time, hold or flags changed."""
        self.refresh(episodes_of(article_id))

    def rebuild(self):
        """Every episode's entries, from scratch (after rows were loaded without signals)."""
        self.refresh(list(Episode.objects.values_list("pk", flat=True)))


class GuideEntry(models.Model):
    """When ``episode`` has, or will have, its first public article: the earliest publish time
    among the articles about it that are published and not held; with ``category``, among
    those with a flag of that category.

    A guide shows an entry once that time has passed, so read time decides as it does for
    ``Article.objects.published()``, and a scheduled article needs no worker. Reading a guide
    is one small query however many articles there are."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(WarningCategory, null=True, on_delete=models.CASCADE, related_name="+")
    first_public_at = models.DateTimeField()

    objects = GuideEntryQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["episode", "category"], name="one_guide_entry_per_category")]

    def __str__(self):
        return f"{self.episode_id}/{self.category_id or 'page'} from {self.first_public_at:%Y-%m-%d %H:%M}"
