from django.contrib.admin.apps import AdminConfig
from django_tasks_db.apps import TasksAppConfig
from taggit.apps import TaggitAppConfig


class OurPlanetAdminConfig(AdminConfig):
    """The admin, with the publication's own site (titles, author autocomplete)."""

    default_site = "ourplanet.admin.OurPlanetAdminSite"

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401 - registers the project's system checks


class TagsConfig(TaggitAppConfig):
    """django-taggit, under a name an editor recognises in the admin."""

    verbose_name = "Tags"


class TaskResultsConfig(TasksAppConfig):
    """django-tasks' database backend: its task results, read-only for staff in the admin."""

    verbose_name = "Background tasks"
