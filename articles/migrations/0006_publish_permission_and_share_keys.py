"""Editors may publish by default (a deployment can take the permission away from the group
and give it to some editors only); every existing article gets its own share key."""

import secrets

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    publish = Permission.objects.get(content_type__app_label="articles", codename="publish_article")
    Group.objects.get(name="Editors").permissions.add(publish)

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("pk"):
        Article.objects.filter(pk=article.pk).update(share_key=secrets.token_urlsafe(16))


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_editorial_workflow")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
