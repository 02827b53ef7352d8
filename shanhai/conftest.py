"""Test set-up shared by every app: the demo world, loaded once per run through the import engine.

Tests run inside transactions on top of it, so each test sees the seeds' data and leaves it as
it found it. Browser tests (live server, real commits) load it again for themselves.
"""

import os

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    from shanhai.demo.services import demo_load

    name = str(connection.settings_dict["NAME"])
    if "test" not in name and "memory" not in name:  # never the real database
        raise RuntimeError(f"refusing to load the demo into {name}: not a test database")
    with django_db_blocker.unblock():
        demo_load()


@pytest.fixture
def demo_users(db):
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def client_for(client, demo_users):
    """client_for('bijiang') → a test client logged in as that demo account."""

    def login(username):
        client.force_login(demo_users[username])
        return client

    return login


# Browser tests: Debian's chromium only, never a downloaded browser.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser test skipped: {CHROMIUM} not found (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh Chinese-locale browser page of desktop size."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1360, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_live_server(live_server, transactional_db):
    """A live server over the demo world (the transactional flush empties the database after)."""
    from shanhai.demo.services import demo_load

    demo_load()
    return live_server
