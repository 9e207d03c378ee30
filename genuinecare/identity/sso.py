"""Single sign-on per organisation: its configuration, the connection test and who must use it.

Every write goes through ``configure`` and ``remove``; each raises a translated
``ValidationError`` that says what to fix and writes nothing then.
"""

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from genuinecare.identity.enums import SsoRequirement
from genuinecare.identity.models import SingleSignOn
from genuinecare.lib.sealed import seal, unseal
from genuinecare.people import audit
from genuinecare.people.enums import Role
from genuinecare.people.models import Organisation, Person

SECRET_PURPOSE = "identity.sso.client-secret"  # noqa: S105
DISCOVERY = "/.well-known/openid-configuration"
# How long the connection test and sign-in wait for the provider, in seconds.
TIMEOUT = 5
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def clean_issuer(raw: str) -> str:
    """The issuer URL as stored (no trailing slash), or what to fix about it."""
    issuer = raw.strip().rstrip("/")
    if issuer.endswith(DISCOVERY):
        issuer = issuer.removesuffix(DISCOVERY)
    parts = urlsplit(issuer)
    allowed = ("https",) if settings.PRODUCTION else ("https", "http")
    if parts.scheme not in allowed or not parts.hostname or parts.query or parts.fragment:
        raise ValidationError(
            _(
                "Enter the issuer as an https address without ?query, for example "
                "https://login.example.org/realms/staff."
            )
        )
    return issuer


def clean_domains(raw: str) -> list[str]:
    """Domains from a list separated by commas, blanks or lines; what to fix when one is not."""
    domains: list[str] = []
    for word in re.split(r"[\s,;]+", raw.strip().lower()):
        domain = word.removeprefix("@")
        if not domain:
            continue
        if not _DOMAIN.match(domain):
            raise ValidationError(
                _("“%(domain)s” is not an e-mail domain. Write it like example.org.")
                % {"domain": word}
            )
        if domain not in domains:
            domains.append(domain)
    return domains


@transaction.atomic
def configure(
    *,
    organisation: Organisation,
    by: Person,
    issuer: str,
    client_id: str,
    secret: str,
    domains: str,
    create_people: bool,
    requirement: str,
) -> SingleSignOn:
    """Save the organisation's provider; an empty ``secret`` keeps the one stored."""
    if by.organisation_id != organisation.pk or by.role != Role.ADMIN:
        raise ValidationError(_("Only an admin of this organisation can set up single sign-on."))
    current = SingleSignOn.objects.select_for_update().filter(organisation=organisation).first()
    config = current or SingleSignOn(organisation=organisation)
    issuer = clean_issuer(issuer)
    if current is not None and current.issuer != issuer:
        _unlink(config)  # another provider: its subjects are other people's
    config.issuer = issuer
    config.client_id = client_id.strip()
    if not config.client_id:
        raise ValidationError(_("Enter the client ID your provider gave Genuine Care."))
    if len(config.client_id) > 255:
        raise ValidationError(_("Shorten the client ID to 255 characters or fewer."))
    if secret.strip():
        config.secret = seal(secret.strip(), purpose=SECRET_PURPOSE)
    elif not config.secret:
        raise ValidationError(_("Enter the client secret your provider gave Genuine Care."))
    config.domains = clean_domains(domains)
    if create_people and not config.domains:
        raise ValidationError(
            _("Name your organisation's e-mail domains to create people on their first sign-in.")
        )
    config.create_people = create_people
    if requirement not in SsoRequirement.values:
        raise ValidationError(_("Choose who must use single sign-on."))
    config.requirement = requirement
    config.updated_by = by
    config.save()
    audit.record(
        audit.Event.SSO_CONFIGURED,
        organisation=organisation,
        actor=by,
        detail=f"{config.issuer} · {config.requirement}",
    )
    return config


@transaction.atomic
def remove(*, organisation: Organisation, by: Person) -> bool:
    """End single sign-on: everyone signs in with a password again. False when there was none."""
    if by.organisation_id != organisation.pk or by.role != Role.ADMIN:
        raise ValidationError(_("Only an admin of this organisation can end single sign-on."))
    config = SingleSignOn.objects.filter(organisation=organisation).first()
    if config is None:
        return False
    _unlink(config)
    config.delete()
    audit.record(audit.Event.SSO_REMOVED, organisation=organisation, actor=by)
    return True


