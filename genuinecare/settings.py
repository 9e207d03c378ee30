"""Genuine Care settings: one module, every knob an environment variable.

Run with nothing set and you get a development instance on SQLite in
``CARE_DATA_DIR``. Set ``CARE_PRODUCTION=true`` and the settings insist on a
secret key, allowed hosts and secure cookies. The README's "Configuration"
section lists every variable.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from genuinecare.lib.database import database_settings
from genuinecare.lib.env import envbool, envint, envlist, envstr
from genuinecare.lib.i18n import DEFAULT_LANGUAGE, ENGLISH, GERMAN
from genuinecare.lib.secrets import read_or_create_secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
_xdg_data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
DATA_DIR = Path(envstr("CARE_DATA_DIR") or _xdg_data / "genuinecare")

PRODUCTION = envbool("CARE_PRODUCTION", default=False)
DEBUG = envbool("DEBUG", default=False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "CARE_PRODUCTION is on but no secret key is set. "
            "Set SECRET_KEY (50+ random characters) or SECRET_KEY_FILE (a file holding it)."
        )
    SECRET_KEY = read_or_create_secret_key(DATA_DIR / "secret_key")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "CARE_PRODUCTION is on but ALLOWED_HOSTS is empty. "
        "Set ALLOWED_HOSTS to the host names people use, e.g. care.example.org."
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", default=[])
# Every link in every e-mail starts with it; `care check --deploy` insists on https in production.
SITE_URL = envstr("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The house's shell comes first, so its base layout and sign-in pages win over Django's own.
    "genuinecare.site",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "genuinecare.lib",
    "genuinecare.people",
    "genuinecare.outbox",
    "genuinecare.releases",
    "genuinecare.catalog",
    "genuinecare.identity",
    "genuinecare.provisioning",
    "genuinecare.practice",
    "genuinecare.surveys",
    "genuinecare.mirror",
    "genuinecare.journey",
    # Sign-in (genuinecare/identity): after the house's apps, so their pages win over its own.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "genuinecare.site.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    # The organisation's sign-in rules: its single sign-on, then its second factor.
    "genuinecare.identity.enforce.OrganisationSignInRules",
]

ROOT_URLCONF = "genuinecare.site.urls"
WSGI_APPLICATION = "genuinecare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "genuinecare.site.context.current_membership",
            ],
        },
    },
]

DATABASES = {
    "default": database_settings(
        envstr("DATABASE_URL"), default_sqlite_path=DATA_DIR / "genuinecare.sqlite3"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# How long an activation e-mail's link sets a password (genuinecare/identity).
ACTIVATION_DAYS = envint("CARE_ACTIVATION_DAYS", default=7, minimum=1)
# How long the audit log keeps an entry (docs/audit.md); `care worker` deletes older ones.
AUDIT_RETENTION_DAYS = envint("CARE_AUDIT_RETENTION_DAYS", default=400, minimum=1)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Sign-in pages (django-allauth, docs/identity.md): by e-mail address and password, no
# self sign-up (an admin invites), a password reset that says nothing about which addresses
# exist and mails nobody who cannot sign in.
ACCOUNT_ADAPTER = "genuinecare.identity.adapters.CareAccountAdapter"
SOCIALACCOUNT_ADAPTER = "genuinecare.identity.adapters.CareSocialAccountAdapter"
# Single sign-on per organisation (docs/identity.md): each organisation's provider is built
# from its settings by the adapter; nothing is stored as an allauth app, no token is kept, and
# an address is never matched across organisations by allauth itself.
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5
ACCOUNT_FORMS = {"login": "genuinecare.identity.forms.CareLoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# django-axes below throttles every password guess per account and address; allauth's own
# limits (Django's cache) cap the rest: reset e-mails, re-entering the password, and wrong
# second-factor codes ("login_failed": per address, and per account across addresses).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/m/ip,10/15m/key",
    "reset_password": "20/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
}

# Two-factor sign-in (allauth.mfa): an authenticator app (with recovery codes) or a passkey.
# An organisation's admin can require it (identity.SignInPolicy).
MFA_ADAPTER = "genuinecare.identity.adapters.CareMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Genuine Care"
# An address is proven by the activation e-mail that reached it; allauth keeps no record of it.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_TOLERANCE = 1  # the code before and after the current one, for a clock a little off
MFA_PASSKEY_LOGIN_ENABLED = False  # a passkey is a second factor, after the password
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION  # http://127.0.0.1 while developing

# Login throttling: after this many failures for one account from one address,
# that pair is locked out for the cool-off period.
AXES_FAILURE_LIMIT = envint("CARE_LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = envint("CARE_LOGIN_COOLOFF_MINUTES", default=15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "genuinecare.people.signin.throttled_username"

LANGUAGE_CODE = DEFAULT_LANGUAGE
LANGUAGES = [(ENGLISH, _("English")), (GERMAN, _("German"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["genuinecare.formats"]
LANGUAGE_COOKIE_NAME = "care_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = envstr("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

_email_host = envstr("EMAIL_HOST")
if _email_host:
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _email_host,
            "port": envint("EMAIL_PORT", default=587, minimum=1),
            "username": envstr("EMAIL_HOST_USER"),
            "password": envstr("EMAIL_HOST_PASSWORD"),
            "use_tls": envbool("EMAIL_USE_TLS", default=True),
            "timeout": envint("EMAIL_TIMEOUT", default=30, minimum=1),
        },
    }
elif PRODUCTION:
    raise ImproperlyConfigured(
        "CARE_PRODUCTION is on but no mail server is set, so invitations could not be sent. "
        "Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD as needed)."
    )
else:
    # Without a mail server, messages are printed where the app runs.
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Genuine Care <care@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Strict Content-Security-Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", default=31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", default=False)
    # Joining the browsers' HSTS preload list is a lasting decision for the
    # domain's owner: off by default, so the deployment check does not nag.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
    if envbool("CARE_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Single-use links (survey, follow-up, password reset) are redacted from every log line.
# Django's loggers lose their own handlers (with DEBUG one would print unredacted) and
# write through the root's.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_links": {"()": "genuinecare.lib.logs.RedactLinks"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_links"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django": {"handlers": [], "level": "INFO"},
    },
}
