"""People imports become uploads for every import; contact imports move in with them.

The people import's table is renamed, so its rows stay as they are (kind
"people"). Each contact import is copied over (kind "contacts", its customer or
supplier kind as the variant); surveys 0002 then drops the old table.
"""

import django.db.models.deletion
from django.db import migrations, models

COPIED = ("uploaded_by_id", "file_name", "content", "applied_at", "summary")


def move_contact_imports(apps, schema_editor):
    ContactImport = apps.get_model("surveys", "ContactImport")
    Upload = apps.get_model("people", "Upload")
    for old in ContactImport.objects.order_by("pk").iterator():
        upload = Upload.objects.create(
            organisation_id=old.organisation_id,
            kind="contacts",
            variant=old.kind,
            **{name: getattr(old, name) for name in COPIED},
        )
        # created_at is set on insert (auto_now_add); keep the original time.
        Upload.objects.filter(pk=upload.pk).update(created_at=old.created_at)


def move_contact_imports_back(apps, schema_editor):
    ContactImport = apps.get_model("surveys", "ContactImport")
    Upload = apps.get_model("people", "Upload")
    for upload in Upload.objects.filter(kind="contacts").order_by("pk").iterator():
        old = ContactImport.objects.create(
            organisation_id=upload.organisation_id,
            kind=upload.variant,
            **{name: getattr(upload, name) for name in COPIED},
        )
        ContactImport.objects.filter(pk=old.pk).update(created_at=upload.created_at)
    Upload.objects.exclude(kind="people").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("surveys", "0001_waves_invitations_responses"),
    ]

    operations = [
        migrations.RenameModel(old_name="PeopleImport", new_name="Upload"),
        migrations.AlterModelOptions(
            name="upload",
            options={"verbose_name": "uploaded file", "verbose_name_plural": "uploaded files"},
        ),
        migrations.AddField(
            model_name="upload",
            name="kind",
            field=models.CharField(default="people", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="upload",
            name="variant",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AlterField(
            model_name="upload",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="uploads",
                to="people.organisation",
            ),
        ),
        migrations.RunPython(move_contact_imports, move_contact_imports_back),
    ]
