from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Publication"

    def ready(self):
        from . import episode_guide, fragment_triggers, freshness, references

        freshness.connect()
        references.connect()
        fragment_triggers.connect()
        episode_guide.connect()
