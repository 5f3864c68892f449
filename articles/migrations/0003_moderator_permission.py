from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("warnings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderate = Permission.objects.get(content_type__app_label="warnings", codename="moderate_contentwarning")
    Group.objects.get(name="Moderators").permissions.add(moderate)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_role_groups"), ("warnings", "0003_alter_contentwarning_options")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
