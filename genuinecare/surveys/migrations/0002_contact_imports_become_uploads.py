"""Contact imports now live with every other upload (people 0002 copied them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_waves_invitations_responses"),
        ("people", "0002_uploads_for_every_import"),
    ]

    operations = [
        migrations.DeleteModel(name="ContactImport"),
    ]
