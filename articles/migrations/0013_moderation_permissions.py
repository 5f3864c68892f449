"""Readers' reports and the moderation log: editors may read both, moderators decide on
reports. Nobody is granted changing or deleting log entries (the admin refuses it anyway)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": ["view_report", "view_auditentry"],
    "Moderators": ["view_report", "change_report", "view_auditentry"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("warnings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="warnings", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_public_list_indexes"), ("warnings", "0005_reports_audit_notifications")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
