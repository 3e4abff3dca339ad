"""Every install starts with the catalogue of titles and forms of commendation."""

from django.db import migrations


def seed(apps, schema_editor):
    from thidua.awards.catalogue import ensure_catalogue

    ensure_catalogue(apps.get_model("awards", "Title"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
