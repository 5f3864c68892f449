"""A starting catalogue of categories and suggestion keywords; editors change it in the admin."""

from django.db import migrations

CATEGORIES = [
    # kind, slug, name, label, explanation, default severity, keywords
    ("discretion", "animal-death", "Animal death", "Animal death",
     "Animals are shown dying or dead.", "severe",
     ["carcass", "corpse", "dead", "dies", "died", "killed", "kill", "death", "lifeless"]),
    ("discretion", "animal-distress", "Animal injury or distress", "Animal injury or distress",
     "Animals are shown hurt, starving, trapped or in panic.", "moderate",
     ["injured", "wounded", "starving", "crushed", "trapped", "falling", "fall", "plunge", "struggle"]),
    ("discretion", "predation", "Predation", "Predators hunting",
     "A hunt and a kill are shown.", "mild",
     ["hunt", "prey", "predator", "ambush", "devoured"]),
    ("discretion", "graphic-violence", "Graphic violence", "Graphic violence",
     "People or animals are harmed on screen in detail.", "severe",
     ["violence", "brutal", "beaten", "slaughter"]),
    ("discretion", "blood-gore", "Blood and gore", "Blood and gore",
     "Blood or open wounds are shown.", "severe",
     ["blood", "bloody", "gore", "entrails"]),
    ("discretion", "human-death", "Death of a person", "Death of a person",
     "A person dies or a body is shown.", "severe",
     ["funeral", "murdered", "drowned"]),
    ("discretion", "flashing-lights", "Flashing lights", "Flashing lights",
     "Rapid flashes that may affect people with photosensitive epilepsy.", "moderate",
     ["strobe", "flashing", "lightning"]),
    ("spoiler", "spoilers", "Spoilers", "Spoilers",
     "Events of an episode are described.", "moderate", []),
]


def seed(apps, schema_editor):
    WarningCategory = apps.get_model("warnings", "WarningCategory")
    WarningKeyword = apps.get_model("warnings", "WarningKeyword")
    for order, (kind, slug, name, label, explanation, severity, keywords) in enumerate(CATEGORIES):
        category, _ = WarningCategory.objects.get_or_create(
            slug=slug,
            defaults=dict(kind=kind, name=name, label=label, explanation=explanation,
                          default_severity=severity, order=order * 10),
        )
        for phrase in keywords:
            WarningKeyword.objects.get_or_create(category=category, phrase=phrase)


class Migration(migrations.Migration):
    dependencies = [("warnings", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
