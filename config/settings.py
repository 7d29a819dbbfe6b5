"""Settings for Trellis: one file, read from environment variables (see .env.example)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("TRELLIS_DEBUG", False)
_DEV_SECRET = "trellis-insecure-development-key-change-me-0123456789abcdef"
SECRET_KEY = env_str("TRELLIS_SECRET_KEY", _DEV_SECRET)
if SECRET_KEY == _DEV_SECRET and not DEBUG and env_bool("TRELLIS_PRODUCTION", False):
    raise ImproperlyConfigured("TRELLIS_SECRET_KEY must be set in production")
ALLOWED_HOSTS = env_list("TRELLIS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("TRELLIS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    # Listed so that the API docs use ninja's bundled Swagger UI files rather than a CDN.
    "ninja",
    "trellis.org",
    "trellis.skills",
    "trellis.careers",
    "trellis.talks",
    "trellis.market",
    "trellis.insights",
    # Last: the home page and global search draw on every app above.
    "trellis.home",
    "trellis.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves static files in every mode, so `make run` needs no collectstatic step.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trellis.org.middleware.ViewerMiddleware",
    "trellis.org.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trellis.org.middleware.NoStoreMiddleware",
    # Last, so that it sees the authenticated user and the final response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "trellis" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trellis.org.context_processors.viewer",
            ],
        },
    },
]

_DEFAULT_DB = f"sqlite:///{BASE_DIR / 'var' / 'trellis.sqlite3'}"
_database_url = env_str("TRELLIS_DATABASE_URL", _DEFAULT_DB)
if not _database_url.startswith(("sqlite:", "postgres:", "postgresql:")):
    raise ImproperlyConfigured(
        f"TRELLIS_DATABASE_URL must start with sqlite:// or postgres://, not {_database_url!r}"
    )
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "trellis.org.passwords.CharacterVarietyValidator",
        "OPTIONS": {"min_distinct": 6},
    },
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (trellis.org.throttles.LoginThrottleHandler): within the cool-off window, a
# (username, address) pair is locked after 5 failures, and an address after 50 failures over
# all usernames — enough that an office behind one NAT address survives its typos (each
# person's own failures are forgiven when they log in), too few for spraying a password
# across the directory. Addresses are REMOTE_ADDR: behind a reverse proxy, set axes'
# AXES_IPWARE_* and NINJA_NUM_PROXIES to trust its X-Forwarded-For.
AXES_FAILURE_LIMIT = env_int("TRELLIS_LOGIN_FAILURE_LIMIT", 5)
TRELLIS_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("TRELLIS_LOGIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "trellis.org.throttles.LoginThrottleHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Sessions: 30 minutes idle (refreshed on each request), 12 hours at most.
SESSION_COOKIE_AGE = 30 * 60
# Idle expiry: an active session is refreshed at most once a minute (see
# trellis.org.middleware), not written on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
_PRODUCTION = env_bool("TRELLIS_PRODUCTION", False)
TRELLIS_PRODUCTION = _PRODUCTION
SECURE_COOKIES = env_bool("TRELLIS_SECURE_COOKIES", _PRODUCTION and not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy in every mode: scripts and styles only from our own static files
# (no inline script, no inline style, no eval; htmx is told the same in base.html), no
# framing, and violations reported to a view that logs them (trellis.org.csp_report).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI draws its icons from data: URLs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": ["/csp-report/"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("TRELLIS_PRODUCTION", False):
    SECURE_SSL_REDIRECT = env_bool("TRELLIS_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("TRELLIS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# API rate limits (trellis.org.throttles): per user for authenticated calls, per address for
# calls without valid credentials; and an address that sends TRELLIS_BAD_TOKEN_LIMIT unknown
# bearer tokens is answered 429 until the window (counted from the first one) ends.
TRELLIS_API_RATE_USER = env_rate("TRELLIS_API_RATE_USER", "600/min")
TRELLIS_API_RATE_ANONYMOUS = env_rate("TRELLIS_API_RATE_ANONYMOUS", "60/min")
TRELLIS_BAD_TOKEN_LIMIT = env_int("TRELLIS_BAD_TOKEN_LIMIT", 10)
TRELLIS_BAD_TOKEN_WINDOW_SECONDS = env_int("TRELLIS_BAD_TOKEN_WINDOW_SECONDS", 15 * 60)
# The API's throttles key anonymous callers by REMOTE_ADDR, never by X-Forwarded-For.
NINJA_NUM_PROXIES = 0

EMAIL_BACKEND = env_str("TRELLIS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("TRELLIS_FROM_EMAIL", "trellis@localhost")
# Rebuild the marketplace's in-memory matching data on a background thread when other
# people's changes make it stale, answering from the previous data meanwhile.
TRELLIS_MARKET_BACKGROUND_REFRESH = env_bool("TRELLIS_MARKET_BACKGROUND_REFRESH", True)
# "For you": the readiness (percent) work must reach to be listed; below it an item is shown
# apart as a near miss. Open roles need real readiness; projects, gigs and stretch
# assignments exist for growth and ask less, as do open roles that close a gap to one of the
# person's target roles (see trellis/market/foryou.py).
TRELLIS_FORYOU_FLOOR_ROLE = env_int("TRELLIS_FORYOU_FLOOR_ROLE", 50)
TRELLIS_FORYOU_FLOOR_GROWTH = env_int("TRELLIS_FORYOU_FLOOR_GROWTH", 20)
for _floor in ("TRELLIS_FORYOU_FLOOR_ROLE", "TRELLIS_FORYOU_FLOOR_GROWTH"):
    if not 0 <= globals()[_floor] <= 100:
        raise ImproperlyConfigured(f"{_floor} must be a percentage from 0 to 100")
# Where people reach Trellis, so links in e-mails are absolute (empty: links stay relative).
TRELLIS_SITE_URL = env_str("TRELLIS_SITE_URL", "")
if TRELLIS_SITE_URL and not TRELLIS_SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"TRELLIS_SITE_URL must start with https:// or http://, not {TRELLIS_SITE_URL!r}"
    )

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TRELLIS_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "trellis" / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
WHITENOISE_USE_FINDERS = True

# Uploaded import files are read in memory and refused above this size.
TRELLIS_MAX_IMPORT_BYTES = env_int("TRELLIS_MAX_IMPORT_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = TRELLIS_MAX_IMPORT_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = TRELLIS_MAX_IMPORT_BYTES

# --- Running in production: gunicorn, the worker, logs (docs/deploy.md) ------------------
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "trellis.ops"]
# The task queue: Django's tasks framework (the django-tasks backport) with its database
# backend, so the worker needs nothing but PostgreSQL; `python manage.py worker` runs it.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    # Long work started from a page runs here, inside the request, when no worker is expected
    # (development, tests); see trellis.org.longwork.
    "inline": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# Uploads waiting for their preview, confirmation or import task (web server and worker).
TRELLIS_IMPORT_DIR = Path(env_str("TRELLIS_IMPORT_DIR", str(BASE_DIR / "var" / "imports")))
TRELLIS_LONG_WORK_INLINE = env_bool("TRELLIS_LONG_WORK_INLINE", not _PRODUCTION)
# How often a running import writes its progress (milliseconds; also at every step's end).
TRELLIS_PROGRESS_EVERY_MS = env_int("TRELLIS_PROGRESS_EVERY_MS", 500)
# "shared": a cache every process reads (the worker's precomputed figures), in the database
# in production; in development and tests the very store of "default" (the same location),
# so clearing one clears both.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "trellis_cache"}
        if _PRODUCTION
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
}
# First, so every later middleware, view and log line sees the request's id.
MIDDLEWARE.insert(0, "trellis.ops.logs.RequestIdMiddleware")
DATABASES["default"]["CONN_MAX_AGE"] = env_int("TRELLIS_DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Health checks come from load balancers on plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
if _PRODUCTION:
    # `make serve` runs collectstatic: files get hashed names and compressed copies, served
    # by whitenoise with far-future cache headers; no finder runs per request.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    WHITENOISE_USE_FINDERS = False
# The market's engine state: written by the worker into a folder of arrays that every web
# worker maps read-only (trellis.market.statefile); off in development, where each process
# builds its own in memory.
TRELLIS_MARKET_STATE_FILE = env_bool("TRELLIS_MARKET_STATE_FILE", _PRODUCTION)
TRELLIS_STATE_DIR = env_str("TRELLIS_STATE_DIR", str(BASE_DIR / "var" / "market-state"))
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "trellis.ops.context_processors.market_state"
)
# Logs: JSON lines on stdout in production (TRELLIS_LOG_FORMAT=json|text), each with the
# request id; one access line per request (trellis.request) unless TRELLIS_ACCESS_LOG=false.
_LOG_FORMAT = env_str("TRELLIS_LOG_FORMAT", "json" if _PRODUCTION else "text")
if _LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"TRELLIS_LOG_FORMAT must be json or text, not {_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "trellis.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "trellis.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": _LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("TRELLIS_LOG_LEVEL", "WARNING")},
    "loggers": {
        "trellis.request": {
            "level": "INFO" if env_bool("TRELLIS_ACCESS_LOG", _PRODUCTION) else "WARNING"
        },
    },
}

# ---------------------------------------------------------------------------------------------
# Identity: single sign-on through OpenID Connect and SCIM 2.0 provisioning (trellis.identity;
# docs/sso.md). Single sign-on is on when TRELLIS_OIDC_ISSUER is set; the provider's endpoints
# come from its discovery document unless TRELLIS_OIDC_*_ENDPOINT say otherwise.
INSTALLED_APPS.insert(INSTALLED_APPS.index("trellis.org") + 1, "trellis.identity")
TRELLIS_OIDC_ISSUER = env_str("TRELLIS_OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = env_str("TRELLIS_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("TRELLIS_OIDC_CLIENT_SECRET", "")
if TRELLIS_OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "TRELLIS_OIDC_ISSUER is set: so must TRELLIS_OIDC_CLIENT_ID and TRELLIS_OIDC_CLIENT_SECRET"
    )
if TRELLIS_OIDC_ISSUER and not TRELLIS_OIDC_ISSUER.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"TRELLIS_OIDC_ISSUER must be a URL, not {TRELLIS_OIDC_ISSUER!r}")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("TRELLIS_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("TRELLIS_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("TRELLIS_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("TRELLIS_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("TRELLIS_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("TRELLIS_OIDC_SCOPES", "openid email profile")
TRELLIS_OIDC_EMAIL_CLAIM = env_str("TRELLIS_OIDC_EMAIL_CLAIM", "email")
TRELLIS_OIDC_EMPLOYEE_ID_CLAIM = env_str("TRELLIS_OIDC_EMPLOYEE_ID_CLAIM", "employee_id")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("TRELLIS_OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
# Password login for superusers only (break-glass) when single sign-on is the way in.
TRELLIS_SSO_ONLY = env_bool("TRELLIS_SSO_ONLY", False)
if TRELLIS_SSO_ONLY and not TRELLIS_OIDC_ISSUER:
    raise ImproperlyConfigured("TRELLIS_SSO_ONLY needs single sign-on: set TRELLIS_OIDC_ISSUER")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "trellis.identity.backends.PasswordBackend",
    "trellis.identity.oidc.TrellisOIDCBackend",
]
_template_options: dict[str, list[str]] = TEMPLATES[0]["OPTIONS"]  # type: ignore[assignment]
_template_options["context_processors"].append("trellis.identity.context_processors.sso")
