"""What a reader is told about a piece of content's flags, derived once per page."""

from dataclasses import dataclass, field

from .models import Severity


@dataclass
class WarningSummary:
    discretion: list = field(default_factory=list)
    spoilers: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.discretion or self.spoilers)

    @property
    def needs_interstitial(self):
        """A severe discretion flag puts the body behind a page the reader must pass."""
        return any(flag.is_severe for flag in self.discretion)

    @property
    def severest(self):
        if not self.discretion:
            return ""
        return max((flag.effective_severity for flag in self.discretion), key=Severity.rank)

    @property
    def discretion_slugs(self):
        return " ".join(sorted({flag.category.slug for flag in self.discretion}))

    @property
    def chips(self):
        """Short labels for cards: one per discretion category, one per spoiled series."""
        chips = []
        seen = set()
        for flag in self.discretion:
            if flag.category_id not in seen:
                seen.add(flag.category_id)
                chips.append(("discretion", flag.category.label, flag.effective_severity))
        for flag in self.spoilers:
            chips.append(("spoiler", spoiler_scope_label(flag), ""))
        return chips


def spoiler_scope_label(flag):
    series = flag.spoils_series
    if series is None:
        return "Spoilers"
    episode = flag.spoils_episode
    if episode is None:
        return f"Spoilers: all of {series}"
    return f"Spoilers: {series} up to S{episode.season:02d}E{episode.number:02d}"


def summarise(flags):
    """Split flags (already fetched, with their categories) into discretion and spoilers."""
    summary = WarningSummary()
    for flag in flags:
        (summary.spoilers if flag.is_spoiler else summary.discretion).append(flag)
    return summary
