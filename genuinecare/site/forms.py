from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.utils import translation

from genuinecare.outbox.actions import enqueue
from genuinecare.people.enums import Language


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False)


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset e-mail through the outbox, in the user's own language.

    The request never waits for (or fails on) the mail server, and the message,
    which carries a one-time link, is blanked once sent.
    """

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with translation.override(getattr(context.get("user"), "language", None)):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        enqueue(
            to=to_email, subject=subject, body=body, kind="password_reset", scrub_after_send=True
        )
