"""Settings for CSU: one module, configured by environment variables.

Every variable is listed with a one-line explanation in `.env.example`. Bad values fail loudly at start-up
(ImproperlyConfigured) instead of being silently ignored.
"""

import importlib.util
import os
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules

env = environ.Env()
# A local `.env` (created from .env.example by `make install`) fills in what the environment does not set.
_env_file = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if _env_file and Path(_env_file).exists() and not TESTING:
    environ.Env.read_env(_env_file)


def _env_bool(name: str, default: bool) -> bool:
    raw = env.str(name, default="")
    if raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true/false (or 1/0), not {raw!r}.")


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


DEBUG = _env_bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # Development/test only: with DEBUG off and not under pytest, start-up refuses to run without SECRET_KEY.
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105  # nosec B105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value (see .env.example), "
            "or set DEBUG=1 for local development."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "csu",
    "accounts",
    "schools",
    "committees",
    "drills",
    "programs",
    "events",
    "situations",
    "reports",
    "engagement",
    "retention",
    "threats",
]
# The benchmark data generator (bench/, `manage.py generate_bench_data`): a development tool that the production
# image does not ship, installed only where its package is present.
if importlib.util.find_spec("bench") is not None:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    # First: an oversized body is refused from its headers, before anything reads it.
    "csu.middleware.RequestBodyLimitMiddleware",
    # Pages are sent compressed (what a phone receives: docs/benchmarks.md). BREACH: Django
    # pads each compressed answer with random bytes ("Heal the Breach") and masks the CSRF token on every page.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files stay cacheable), before everything that can answer (it sees every answer).
    "csu.middleware.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "csu.middleware.RefusedRequestAuditMiddleware",
    "csu.middleware.RejectNulMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: a timed-out session is told why it was signed out.
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.OTPRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the failed sign-in flagged by the axes backend and answers with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "csu.urls"
WSGI_APPLICATION = "csu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csu.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------------
# Default: an embedded SQLite file so that `make run` needs nothing but Python.
(BASE_DIR / "var").mkdir(exist_ok=True)
_default_db = f"sqlite:///{BASE_DIR / 'var' / 'csu.sqlite3'}"
if TESTING:
    _default_db = "postgres://postgres@127.0.0.1:5432/csu"
