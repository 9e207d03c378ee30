"""SCIM bearer tokens: made by an admin, shown once, stored hashed, revocable."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.lib.tokens import hash_token, new_token
from genuinecare.people.audit import Event, record
from genuinecare.people.models import Person
from genuinecare.provisioning.models import ScimToken

PREFIX = "scim_"  # tells a SCIM token from other secrets in a password manager or a log


@dataclass(frozen=True, slots=True)
class NewToken:
    token: ScimToken
    secret: str  # shown to the admin once, never stored


def create_token(*, created_by: Person, name: str, request: HttpRequest | None = None) -> NewToken:
    """A new token for the admin's organisation; its secret is in the result only."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError(_("Name the token after the system that uses it, e.g. “Entra ID”."))
    if len(clean) > 100:
        raise ValidationError(_("Shorten the name to 100 characters or fewer."))
    secret, _hash = new_token()
    secret = PREFIX + secret
    with transaction.atomic():
        token = ScimToken.objects.create(
            organisation=created_by.organisation,
            name=clean,
            token_hash=hash_token(secret),
            created_by=created_by,
        )
        record(
            Event.SCIM_TOKEN_CREATED,
            organisation=created_by.organisation,
            actor=created_by,
            detail=f"token={token.pk}",
            request=request,
        )
    return NewToken(token=token, secret=secret)


def revoke_token(
    *, token: ScimToken, revoked_by: Person, request: HttpRequest | None = None
) -> bool:
    """End the token at once; False if it was revoked already."""
    with transaction.atomic():
        updated = ScimToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            record(
                Event.SCIM_TOKEN_REVOKED,
                organisation=token.organisation,
                actor=revoked_by,
                detail=f"token={token.pk}",
                request=request,
            )
    return bool(updated)


def token_for(request: HttpRequest) -> ScimToken | None:
    """The live token the request carries as ``Authorization: Bearer …``, or None."""
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(PREFIX):
        return None
    token = (
        ScimToken.objects.select_related("organisation")
        .filter(token_hash=hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token
