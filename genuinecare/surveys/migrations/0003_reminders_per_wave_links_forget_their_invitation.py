"""Reminders are counted per wave, links know their wave, sent reminders forget whom.

An invitation no longer counts its reminders (a used one would say after which
reminder its person answered): the wave keeps the count, taken over from its
invitations. Links get their wave, so that in an anonymous wave the links of a
used invitation can let go of it; links already used there are stored again
without their invitation, in random order (their ids followed the invitations).
Reminders already queued get a key that names no invitation, and those sent or
failed forget their address, subject, text and error.
"""

import secrets

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def count_reminders_per_wave(apps, schema_editor):  # type: ignore[no-untyped-def]
    Wave = apps.get_model("surveys", "Wave")
    Invitation = apps.get_model("surveys", "Invitation")
    InvitationLink = apps.get_model("surveys", "InvitationLink")
    sent = (
        Invitation.objects.filter(wave=OuterRef("pk"))
        .values("wave")
        .annotate(most=Max("reminders_sent"))
        .values("most")
    )
    for wave_id, most in Wave.objects.annotate(most=Subquery(sent)).values_list("pk", "most"):
        if most:
            Wave.objects.filter(pk=wave_id).update(reminders_sent=most)
    InvitationLink.objects.update(
        wave_id=Subquery(
            Invitation.objects.filter(pk=OuterRef("invitation_id")).values("wave_id")[:1]
        )
    )
    used = InvitationLink.objects.filter(
        invitation__wave__mode="anonymous", invitation__used_on__isnull=False
    )
    kept = list(used.values_list("wave_id", "token_hash"))
    used.delete()
    secrets.SystemRandom().shuffle(kept)
    InvitationLink.objects.bulk_create(
        InvitationLink(wave_id=wave_id, invitation=None, token_hash=token_hash)
        for wave_id, token_hash in kept
    )
    Message = apps.get_model("outbox", "Message")
    reminders = Message.objects.filter(kind="survey-reminder")
    reminders.update(forget_recipient=True)
    for pk, key in reminders.filter(dedupe_key__startswith="pulse:").values_list("pk", "dedupe_key"):
        wave = key.split(":")[1]
        Message.objects.filter(pk=pk).update(
            dedupe_key=f"pulse:{wave}:reminder:{secrets.token_hex(16)}"
        )
    reminders.filter(status__in=["sent", "failed"]).update(
        to_email="", subject="", body="", last_error=""
    )
    if schema_editor.connection.vendor == "postgresql":
        # The NOT NULL below alters a table with pending foreign-key checks.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def count_reminders_per_invitation(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Back: unused invitations got every reminder; links without invitation go."""
    Wave = apps.get_model("surveys", "Wave")
    Invitation = apps.get_model("surveys", "Invitation")
    InvitationLink = apps.get_model("surveys", "InvitationLink")
    for wave_id, sent in Wave.objects.filter(reminders_sent__gt=0).values_list("pk", "reminders_sent"):
        Invitation.objects.filter(wave_id=wave_id, used_on__isnull=True).update(reminders_sent=sent)
    InvitationLink.objects.filter(invitation__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_contact_imports_become_uploads"),
        ("outbox", "0002_sent_reminders_forget_their_recipient"),
    ]

    operations = [
        migrations.AddField(
            model_name="wave",
            name="reminders_sent",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="invitationlink",
            name="wave",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="surveys.wave",
            ),
        ),
        migrations.AlterField(
            model_name="invitationlink",
            name="invitation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="links",
                to="surveys.invitation",
            ),
        ),
        migrations.RunPython(count_reminders_per_wave, count_reminders_per_invitation),
        migrations.AlterField(
            model_name="invitationlink",
            name="wave",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="surveys.wave",
            ),
        ),
        migrations.RemoveField(
            model_name="invitation",
            name="reminders_sent",
        ),
    ]
