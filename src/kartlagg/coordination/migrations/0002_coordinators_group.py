"""The Django group whose members coordinate: confirm matches, see everything, keep the decision log."""

from django.db import migrations


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="coordinators")


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
