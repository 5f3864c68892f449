"""What a reader is told about a piece of content's flags, derived once per page."""

from dataclasses import dataclass, field

from .models import Severity
from .scopes import flag_scope_text


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
    def spoiler_scopes(self):
        """What each spoiler flag covers, in the words every surface uses (see scopes)."""
        return [flag_scope_text(flag) for flag in self.spoilers]

    @property
    def chips(self):
        """Short labels for cards: one per discretion category, one per spoiled series."""
        chips = []
        seen = set()
        for flag in self.discretion:
            if flag.category_id not in seen:
                seen.add(flag.category_id)
                chips.append(("discretion", flag.category.label, flag.effective_severity))
        for scope in self.spoiler_scopes:
            chips.append(("spoiler", f"Spoilers for {scope}", ""))
        return chips


def summarise(flags):
    """Split flags (already fetched, with their categories) into discretion and spoilers."""
    summary = WarningSummary()
    for flag in flags:
        (summary.spoilers if flag.is_spoiler else summary.discretion).append(flag)
    return summary
