from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """One e-mail, recorded before it is sent and sent at most once.

    ``forget_recipient`` is for mail whose mere sending says something about its
    recipient (a survey reminder goes to those who have not answered): once sent,
    or given up on, the row keeps no address, subject, text or error, only that a
    message of its kind was sent or failed.
    """

    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    kind = models.CharField(_("kind"), max_length=40)
    to_email = models.EmailField(_("recipient"), blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    scrub_after_send = models.BooleanField(
        default=False, help_text="Blank the text once sent (it carries a single-use link)."
    )
    forget_recipient = models.BooleanField(
        default=False,
        help_text="Once sent or failed, keep no address, subject, text or error.",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=80, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email}"
