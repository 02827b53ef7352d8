import os

from .base import *  # noqa: F401,F403

SECRET_KEY = os.environ["SHANHAI_SECRET_KEY"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
