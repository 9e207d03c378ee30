"""The pulse's own contact table goes: invitations now point to the people app's contacts
(carried over by the previous migration). A separate migration, so that PostgreSQL has
no pending row checks on the tables it alters."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0005_contacts_become_people_of_accounts'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='invitation',
            name='contact',
        ),
        migrations.RenameField(
            model_name='invitation',
            old_name='carried_contact',
            new_name='contact',
        ),
        migrations.DeleteModel(
            name='Contact',
        ),
    ]