def _unlink(config: SingleSignOn) -> None:
    """Forget which provider account signed in as whom: a new provider links afresh."""
    SocialAccount.objects.filter(provider=config.provider_id).delete()


def callback_url(slug: str) -> str:
    """Where the provider sends people back: the redirect URI to register there."""
    return settings.SITE_URL + reverse("sso-callback", kwargs={"org": slug})


def client_secret(config: SingleSignOn) -> str | None:
    """The stored secret in clear, for the provider only; None when this site cannot open it."""
    return unseal(config.secret, purpose=SECRET_PURPOSE) if config.secret else None


def config_for(slug: str) -> SingleSignOn | None:
    """The organisation's single sign-on, by its short name, or None."""
    return (
        SingleSignOn.objects.select_related("organisation").filter(organisation__slug=slug).first()
    )


def find(text: str) -> list[SingleSignOn]:
    """The organisations with single sign-on that a short name or an e-mail address's domain
    names (several only when more than one claims the domain)."""
    text = text.strip().lower()
    if "@" not in text:
        config = config_for(text) if text else None
        return [config] if config is not None else []
    domain = text.rsplit("@", 1)[1]
    return [
        config
        for config in SingleSignOn.objects.select_related("organisation")
        if domain in config.domains
    ]


def must_use_sso(config: SingleSignOn | None, role: str) -> bool:
    """Whether a person of this role may open the organisation's pages only after SSO."""
    if config is None:
        return False
    if config.requirement == SsoRequirement.EVERYONE:
        return True
    return config.requirement == SsoRequirement.LEADERS and role in (Role.LEADER, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The connection test's answer: whether sign-in can work, and in words what was found."""

    works: bool
    message: str


def _get_json(url: str) -> Any:
    response = requests.get(
        url, timeout=TIMEOUT, allow_redirects=False, headers={"Accept": "application/json"}
    )
    if response.status_code != 200:
        raise _Refused(
            _("%(url)s answered with HTTP status %(status)s instead of the document.")
            % {"url": url, "status": response.status_code}
        )
    try:
        return response.json()
    except ValueError:
        raise _Refused(_("%(url)s did not answer with JSON.") % {"url": url}) from None


class _Refused(Exception):
    pass


def check_connection(issuer: str) -> Verdict:
    """Fetch the provider's discovery document and keys; say what works or what to fix."""
    try:
        issuer = clean_issuer(issuer)
        document = _get_json(issuer + DISCOVERY)
        if not isinstance(document, dict):
            raise _Refused(_("The discovery document is not an OpenID Connect configuration."))
        if document.get("issuer") != issuer:
            raise _Refused(
                _(
                    "The provider calls itself “%(found)s”, not “%(issuer)s”. "
                    "Copy the issuer exactly as the provider shows it."
                )
                % {"found": str(document.get("issuer", ""))[:200], "issuer": issuer}
            )
        wanted = ("authorization_endpoint", "token_endpoint", "jwks_uri")
        missing = [name for name in wanted if not isinstance(document.get(name), str)]
        if missing:
            raise _Refused(
                _("The discovery document lacks %(names)s.") % {"names": ", ".join(missing)}
            )
        keys = _get_json(document["jwks_uri"])
        count = len(keys.get("keys", [])) if isinstance(keys, dict) else 0
        if not count:
            raise _Refused(_("The provider publishes no signing keys."))
    except ValidationError as error:
        return Verdict(False, " ".join(error.messages))
    except _Refused as refused:
        return Verdict(False, str(refused))
    except requests.Timeout:
        return Verdict(
            False,
            _("The provider did not answer within %(seconds)s seconds.") % {"seconds": TIMEOUT},
        )
    except requests.RequestException:
        return Verdict(
            False,
            _("The provider cannot be reached at %(issuer)s. Check the address.")
            % {"issuer": issuer},
        )
    return Verdict(
        True,
        ngettext(
            "The connection works: “%(issuer)s” publishes its sign-in and token endpoints "
            "and %(count)d signing key.",
            "The connection works: “%(issuer)s” publishes its sign-in and token endpoints "
            "and %(count)d signing keys.",
            count,
        )
        % {"issuer": issuer, "count": count},
    )
