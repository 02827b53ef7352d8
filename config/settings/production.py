"""Production: HTTPS only, a real secret, a password policy, static files served by WhiteNoise.

Everything an operator sets comes from the environment; the README lists each variable
("Running in production"). `manage.py check --deploy` is clean with the defaults below.
"""

import os

from .base import *  # noqa: F401,F403
from .base import MIDDLEWARE
from .env import env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = os.environ["SHANHAI_SECRET_KEY"]

# HTTPS. Behind a reverse proxy that terminates TLS, set SHANHAI_PROXY_SSL_HEADER to the header
# it sets (usually X-Forwarded-Proto) — only when the proxy overwrites that header on every
# request, or a client could claim HTTPS over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SHANHAI_SSL_REDIRECT", True)
_proxy_header = env_str("SHANHAI_PROXY_SSL_HEADER")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_HSTS_SECONDS = env_int("SHANHAI_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SHANHAI_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SHANHAI_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Office computers are shared: a session ends with the browser, and after 8 hours at the latest.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("SHANHAI_SESSION_HOURS", 8) * 3600

# Passwords: GB/T 22239-2019 (等保 2.0) asks for a complexity rule; length, common passwords,
# similarity to the account's name and three kinds of character.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("SHANHAI_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "shanhai.core.auth.CharacterKindsValidator", "OPTIONS": {"kinds": 3}},
]

# Static files (ours and node_modules' pinned JS, see ADR 005): `manage.py collectstatic` copies them
# into STATIC_ROOT with hashed names; WhiteNoise serves them from the app, compressed and cached
# for a year, so no separate web server is needed for them.
# Right after SecurityMiddleware, so static files get the HTTPS redirect and headers too.
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [*MIDDLEWARE[:_after_security], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[_after_security:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
