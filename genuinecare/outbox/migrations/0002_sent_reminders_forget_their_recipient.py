"""Messages that must not say whom they reached can forget their recipient once sent."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="forget_recipient",
            field=models.BooleanField(
                default=False,
                help_text="Once sent or failed, keep no address, subject, text or error.",
            ),
        ),
        migrations.AlterField(
            model_name="message",
            name="to_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="recipient"),
        ),
    ]
