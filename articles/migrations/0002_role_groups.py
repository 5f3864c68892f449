"""The Editors and Moderators groups, with the permissions each role needs.

Neither group gets any permission on users or groups: user management stays with
superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editors": [
        ("articles", "article", ["add", "change", "delete", "view"]),
        ("articles", "series", ["add", "change", "delete", "view"]),
        ("articles", "episode", ["add", "change", "delete", "view"]),
        ("articles", "image", ["add", "change", "delete", "view"]),
        ("taggit", "tag", ["add", "change", "delete", "view"]),
        ("taggit", "taggeditem", ["add", "change", "delete", "view"]),
        ("warnings", "contentwarning", ["add", "change", "delete", "view"]),
        ("warnings", "warningcategory", ["view"]),
        ("warnings", "warningkeyword", ["add", "change", "delete", "view"]),
    ],
    "Moderators": [
        ("articles", "article", ["view"]),
        ("articles", "series", ["view"]),
        ("articles", "episode", ["view"]),
        ("articles", "image", ["view"]),
        ("warnings", "contentwarning", ["add", "change", "delete", "view"]),
        ("warnings", "warningcategory", ["add", "change", "view"]),
        ("warnings", "warningkeyword", ["add", "change", "delete", "view"]),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("warnings", "0002_seed_categories"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
