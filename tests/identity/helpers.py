"""What the activation tests share: the link in an activation e-mail, signing in."""

import re

from django.test import Client

from genuinecare.outbox.models import Message

LINK = re.compile(r"https?://\S+/activate/(?P<token>[^/\s]+)/")


def activation_mails(email: str) -> list[Message]:
    return list(Message.objects.filter(kind="identity.activation", to_email=email).order_by("pk"))


def link_in(message: Message) -> str:
    """The activation link of a queued (not yet sent, so not yet blanked) message."""
    found = LINK.search(message.body)
    assert found is not None, message.body
    return found[0]


def path_of(link: str) -> str:
    return link[link.index("/activate/") :]


def signs_in(email: str, password: str) -> bool:
    """The sign-in page takes the address and password (throttling and all)."""
    response = Client().post("/accounts/login/", {"login": email, "password": password})
    return response.status_code == 302 and response.headers["Location"] == "/"
