"""One environment-driven settings file.

Environment:
  DATABASE_URL     default sqlite:///var/gongkai.sqlite3; postgres://… in production
  SECRET_KEY       required when DEBUG is off
  DEBUG            "1" for development
  ALLOWED_HOSTS    comma separated
  GONGKAI_SITE_URL the public address, e.g. https://gongkai.example.gov.cn (links in mail)
  EMAIL_URL-like settings: EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, DEFAULT_FROM_EMAIL
  GONGKAI_FEE_PAUSES_REPLY_CLOCK  "1" (default) or "0" — see applications.deadlines
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# A public default key would let anyone forge sessions and tracking links:
# without SECRET_KEY only development (DEBUG=1) and the test run may start.
_TESTING = "pytest" in sys.modules or env_bool("GONGKAI_TESTING", False)
# Type checking and commands that only read the code never sign anything with the key.
_KEYLESS_COMMAND = "mypy" in sys.modules or (
    Path(sys.argv[0]).name == "manage.py"
    and sys.argv[1:2]
    in (
        ["makemigrations"],
        ["compilemessages"],
        ["makemessages"],
        ["collectstatic"],
        ["spectacular"],
        ["help"],
    )
)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or _TESTING or _KEYLESS_COMMAND):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DEBUG is off: refusing to start on a public key. "
            "Set SECRET_KEY (50+ random characters) or DEBUG=1 for development. "
            "未设置 SECRET_KEY，且未开启调试模式：拒绝启动。"
        )
    SECRET_KEY = "dev-only-insecure-key-change-me"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # sitemap.xml of the catalogue's item pages
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    *(["django_rq"] if os.environ.get("REDIS_URL") else []),
    "gongkai.core",
    "gongkai.agencies",
    "gongkai.applications",
    "gongkai.catalog",
    "gongkai.reports",
    "gongkai.portal",
    "gongkai.api",
]

MIDDLEWARE = [
    # First: a repeated anonymous GET of a marked public page is answered from memory,
    # with a fresh CSP nonce, before the rest of the stack (core/pagecache.py).
    "gongkai.core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.core.middleware.SecurityHeadersMiddleware",  # CSP and no-store (issue 9)
    "gongkai.core.errors.DatabaseUnavailableMiddleware",  # 503 / NUL → 400 (issue 9)
    "gongkai.core.site.VaryOnDisplayMiddleware",  # 长者模式 / font size pages vary by cookie
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.middleware.nonce",
                "gongkai.core.site.context",  # site name, 主办单位, filing numbers, display mode
                "gongkai.portal.columns.context",  # the portal's column bar and page meta
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent registrations queue
    # instead of failing with "database is locked" half-way through (numbering).
    DATABASES["default"]["OPTIONS"] = {
        # Busy timeout below gunicorn's 30 s, so a locked database answers 503, not a killed worker.
        "timeout": int(os.environ.get("GONGKAI_DB_BUSY_TIMEOUT", "20")),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "office:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
# GONGKAI_LOCALE: scripts/messages.py check rebuilds the catalogue in a temporary copy.
LOCALE_PATHS = [Path(os.environ.get("GONGKAI_LOCALE", BASE_DIR / "gongkai" / "locale"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "gongkai" / "static"]
STATIC_ROOT = VAR_DIR / "static"
# Uploaded identity copies and corrections are private: they live outside any
# served directory and are streamed only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("GONGKAI_PRIVATE_MEDIA", VAR_DIR / "private"))

# Throttles, login lockouts and the calendar version must be shared by every
# worker: Redis when REDIS_URL is set, else a table in the project's database
# (created by migrate, core/migrations/0003). Never per-process memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    if os.environ.get("REDIS_URL")
    else {
        "BACKEND": "gongkai.core.cache.SharedDatabaseCache",
        "LOCATION": "gongkai_cache",
        # Culling would drop live lockout counters: allow many entries.
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
}

# Background work (core/jobs.py) through Django's tasks interface. The database queue is
# the default and needs nothing else (`manage.py run_worker`); with REDIS_URL the jobs go
# to RQ on Redis so workers can run on other machines (`manage.py rqworker default`).
if os.environ.get("REDIS_URL"):
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": 600}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Development prints mail to the console with addresses masked and 查询码 blanked
# (core/mail.py); production sets EMAIL_BACKEND to SMTP.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "gongkai.core.mail.RedactingConsoleBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # HTTP Basic, only where GONGKAI["API_BASIC_AUTH"] allows it (see below).
        "gongkai.api.authentication.LockoutBasicAuthentication",
        # Provincial platforms and scripts: a token per service account (admin creates it).
        # Both go through the login lockout (api/authentication.py).
        "gongkai.api.authentication.LockoutTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Anonymous callers (public calendar, agencies, submission) are limited per address,
    # staff and service accounts per user; the counts live in the shared default cache,
    # so every worker sees the same ones (security H1).
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "60/min"),
        "user": os.environ.get("API_USER_RATE", "1200/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gongkai API",
    "DESCRIPTION": _(
        "政府信息公开平台 REST API：依申请公开案件、期限与答复，主动公开目录，工作日计算和办理统计。"
    ),
    "VERSION": "1",
    # One component per choice set: several models share field names ("kind",
    # "method", "status"), which would otherwise collide (spectacular --fail-on-warn).
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "gongkai.applications.models.Status",
        "EventKindEnum": "gongkai.applications.models.EventKind",
        "LetterKindEnum": "gongkai.applications.models.LetterKind",
        "AttachmentKindEnum": "gongkai.applications.models.AttachmentKind",
        "ConsultationKindEnum": "gongkai.applications.models.ConsultationKind",
        "AppealKindEnum": "gongkai.applications.models.AppealKind",
        "DeliveryMethodEnum": "gongkai.applications.models.DeliveryMethod",
        "FeeMethodEnum": "gongkai.applications.models.FeeMethod",
        "ProvisionModeEnum": "gongkai.applications.models.ProvisionMode",
        "ClockStateEnum": "gongkai.applications.deadlines.ClockRun",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- gongkai settings -------------------------------------------------------
# Rules the sources mark [I]/[U] are settings, not code (regs/summary.md §F).
GONGKAI = {
    # fees.md: whether the time from fee notice to payment is excluded from the
    # 20-working-day reply period is unverified; default on, configurable.
    "FEE_PAUSES_REPLY_CLOCK": env_bool("GONGKAI_FEE_PAUSES_REPLY_CLOCK", True),
    # 条例第三十条 sets no number for the correction period: local rules vary.
    "CORRECTION_PERIOD_WORKDAYS": int(os.environ.get("GONGKAI_CORRECTION_PERIOD_WORKDAYS", "15")),
    # Daily sweep: a case is "due soon" within this many working days.
    "DUE_SOON_WORKDAYS": 3,
    # Login throttling and portal rate limits.
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_SECONDS": 15 * 60,
    "PORTAL_TRACK_FAILURES_PER_HOUR": 20,
    # Behind a reverse proxy that sets X-Forwarded-For (and strips client copies), turn on.
    "TRUST_X_FORWARDED_FOR": env_bool("GONGKAI_TRUST_X_FORWARDED_FOR", False),
    "PORTAL_SUBMISSIONS_PER_HOUR": int(os.environ.get("GONGKAI_PORTAL_SUBMISSIONS_PER_HOUR", "20")),
    # An uploaded batch ZIP is removed when its job ends; one left behind (a failed job nobody
    # retried, a crash mid-upload) goes after this many days (`manage.py clean_report_batches`).
    "REPORT_BATCH_KEEP_DAYS": int(os.environ.get("GONGKAI_REPORT_BATCH_KEEP_DAYS", "7")),
}
# The site's public address (https://gk.example.gov.cn): mails link to the case page with it
# (a job has no request to build the address from). The default is the demo's address.
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- the public site as a 政府网站 (issue 7, portal.md §2) ------------------------
# The host government's name heads every page; the footer shows 主办单位, the 网站标识码
# and the ICP / 公安 filing numbers. The three numbers are issued by the authorities, so
# they have no demo default: a made-up number would be a false claim. Each is shown only
# when set.
GONGKAI_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "太仓市人民政府")
GONGKAI_SITE_HOST = os.environ.get("GONGKAI_SITE_HOST", "太仓市人民政府办公室")  # 主办单位
GONGKAI_SITE_ORGANISER = os.environ.get("GONGKAI_SITE_ORGANISER", "")  # 承办单位
GONGKAI_SITE_DOMAIN = os.environ.get("GONGKAI_SITE_DOMAIN", "")  # e.g. www.taicang.gov.cn
GONGKAI_SITE_ID_CODE = os.environ.get("GONGKAI_SITE_ID_CODE", "")  # 网站标识码, 10 digits
GONGKAI_SITE_ICP = os.environ.get("GONGKAI_SITE_ICP", "")  # ICP备案号
GONGKAI_SITE_PSB = os.environ.get("GONGKAI_SITE_PSB", "")  # 公安机关备案号
GONGKAI_SITE_CONTACT = os.environ.get(
    "GONGKAI_SITE_CONTACT", "太仓市人民政府办公室政务公开科 · 江苏省太仓市县府东街99号"
)
GONGKAI_SITE_PHONE = os.environ.get("GONGKAI_SITE_PHONE", "")
GONGKAI_SITE_EMAIL = os.environ.get("GONGKAI_SITE_EMAIL", "")
# The context processors that error pages run (core/errors.py): no database in any of them.
GONGKAI_ERROR_PAGE_CONTEXT = ["gongkai.core.site.context", "gongkai.portal.columns.context"]

# --- security hardening (issue 9) -------------------------------------------
# HTTP Basic on the API sends a password with every call. It shares the login
# lockout and audit, but is still off in production unless switched on.
GONGKAI["API_BASIC_AUTH"] = env_bool("GONGKAI_API_BASIC_AUTH", DEBUG)

# HTTPS behind a reverse proxy: each switch is off by default (development runs
# plain HTTP) and documented in README "Production settings".
SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("GONGKAI_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("GONGKAI_SSL_REDIRECT", False)
if env_bool("GONGKAI_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets X-Forwarded-Proto itself and drops client copies.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# Staff use shared office PCs: a session ends when the browser closes, and in
# any case after one working day (9:00–18:00 plus a margin), not after 14 days.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 10 * 3600

# Database faults: a dead server or a long lock must not park every worker until
# gunicorn kills it (30 s). Connect fast or fail; a statement or lock wait gives
# up before the worker timeout; the request then answers 503 (core/errors.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _ms = {
        "statement_timeout": int(os.environ.get("GONGKAI_DB_STATEMENT_TIMEOUT_MS", "25000")),
        "lock_timeout": int(os.environ.get("GONGKAI_DB_LOCK_TIMEOUT_MS", "20000")),
    }
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=int(os.environ.get("GONGKAI_DB_CONNECT_TIMEOUT", "5")),
        options=" ".join(f"-c {k}={v}" for k, v in _ms.items()),
    )
