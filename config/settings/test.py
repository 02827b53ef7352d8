from .base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The in-memory test database is one shared cache, where busy timeouts do not apply: BEGIN
    # IMMEDIATE in each test's transaction would only lock out the test's other connections (the
    # backup test's reader). The file-database behaviour is tested in test_sqlite_concurrency.
    _default = DATABASES["default"]  # noqa: F405
    DATABASES = {"default": {**_default, "OPTIONS": {**_default["OPTIONS"], "transaction_mode": "DEFERRED"}}}
