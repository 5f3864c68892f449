from django.contrib.admin.apps import AdminConfig
from taggit.apps import TaggitAppConfig


class OurPlanetAdminConfig(AdminConfig):
    """The admin, with the publication's own site (titles, author autocomplete)."""

    default_site = "ourplanet.admin.OurPlanetAdminSite"


class TagsConfig(TaggitAppConfig):
    """django-taggit, under a name an editor recognises in the admin."""

    verbose_name = "Tags"