DATABASES = {"default": env.db_url("DATABASE_URL", default=_default_db)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections in production; health checks drop a connection PostgreSQL closed (restart).
    DATABASES["default"]["CONN_MAX_AGE"] = _env_int("DB_CONN_MAX_AGE", default=0 if DEBUG else 600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    # No parallel query by default: on a small server a web request's query that starts two helper processes
    # competes with the other requests for the same cores (docs/benchmarks.md). A reporting-only process may set
    # it higher.
    _parallel = _env_int("DB_PARALLEL_WORKERS", default=0)
    DATABASES["default"]["OPTIONS"]["options"] = f"-c max_parallel_workers_per_gather={_parallel}"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default for one machine and a few users (docs/operations.md says when to move to PostgreSQL):
    # WAL lets readers go on while one writer writes; every transaction starts as a writer (IMMEDIATE), so a
    # second writer waits up to `timeout` seconds for the first instead of failing with "database is locked"
    # halfway through (a deferred transaction that reads first cannot be upgraded once another writer holds it).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": _env_int("SQLITE_BUSY_TIMEOUT", default=20, minimum=1),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in of a locked-out username before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackend",  # Django's, with permissions read in one query
]

# Directory sign-in (accounts/directory.py, django-auth-ldap): off unless LDAP_SERVER_URI is set. Local accounts
# keep working beside it (IT's break-glass accounts).
LDAP_SERVER_URI = env.str("LDAP_SERVER_URI", default="")
if LDAP_SERVER_URI:
    from accounts.ldap_config import ldap_settings  # noqa: E402  (imports python-ldap only when configured)

    try:
        globals().update(
            ldap_settings(
                server_uri=LDAP_SERVER_URI,
                start_tls=_env_bool("LDAP_START_TLS", default=False),
                ca_cert_file=env.str("LDAP_CA_CERT_FILE", default=""),
                bind_dn=env.str("LDAP_BIND_DN", default=""),
                bind_password=env.str("LDAP_BIND_PASSWORD", default=""),
                user_search_base=env.str("LDAP_USER_SEARCH_BASE"),
                user_filter=env.str("LDAP_USER_FILTER", default="(uid=%(user)s)"),
                group_search_base=env.str("LDAP_GROUP_SEARCH_BASE"),
                group_type=env.str("LDAP_GROUP_TYPE", default="nested_groupOfNames"),
                role_groups={
                    role: dn
                    for role, dn in (
                        ("officer", env.str("LDAP_GROUP_OFFICER", default="")),
                        ("coordinator", env.str("LDAP_GROUP_COORDINATOR", default="")),
                        ("supervisor", env.str("LDAP_GROUP_SUPERVISOR", default="")),
                    )
                    if dn
                },
                display_name_attr=env.str("LDAP_ATTR_DISPLAY_NAME", default="displayName"),
                email_attr=env.str("LDAP_ATTR_EMAIL", default="mail"),
                timeout=_env_int("LDAP_TIMEOUT", default=5, minimum=1),
            )
        )
    except (ValueError, environ.ImproperlyConfigured) as error:
        raise ImproperlyConfigured(f"Directory sign-in: {error}") from None
    if not (LDAP_SERVER_URI.startswith("ldaps://") or AUTH_LDAP_START_TLS) and not DEBUG:  # noqa: F821
        raise ImproperlyConfigured("LDAP_SERVER_URI must be ldaps://, or set LDAP_START_TLS=1: passwords cross it.")
    AUTHENTICATION_BACKENDS.insert(1, "accounts.directory.DirectoryBackend")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# --- Internationalisation -------------------------------------------------------------------------------
LANGUAGE_CODE = "en-ca"
LANGUAGES = [("en-ca", _("English")), ("fr-ca", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["csu.formats"]  # fixes to Django's fr_CA date formats
TIME_ZONE = env.str("TIME_ZONE", default="America/Toronto")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site root (/favicon.ico), served by WhiteNoise like the static files.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
try:
    import xstatic.pkg.bootstrap as _xs_bootstrap

    STATICFILES_DIRS.append(("bootstrap", _xs_bootstrap.BASE_DIR))
except ImportError as exc:  # pragma: no cover - install problem, say it plainly
    raise ImproperlyConfigured("xstatic-bootstrap is not installed: run `make install`.") from exc
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded and generated files are private: they are never served from a public URL, only through
# access-checked views.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Request bodies: MAX_REQUEST_BODY (bytes, 0 = off) is refused with 413 from the Content-Length header alone
# (csu.middleware). It stays above the largest legitimate upload (a 10 MB attachment or import, plus the form).
MAX_REQUEST_BODY = _env_int("MAX_REQUEST_BODY", default=12 * 1024 * 1024)
# Form fields other than files (Django refuses more with a 400); uploads above this size go to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = _env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = _env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- Email ----------------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = _env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = _env_int("EMAIL_TIMEOUT", default=10, minimum=1)
# A reminder claimed for sending longer ago than this was abandoned by its sender (killed mid-send) and is sent by
# the next sweep; it must outlast a send, so it is longer than EMAIL_TIMEOUT.
REMINDER_CLAIM_LEASE_SECONDS = _env_int("REMINDER_CLAIM_LEASE_SECONDS", default=900, minimum=60)
if REMINDER_CLAIM_LEASE_SECONDS <= 2 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        f"REMINDER_CLAIM_LEASE_SECONDS ({REMINDER_CLAIM_LEASE_SECONDS}) must be more than twice EMAIL_TIMEOUT "
        f"({EMAIL_TIMEOUT}): a reminder still being sent would be sent again."
    )
# A reminder whose sending failed this many times is marked failed (shown to the supervisor, reported by /health/)
# instead of being retried by every sweep forever.
REMINDER_MAX_ATTEMPTS = _env_int("REMINDER_MAX_ATTEMPTS", default=5, minimum=1)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="csu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------------------
# Without CELERY_BROKER_URL tasks run eagerly in-process (the embedded default for `make run`).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL or TESTING
CELERY_TASK_EAGER_PROPAGATES = True

# --- Cache (csu.cache, {% cache %} fragments, the dashboards' figures) -------------------------------------
# One cache shared by every process: CACHE_URL, else the broker's Redis with its own database number
# (CACHE_REDIS_DB). Without Redis (the embedded default) and in tests: local memory, per process.
CACHE_URL = env.str("CACHE_URL", default="")
if not CACHE_URL and CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    _broker, _, _broker_db = CELERY_BROKER_URL.rpartition("/")
    _cache_db = _env_int("CACHE_REDIS_DB", 1)
    if _broker_db.isdigit() and int(_broker_db) == _cache_db:
        raise ImproperlyConfigured(f"CACHE_REDIS_DB ({_cache_db}) must differ from the broker's database number.")
    CACHE_URL = f"{_broker if _broker_db.isdigit() else CELERY_BROKER_URL.rstrip('/')}/{_cache_db}"


def _release_fingerprint() -> str:
    """A digest of the code, templates and translations this process runs and of the packages that write markup:
    part of every cache key, so that a new release never serves what the previous one kept (markup, pickled
    results). About 20 ms at start-up."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256()
    for package in ("django", "django-crispy-forms", "crispy-bootstrap5", "django-filter"):
        digest.update(f"{package}={version(package)};".encode())
    skipped = {"tests", "docs", "scripts", "bench", "deploy", "static", "var", "media", "node_modules", "__pycache__"}
    for root, dirs, files in os.walk(BASE_DIR):
        dirs[:] = sorted(d for d in dirs if d not in skipped and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".py", ".html", ".txt", ".mo")):
                path = Path(root, name)
                digest.update(str(path.relative_to(BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


if CACHE_URL and not TESTING:
    if not CACHE_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}.")
    CACHES = {
        "default": {
            "BACKEND": "csu.redis_cache.RedisCache",  # one redis-py client per pool (see the module)
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": f"csu:{_release_fingerprint()}",
            # A dead Redis must fail a request within seconds, never hang it.
            "OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}}

if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A dead or frozen Redis must make a publish fail within seconds, never hang a request.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_PUBLISH_RETRY = False
from celery.schedules import crontab as _crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "csu.tasks.beat_heartbeat", "schedule": 60.0},
    "send-due-reminders": {"task": "csu.tasks.send_due_reminders", "schedule": 300.0},
    "reports-sweep-stuck": {"task": "reports.tasks.sweep_stuck_reports", "schedule": 120.0},
    "sweep-drill-reminders": {"task": "drills.tasks.sweep_drill_reminders", "schedule": 3600.0},
    "committee-reminders": {"task": "committees.tasks.sweep_committee_reminders", "schedule": 3600.0},
    "directory-sync": {"task": "accounts.tasks.sync_directory", "schedule": 3600.0},
    # The 1st of each month at 03:00: list what has passed its retention for a supervisor; destroys nothing.
    "retention-list-due": {"task": "retention.tasks.list_due", "schedule": _crontab(minute=0, hour=3, day_of_month=1)},
    "prune-sign-in-records": {"task": "accounts.tasks.prune_signin_records", "schedule": 3600.0},
    "threat-reminders": {"task": "threats.tasks.sweep_threat_reminders", "schedule": 3600.0},
}
# A Maildir (new/, cur/, tmp/) the mail relay delivers delivery reports (bounces) into, writable by the worker:
# beat has it read every 5 minutes. Empty: not read (an MTA may pipe reports to `manage.py read_bounces --stdin`).
BOUNCE_MAILDIR = env.str("BOUNCE_MAILDIR", default="")
if BOUNCE_MAILDIR:
    CELERY_BEAT_SCHEDULE["read-bounces"] = {"task": "engagement.tasks.read_bounces", "schedule": 300.0}
# How old the last beat heartbeat may be before /health/ reports beat as stale (seconds).
BEAT_STALE_AFTER = _env_int("BEAT_STALE_AFTER", default=300, minimum=60)

# --- Forms, messages, logging ---------------------------------------------------------------------------
# Every list filter's empty choice reads "All" rather than django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = pgettext_lazy("filter: any status or topic", "All")
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Radio buttons and checkbox lists point at their error text too; the error summary links to their first option.
FORM_RENDERER = "csu.forms.FormRenderer"
from django.contrib.messages import constants as _messages  # noqa: E402

MESSAGE_TAGS = {_messages.ERROR: "danger"}

# `make bench` only: adds /bench/ceiling/, a bare view returning a constant string (the throughput ceiling).
BENCH_CEILING_VIEW = _env_bool("BENCH_CEILING_VIEW", default=False)
# Where the public pages (/public/: mailing list, requests, feedback) are reached from outside: links in e-mails.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# Submissions a single address may send to each public form per PUBLIC_RATE_WINDOW seconds. Not fewer: a school's
# or a venue's Wi-Fi is one address for everyone answering an event's feedback form, and a mistyped form sent again
# counts too (the honeypot and the time stamp keep robots out first).
PUBLIC_RATE_LIMIT = _env_int("PUBLIC_RATE_LIMIT", default=20, minimum=1)
PUBLIC_RATE_WINDOW = _env_int("PUBLIC_RATE_WINDOW", default=600, minimum=1)
# Notices of collection (MFIPPA s. 29(2)) on forms that collect personal information: the legal authority and
# whom to ask (title, address, phone). Empty: a generic wording (csu/notices.py).
COLLECTION_AUTHORITY = env.str("COLLECTION_AUTHORITY", default="")
COLLECTION_CONTACT = env.str("COLLECTION_CONTACT", default="")
LIST_PAGE_SIZE = _env_int("LIST_PAGE_SIZE", default=25, minimum=5)
# Situation tables: hours from the table's decision to the first response (HUB practice: 24 to 48).
SITUATIONS_RESPONSE_TARGET_HOURS = _env_int("SITUATIONS_RESPONSE_TARGET_HOURS", default=48, minimum=1)
# Threat assessments are for officers and supervisors; a unit whose coordinator needs to read them says so here.
THREATS_VISIBLE_TO_COORDINATOR = _env_bool("THREATS_VISIBLE_TO_COORDINATOR", default=False)
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="csu-demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Calendar feed tokens are credentials in a URL path: masked in every log line ("Not Found: /events/feed/…").
    "filters": {"redact": {"()": "csu.redact.RedactFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO ("Step 5 - Creating layout - Page 7"): keep its warnings only.
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Security -------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HSTS is sent on HTTPS responses only (SecurityMiddleware); the tests check it on a secure request.
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", default=True)
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The container healthcheck asks for /health/ over plain HTTP inside the container: no redirect for it.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Sign-in lockout (django-axes with the rules of accounts.lockout): AXES_FAILURE_LIMIT wrong passwords for one
# user name *from one address* lock that pair for AXES_COOLOFF_MINUTES (an attacker elsewhere cannot lock the owner
# out); AXES_IP_FAILURE_LIMIT failures from one address, whatever the names, lock the address; and
# AXES_USERNAME_FAILURE_LIMIT failures for one user name from all addresses together refuse that name for
# AXES_USERNAME_COOLOFF_MINUTES, except from an address the user signed in from within AXES_KNOWN_ADDRESS_DAYS.
# A supervisor (Locked accounts page) or IT (admin) can unlock sooner.
import datetime as _dt  # noqa: E402

AXES_ENABLED = _env_bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False  # no start-up banner on every manage.py command; lockouts are in the audit trail
AXES_FAILURE_LIMIT = _env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = _dt.timedelta(minutes=_env_int("AXES_COOLOFF_MINUTES", default=15, minimum=1))
AXES_IP_FAILURE_LIMIT = _env_int("AXES_IP_FAILURE_LIMIT", default=30, minimum=1)
AXES_USERNAME_FAILURE_LIMIT = _env_int("AXES_USERNAME_FAILURE_LIMIT", default=20, minimum=1)
AXES_USERNAME_COOLOFF_TIME = _dt.timedelta(minutes=_env_int("AXES_USERNAME_COOLOFF_MINUTES", default=30, minimum=1))
AXES_KNOWN_ADDRESS_DAYS = _env_int("AXES_KNOWN_ADDRESS_DAYS", default=90, minimum=1)
# Failed sign-ins for user names that do not exist, audited per address per cool-off (the rest are only counted).
AXES_UNKNOWN_USER_AUDIT_LIMIT = _env_int("AXES_UNKNOWN_USER_AUDIT_LIMIT", default=5)
if AXES_USERNAME_FAILURE_LIMIT <= AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "AXES_USERNAME_FAILURE_LIMIT must be more than AXES_FAILURE_LIMIT: it counts every address together."
    )
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lock are not counted: the cool-off runs from the last counted failure, and a locked
# client writes no more rows.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["password"]
# One row per counted failure: the per-user-name throttle counts them (pruned by accounts.tasks).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Trusted reverse proxies in front of the app: the client address is read from X-Forwarded-For only then
# (accounts.lockout.client_ip_address; django-ipware is not installed, so axes' own proxy settings do nothing).
TRUSTED_PROXY_COUNT = _env_int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip_address"

# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request and SESSION_ABSOLUTE_TIMEOUT seconds after
# sign-in, whatever the activity (accounts.middleware.SessionTimeoutMiddleware).
# 0 turns a limit off.
SESSION_IDLE_TIMEOUT = _env_int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = _env_int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT or 14 * 24 * 60 * 60

# Two-factor sign-in (django-otp TOTP + single-use recovery codes). Users holding one of these roles (or
# "superuser") must enrol and verify a code before they can reach any page. Anyone else may enrol voluntarily.
OTP_REQUIRED_FOR = env.list("OTP_REQUIRED_FOR", default=["supervisor", "superuser"])
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="CSU")
OTP_RECOVERY_CODES = 10

# Content-Security-Policy (django-csp 4): no inline script or style anywhere; JS and CSS come from /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Browser features no page of CSU uses, turned off for every page (and anything injected into one).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "screen-wake-lock=(), xr-spatial-tracking=()"
)
# Refused requests (403/404) of a signed-in user are audited, at most this many a user a minute (a scan of ids
# must not flood the audit table).
AUDIT_REFUSED_PER_MINUTE = _env_int("AUDIT_REFUSED_PER_MINUTE", default=20, minimum=1)

# What officers read of drills, calls and sessions (csu/access.py, docs/operations.md): "own" (their schools and
# the records they are named on) or "all" (every officer reads every record). The footer says which.
OFFICER_READS = env.str("OFFICER_READS", default="own")
if OFFICER_READS not in ("own", "all"):
    raise ImproperlyConfigured(f"OFFICER_READS must be own or all, not {OFFICER_READS!r}.")

# --- Strict settings for the test suite -----------------------------------------------------------------
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Role fixtures sign in with force_login (no second factor); tests/security turns enforcement on and checks
    # that a password-only session of a supervisor or superuser reaches nothing.
    OTP_REQUIRED_FOR = env.list("OTP_REQUIRED_FOR", default=[])
    # Likewise, tests elsewhere log in and then travel in time; tests/security sets the production limits.
    SESSION_IDLE_TIMEOUT = SESSION_ABSOLUTE_TIMEOUT = 0
    MEDIA_ROOT = BASE_DIR / "var" / "test-media"
    import warnings

    warnings.filterwarnings(
        "error", r"DateTimeField .* received a naive datetime", RuntimeWarning, r"django\.db\.models\.fields"
    )

# --- Domain settings: local practice is a setting, not a constant ----------------------------------------
SCHOOL_YEAR_START = tuple(int(p) for p in env.str("SCHOOL_YEAR_START", default="09-01").split("-"))
if len(SCHOOL_YEAR_START) != 2 or not (1 <= SCHOOL_YEAR_START[0] <= 12 and 1 <= SCHOOL_YEAR_START[1] <= 28):
    raise ImproperlyConfigured("SCHOOL_YEAR_START must be MM-DD with a day from 1 to 28, e.g. 09-01.")

# The annual report's cover and summary page: the service's name and crest (an SVG or PNG file; empty: the neutral
# crest shipped in static/img/crest.svg).
SERVICE_NAME = env.str("SERVICE_NAME", default="Police Service")
# Its French name, shown on French pages and in French e-mails (empty: SERVICE_NAME in both languages).
SERVICE_NAME_FR = env.str("SERVICE_NAME_FR", default="Service de police" if SERVICE_NAME == "Police Service" else "")
SERVICE_CREST = env.str("SERVICE_CREST", default="")
if SERVICE_CREST and not Path(SERVICE_CREST).is_file():
    raise ImproperlyConfigured(f"SERVICE_CREST={SERVICE_CREST!r} is not a file.")
