"""Logins and tokens: repeated failures lock a login out, API tokens expire, logging out revokes them.

Failed attempts are rows (django-axes' AccessAttempt) written inside each test's transaction, so a
lockout here never reaches another test; tests that hammer a login still reset it when done.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

GUESSES = 40
LOCKED = "登录失败次数过多"


@pytest.fixture(autouse=True)
def no_lockout_left_behind():
    yield
    reset()  # every lockout and failure count this test made


def logged_in_as(client):
    response = client.get("/")
    return response.wsgi_request.user.username if response.status_code == 200 else None


def test_forty_wrong_passwords_lock_the_login_page_even_for_the_right_one(client):
    answers = [client.post("/login/", {"username": "bijiang", "password": f"guess{n}"}) for n in range(GUESSES)]
    assert [a.status_code for a in answers[:4]] == [200] * 4  # the form again, with Django's message
    assert all(a.status_code == 429 for a in answers[4:])  # the fifth failure locks
    page = answers[-1].content.decode()
    assert LOCKED in page and "30 分钟后再试" in page

    right = client.post("/login/", {"username": "bijiang", "password": "demo"})
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert logged_in_as(client) is None


def test_a_lockout_ends_after_the_cool_off(client):
    for n in range(5):
        client.post("/login/", {"username": "bijiang", "password": f"guess{n}"})
    assert client.post("/login/", {"username": "bijiang", "password": "demo"}).status_code == 429
    # Thirty-one minutes on: the failures are past the cool-off and the right password works again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert client.post("/login/", {"username": "bijiang", "password": "demo"}).status_code == 302
    assert logged_in_as(client) == "bijiang"


def test_a_lockout_holds_that_username_at_that_address_only(client):
    for n in range(5):
        client.post("/login/", {"username": "bijiang", "password": f"guess{n}"})
    # Another office logs in from the same address; bijiang from another address is not locked either.
    assert client.post("/login/", {"username": "kunshan", "password": "demo"}).status_code == 302
    other = client.__class__(REMOTE_ADDR="10.52.6.9")
    assert other.post("/login/", {"username": "bijiang", "password": "demo"}).status_code == 302


def test_a_successful_login_clears_earlier_failures(client):
    for n in range(4):
        client.post("/login/", {"username": "bijiang", "password": f"guess{n}"})
    assert client.post("/login/", {"username": "bijiang", "password": "demo"}).status_code == 302
    client.post("/logout/")
    for n in range(4):  # four more: the count started again, so still not locked
        assert client.post("/login/", {"username": "bijiang", "password": f"again{n}"}).status_code == 200


def test_forty_wrong_passwords_lock_the_admin_login(client):
    for n in range(GUESSES):
        client.post("/admin/login/", {"username": "admin", "password": f"guess{n}", "next": "/admin/"})
    right = client.post("/admin/login/", {"username": "admin", "password": "demo", "next": "/admin/"})
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert client.get("/admin/").status_code == 302  # still sent to the admin's login


def test_forty_wrong_passwords_lock_the_api_token_endpoint():
    api = APIClient()
    answers = [
        api.post("/api/auth/token/", {"username": "bijiang", "password": f"guess{n}"}, format="json")
        for n in range(GUESSES)
    ]
    assert [a.status_code for a in answers[:4]] == [400] * 4
    assert all(a.status_code == 429 for a in answers[4:])
    right = api.post("/api/auth/token/", {"username": "bijiang", "password": "demo"}, format="json")
    assert right.status_code == 429
    assert LOCKED in right.json()["detail"] and "token" not in right.json()
    assert not Token.objects.filter(user__username="bijiang").exists()


def test_behind_a_proxy_the_lockout_follows_the_configured_client_address_header(client, settings):
    settings.SHANHAI_CLIENT_IP_HEADER = "X-Real-IP"
    for n in range(5):
        client.post("/login/", {"username": "bijiang", "password": f"guess{n}"}, HTTP_X_REAL_IP="10.52.6.1")
    assert client.post("/login/", {"username": "bijiang", "password": "demo"}, HTTP_X_REAL_IP="10.52.6.1").status_code == 429
    # The same proxy (REMOTE_ADDR) forwarding another office's address: not locked.
    assert client.post("/login/", {"username": "bijiang", "password": "demo"}, HTTP_X_REAL_IP="10.52.6.2").status_code == 302


# ---------------------------------------------------------------- tokens


def token_client(token_key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
    return api


def obtain(username="bijiang"):
    response = APIClient().post("/api/auth/token/", {"username": username, "password": "demo"}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_token_says_when_it_expires():
    issued = obtain()
    token = Token.objects.get(key=issued["token"])
    expires = timezone.datetime.fromisoformat(issued["expires"])
    assert expires - token.created == timedelta(hours=12)
    assert token_client(issued["token"]).get("/api/orgs/").status_code == 200


def test_an_expired_token_is_refused_with_401():
    key = obtain()["token"]
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(hours=12, minutes=1))
    response = token_client(key).get("/api/orgs/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "令牌已过期，请重新获取。"


def test_the_ttl_is_a_setting(settings):
    settings.SHANHAI_TOKEN_TTL_HOURS = 1
    key = obtain()["token"]
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(minutes=61))
    assert token_client(key).get("/api/orgs/").status_code == 401


def test_obtaining_a_token_after_expiry_issues_a_fresh_one():
    old = obtain()["token"]
    assert obtain()["token"] == old  # still valid: the same token
    Token.objects.filter(key=old).update(created=timezone.now() - timedelta(hours=13))
    new = obtain()["token"]
    assert new != old
    assert token_client(old).get("/api/orgs/").status_code == 401
    assert token_client(new).get("/api/orgs/").status_code == 200


def test_api_logout_revokes_the_callers_token_only():
    key = obtain("bijiang")["token"]
    other = obtain("kunshan")["token"]
    api = token_client(key)
    assert api.post("/api/auth/logout/").status_code == 204
    assert api.get("/api/orgs/").status_code == 401
    assert not Token.objects.filter(key=key).exists()
    assert token_client(other).get("/api/orgs/").status_code == 200


def test_api_logout_needs_a_caller():
    assert APIClient().post("/api/auth/logout/").status_code in (401, 403)


def test_logging_out_of_the_pages_revokes_the_api_token(client):
    key = obtain("bijiang")["token"]
    assert client.post("/login/", {"username": "bijiang", "password": "demo"}).status_code == 302
    assert client.post("/logout/").status_code == 302
    assert token_client(key).get("/api/orgs/").status_code == 401
    assert not Token.objects.filter(user__username="bijiang").exists()


def test_logging_out_of_the_admin_revokes_the_api_token(client_for):
    key = obtain("admin")["token"]
    client = client_for("admin")
    assert client.post("/admin/logout/").status_code == 302
    assert token_client(key).get("/api/orgs/").status_code == 401


def test_the_schema_documents_token_and_logout(client):
    schema = client.get("/api/schema/?format=json").json()
    logout = schema["paths"]["/api/auth/logout/"]["post"]
    assert "204" in logout["responses"] and "requestBody" not in logout
    token = schema["paths"]["/api/auth/token/"]["post"]
    issued = token["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][issued]["properties"]) == {"token", "expires"}
