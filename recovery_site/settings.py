"""Waypoint settings: one file, configured by environment variables.

Every variable is listed in the README's configuration table. Bad values stop
the start with ImproperlyConfigured instead of falling back silently.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Settings import no app code (apps are not loaded yet): these core modules hold no models.
from core import crisis_lines, harm_reduction
from core.stages import Stage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WAYPOINT_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    # An empty variable is an unset one (`DATABASE_URL= make ...` means "the default").
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def _check_secret_key(key: str) -> str:
    # Mirrors the rule of Django's security.W009 so a weak key stops the start.
    weak = len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")
    if weak:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters "
            "when DEBUG is off (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    return key


DEBUG = env_bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-waypoint-development-only"
else:
    SECRET_KEY = _check_secret_key(env_str("SECRET_KEY"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    # Sign-in hardening: throttling and lock-out (axes), second factors (django-otp).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Lowest layer first; see the README's architecture section.
    "core",
    "accounts",
    "messaging",
    "plans",
    "stepping_up",
    "contacts",
    "checkins",
    "measures",
    "reminders",
    "alumni",
    "alerts",
    "texting",
    "fhir_export",
    "home",
    "outcomes",
]

MIDDLEWARE = [
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "accounts.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "accounts.middleware.MemberSessionMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    # After sign-in and messages: a form's second submission shows the first's result.
    "core.submissions.OncePerRenderMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it answers a locked-out sign-in before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "recovery_site.urls"
WSGI_APPLICATION = "recovery_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.program",
                "home.context_processors.help_now",
                "alerts.context_processors.alert_count",
            ],
            # On every page without a {% load %}: each form's one-time key and its errors.
            "builtins": ["core.templatetags.submissions", "core.templatetags.errors"],
        },
    },
]

# --- Data -------------------------------------------------------------------

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'waypoint.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections buy nothing on SQLite and keep files locked; IMMEDIATE
    # transactions take the write lock up front, so concurrent saves wait, not fail.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # Bounded waits, as with Redis: a database that does not answer costs a request
    # seconds, never gunicorn's kill (whose page is the bare one, recovery_site/gunicorn.conf.py).
    _options.setdefault("connect_timeout", 5)
    # Set for web workers by the gunicorn config (below its 30 s kill), so a slow query
    # ends in Django's own error page; unset elsewhere, as a nightly sweep may take longer.
    if _statement_timeout := env_int("WAYPOINT_STATEMENT_TIMEOUT_SECONDS", 0):
        _options["options"] = f"-c statement_timeout={_statement_timeout * 1000}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env_str("REDIS_URL")
# Bounded waits on Redis: a hung Redis (not a refused one: the socket stays open and nothing
# answers) must cost a request about a second, never gunicorn's 30 s kill. A publish that
# times out is caught (core.enqueue) and the saved row is swept later.
REDIS_TIMEOUT_SECONDS = 1.0
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "waypoint",
            "OPTIONS": {
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments that are the same for everyone (the crisis lines, the footer): kept in
# each process's memory, so they cost nothing to fetch and never wait on Redis.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
}

# --- Accounts ------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked-out account or address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

WAYPOINT_SELF_SIGNUP = env_bool("WAYPOINT_SELF_SIGNUP", False)
WAYPOINT_INVITATION_DAYS = env_int("WAYPOINT_INVITATION_DAYS", 7)

# Throttling (django-axes): after this many failed sign-ins within the cool-off, an account
# (whatever address tries it) or an address (whatever account it tries) is locked until the
# cool-off has passed since the last failure. An address gets more tries than an account:
# a treatment center's Wi-Fi puts many people behind one address.
WAYPOINT_SIGNIN_FAILURES_PER_ACCOUNT = env_int("WAYPOINT_SIGNIN_FAILURES_PER_ACCOUNT", 5)
WAYPOINT_SIGNIN_FAILURES_PER_ADDRESS = env_int("WAYPOINT_SIGNIN_FAILURES_PER_ADDRESS", 20)
for _name in ("WAYPOINT_SIGNIN_FAILURES_PER_ACCOUNT", "WAYPOINT_SIGNIN_FAILURES_PER_ADDRESS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be 1 or more")
_COOLOFF_MINUTES = env_int("WAYPOINT_SIGNIN_COOLOFF_MINUTES", 15)
if _COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("WAYPOINT_SIGNIN_COOLOFF_MINUTES must be 1 or more")
AXES_COOLOFF_TIME = timedelta(minutes=_COOLOFF_MINUTES)
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "accounts.lockout.failure_limit"  # per account; addresses are scaled to it
AXES_USERNAME_CALLABLE = "accounts.lockout.username"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["username", "password", "ip_address"]
AXES_VERBOSE = False  # our own audit rows and key=value lines say what happened
# Attempts are read in the audit trail (audited admin); operators clear counts with
# `manage.py axes_reset`, so axes's own unaudited admin lists of emails are off.
AXES_ENABLE_ADMIN = False
# Second factors (django-otp): required for counselors, coordinators and program admins;
# members may turn one on. Idle staff sessions end after this many minutes.
# The name in the person's authenticator app, seen by anyone who sees their phone: like
# email subjects, it names no program (the program's name may say "recovery").
OTP_TOTP_ISSUER = "Waypoint"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
WAYPOINT_STAFF_IDLE_MINUTES = env_int("WAYPOINT_STAFF_IDLE_MINUTES", 30)
# A member who keeps Waypoint on their own phone stays signed in this long, renewed on use
# (accounts.middleware.MemberSessionMiddleware), so the evening check-in is one tap, not a
# password. On a shared device they untick the box and the session ends with the browser.
WAYPOINT_MEMBER_SESSION_DAYS = env_int("WAYPOINT_MEMBER_SESSION_DAYS", 30)
if WAYPOINT_STAFF_IDLE_MINUTES < 2:
    raise ImproperlyConfigured("WAYPOINT_STAFF_IDLE_MINUTES must be 2 or more")
# Region used to read phone numbers written without a country code.
WAYPOINT_PHONE_REGION = env_str("WAYPOINT_PHONE_REGION", "US")

# --- Time and language ------------------------------------------------------

LANGUAGE_CODE = "en-us"
# Each language is named in itself, so a person who reads only that language finds it.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Someone who chose a language before signing in keeps it on this device for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError) as exc:
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not an IANA time zone") from exc

# --- The program ------------------------------------------------------------

WAYPOINT_PROGRAM_NAME = env_str("WAYPOINT_PROGRAM_NAME", "Waypoint")
# The one base of every link in a message; the default is the address `make run` serves.
WAYPOINT_SITE_URL = env_str("WAYPOINT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Each line: label (and an optional short one for the wallet card), number, and how
# it can be reached (call, text or both).
_DEFAULT_CRISIS_LINES = [
    {
        "label": _("Emergency or overdose"),
        "short": _("Emergency"),
        "number": "911",
        "call": True,
        "text": False,
    },
    {
        "label": _("988 Suicide & Crisis Lifeline"),
        "short": _("988 Lifeline"),
        # 988's own Spanish service (DOMAIN.md "Reach"): press 2 on a call, AYUDA by text.
        "note": _("In Spanish: call and press 2, or text AYUDA to 988."),
        "number": "988",
        "call": True,
        "text": True,
        # A Spanish page's "Text 988" opens the message with AYUDA already written.
        "text_body": {"es": "AYUDA"},
    },
    {
        "label": _("SAMHSA National Helpline (free, confidential, 24/7)"),
        "short": _("SAMHSA Helpline"),
        "number": "1-800-662-4357",
        "call": True,
        "text": False,
    },
]


def _crisis_lines() -> list[dict]:
    raw = os.environ.get("WAYPOINT_CRISIS_LINES")
    if not raw:
        return crisis_lines.normalized(_DEFAULT_CRISIS_LINES)
    try:
        lines = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"WAYPOINT_CRISIS_LINES is not JSON ({exc}); expected a list like {crisis_lines.EXAMPLE}"
        ) from exc
    if found := crisis_lines.problems(lines, [code for code, _name in LANGUAGES]):
        raise ImproperlyConfigured(
            "WAYPOINT_CRISIS_LINES: "
            + "; ".join(found)
            + f". Expected a list like {crisis_lines.EXAMPLE}"
        )
    return crisis_lines.normalized(lines)


WAYPOINT_CRISIS_LINES = _crisis_lines()


def _phone(name: str) -> dict[str, str] | None:
    """An optional phone number setting: None when unset, else the number and what to dial."""
    number = env_str(name)
    if problem := harm_reduction.phone_problem(number):
        raise ImproperlyConfigured(f"{name} {number!r} {problem}; expected e.g. 1-800-555-0100")
    return {"number": number, "dial": harm_reduction.dial(number)} if number else None


def _naloxone_places() -> list[dict[str, str]]:
    raw = env_str("WAYPOINT_NALOXONE_PLACES", "[]")
    try:
        places = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"WAYPOINT_NALOXONE_PLACES is not JSON ({exc}); expected a list like "
            + harm_reduction.PLACES_EXAMPLE
        ) from exc
    if found := harm_reduction.place_problems(places):
        raise ImproperlyConfigured(
            "WAYPOINT_NALOXONE_PLACES: "
            + "; ".join(found)
            + f". Expected a list like {harm_reduction.PLACES_EXAMPLE}"
        )
    return harm_reduction.normalized_places(places)


# Harm reduction: an overdose-prevention ("never use alone") line, where to get naloxone
# locally, and the program's own phone; each shown only when set.
WAYPOINT_NEVER_USE_ALONE = _phone("WAYPOINT_NEVER_USE_ALONE")
WAYPOINT_NALOXONE_PLACES = _naloxone_places()
WAYPOINT_PROGRAM_PHONE = _phone("WAYPOINT_PROGRAM_PHONE")

# SMS: the HTTP gateway in production. Without a setting, development prints texts to the
# console and production refuses them (messaging.checks stops a start with a bad backend).
WAYPOINT_SMS_BACKEND = env_str(
    "WAYPOINT_SMS_BACKEND",
    "messaging.transports.ConsoleSmsBackend"
    if DEBUG
    else "messaging.transports.DisabledSmsBackend",
)
WAYPOINT_SMS_GATEWAY_URL = env_str("WAYPOINT_SMS_GATEWAY_URL")
WAYPOINT_SMS_GATEWAY_TOKEN = env_str("WAYPOINT_SMS_GATEWAY_TOKEN")
# On: the gateway answers a repeated Idempotency-Key with the first text's id and sends
# nothing, so a text whose outcome is unknown (a worker died mid-send) is safely tried again.
WAYPOINT_SMS_GATEWAY_DEDUPES = env_bool("WAYPOINT_SMS_GATEWAY_DEDUPES", False)
# Check in by text: the secret the gateway signs each inbound text with (texting.signature).
# Without it the webhook refuses every text (texting.checks warns at start).
WAYPOINT_SMS_WEBHOOK_SECRET = env_str("WAYPOINT_SMS_WEBHOOK_SECRET")
# Web push (reminders as notifications on a member's phone): a VAPID key pair made once
# with `manage.py vapid_keys`, and a contact the push services may write to (a mailto:, by
# default DEFAULT_FROM_EMAIL's address). Offered only when both keys are set
# (messaging.transports.push_enabled).
WAYPOINT_VAPID_PUBLIC_KEY = env_str("WAYPOINT_VAPID_PUBLIC_KEY")
WAYPOINT_VAPID_PRIVATE_KEY = env_str("WAYPOINT_VAPID_PRIVATE_KEY")
WAYPOINT_VAPID_SUBJECT = env_str("WAYPOINT_VAPID_SUBJECT")
# Warning-stage thresholds: overrides of alerts.rules.DEFAULT_RULES, as JSON; keys and
# values are checked at start against the defaults (alerts/checks.py).
try:
    WAYPOINT_WARNING_RULES: dict[str, int] = json.loads(env_str("WAYPOINT_WARNING_RULES", "{}"))
except ValueError as exc:
    raise ImproperlyConfigured(
        'WAYPOINT_WARNING_RULES must be JSON like {"craving_high": 7}'
    ) from exc
# Reminders: a slot missed while workers were down is still sent this long after its time;
# later it is marked skipped (a late reminder has lost its value).
WAYPOINT_REMINDER_GRACE = timedelta(minutes=env_int("WAYPOINT_REMINDER_GRACE_MINUTES", 120))
# Physical-stage and self-harm alerts also go by text to counselors who set an urgent
# number (and to on-call counselors); off: email only.
WAYPOINT_URGENT_TEXTS = env_bool("WAYPOINT_URGENT_TEXTS", True)
# An alert nobody acknowledged in this many minutes goes to the on-call counselors
# (WAYPOINT_ESCALATE_PHYSICAL_MINUTES and so on: one variable per stage).
_ESCALATE_MINUTES = {Stage.PHYSICAL: 60, Stage.MENTAL: 8 * 60, Stage.EMOTIONAL: 24 * 60}
WAYPOINT_ESCALATE_AFTER = {
    stage: env_int(f"WAYPOINT_ESCALATE_{stage.name}_MINUTES", _ESCALATE_MINUTES[stage])
    for stage in Stage
}
# Alumni drift: members with no check-in, attendance or contact for this many days.
WAYPOINT_DRIFT_DAYS = env_int("WAYPOINT_DRIFT_DAYS", 14)
# Program outcomes: a cell that counts fewer people than this is not shown (outcomes/).
WAYPOINT_SMALL_CELL = env_int("WAYPOINT_SMALL_CELL", 11)
if WAYPOINT_SMALL_CELL < 1:
    raise ImproperlyConfigured("WAYPOINT_SMALL_CELL must be 1 or more")
# The load test (bench/load.py) measures each page against two floor pages that do almost
# nothing (home/floor.py); they are routed only when this is on, never in production.
WAYPOINT_BENCH = env_bool("WAYPOINT_BENCH", False)

# --- Static files -------------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email --------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # filebased backend only
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
# Encrypted to the mail server unless told otherwise in production: emails carry sign-in
# and invitation links. STARTTLS by default; EMAIL_USE_SSL=1 for implicit TLS (port 465).
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not DEBUG and not EMAIL_USE_SSL)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
# Seconds for the connect and each answer of the mail server (messaging.transports
# SEND_TIMEOUT is the gateway's): a hung server is a passing fault within seconds.
EMAIL_TIMEOUT = 5
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Waypoint <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -----------------------------------------------------------------

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "accounts.session_store"  # the database's, surviving a read-only database
SESSION_COOKIE_AGE = 60 * 60 * 12
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets this header itself (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything comes from Waypoint itself: no inline script or style, no other origin.
# data: images only for the small SVG icons inside Bootstrap's CSS (the menu button, the
# check marks); an image cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy: core.headers.DEFAULT_PERMISSIONS_POLICY (every device feature off).

# --- Celery -------------------------------------------------------------------

# kombu's transport options: Redis's timeouts (seconds), or the filesystem's folders.
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, float | str | bool]
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": REDIS_TIMEOUT_SECONDS,
        "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    }
    CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT_SECONDS
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT_SECONDS
else:
    # Embedded broker for one machine: kombu's filesystem transport needs no server.
    _queue = VAR_DIR / "celery"
    for _folder in ("queue", "processed", "results", "control"):
        (_queue / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "queue"),
        "data_folder_out": str(_queue / "queue"),
        "processed_folder": str(_queue / "processed"),
        "store_processed": False,
        "control_folder": str(_queue / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{_queue / 'results'}"

CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TIMEZONE = "UTC"
# A request must not hang on a broker that is down: try to publish once, briefly.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# Fixed ticks only; per-person schedules live in the database.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Beat and the worker each stamp it (core.heartbeat); /healthz/deep reads the stamps.
    "heartbeat": {
        "task": "core.tasks.heartbeat",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
    "dispatch-reminders": {
        "task": "reminders.tasks.dispatch_reminders",
        "schedule": crontab(minute="*"),
        "options": {"expires": 50},  # a tick that waited a minute is replaced by the next
    },
    "sweep-outbox": {
        "task": "messaging.tasks.sweep_outbox",
        "schedule": crontab(minute="*"),
        "options": {"expires": 50},
    },
    "sweep-inbound-texts": {
        "task": "texting.tasks.sweep_inbound",
        "schedule": crontab(minute="*"),
        "options": {"expires": 50},
    },
    "escalate-unacknowledged-alerts": {
        "task": "alerts.tasks.escalate_overdue",
        "schedule": 120.0,
    },
    "send-pending-invitations": {
        "task": "accounts.tasks.send_pending_invitations",
        "schedule": 300.0,
    },
    "evaluate-unevaluated-checkins": {
        "task": "alerts.tasks.sweep_unevaluated",
        # With alerts.evaluation.SETTLED_SECONDS: within a minute after a broker outage.
        "schedule": 30.0,
        "options": {"expires": 25},
    },
    "drift-digest-daily": {
        "task": "alumni.tasks.drift_digests",
        "schedule": crontab(hour=14, minute=0),  # morning in the Americas
    },
    "purge-reminder-history-nightly": {
        "task": "reminders.tasks.purge_reminder_history",
        "schedule": crontab(hour=4, minute=5),
    },
    "purge-form-submissions-hourly": {
        "task": "core.tasks.purge_form_submissions",
        "schedule": crontab(minute=35),
    },
    "catch-isolation-nightly": {
        "task": "alerts.tasks.sweep_isolation",
        "schedule": crontab(hour=3, minute=15),
    },
    # Program outcomes: closed months recomputed nightly (outcomes/snapshots.py).
    "snapshot-outcomes-nightly": {
        "task": "outcomes.tasks.snapshot_outcomes",
        "schedule": crontab(hour=2, minute=40),
    },
}

# --- Logging ------------------------------------------------------------------
# Log lines carry ids and actions only, never health data.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "kv": {"format": "ts=%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "kv"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs request bodies nowhere, but 4xx lines carry URLs; ours hold ids only.
        "django.request": {"level": "ERROR"},
        # Axes says "successful login" for each sign-in; ours (accounts.account_events) is
        # the record. Its warnings (failures, lock-outs) mask the account and address.
        "axes": {"level": "WARNING"},
        # Its debug lines name each URL it requests: a web-push endpoint is a device's
        # secret (messaging.transports.PushTransport), even with LOG_LEVEL=DEBUG.
        "urllib3": {"level": "ERROR"},
    },
}
