"""O*NET roles are identified by their O*NET-SOC code itself (``15-1252.00``), as people who
know the classification write it; earlier imports stored ``ONET-15-1252.00``."""

import re

from django.db import migrations

_SOC = re.compile(r"^ONET-(\d{2}-\d{4}\.\d{2})$")


def forwards(apps, schema_editor):
    Role = apps.get_model("skills", "Role")
    taken = set(Role.objects.values_list("code", flat=True))
    for role in Role.objects.filter(code__startswith="ONET-"):
        match = _SOC.match(role.code)
        if match and match.group(1) not in taken:
            role.code = match.group(1)
            role.save(update_fields=["code"])
            taken.add(role.code)


def backwards(apps, schema_editor):
    Role = apps.get_model("skills", "Role")
    for role in Role.objects.filter(code__regex=r"^\d{2}-\d{4}\.\d{2}$"):
        role.code = f"ONET-{role.code}"
        role.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("skills", "0003_role_ratings_and_hidden_moves")]

    operations = [migrations.RunPython(forwards, backwards)]
