from django.contrib.admin.apps import AdminConfig


class OurPlanetAdminConfig(AdminConfig):
    """The admin, with the publication's own site (titles, author autocomplete)."""

    default_site = "ourplanet.admin.OurPlanetAdminSite"
