"""Logging in: the production password rule, the lockout after repeated failures and its message,
the API's token and logout endpoints, and logout revoking the token."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_out
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .tokens import token_expires_at, token_for, token_revoke


class CharacterKindsValidator:
    """At least ``kinds`` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, kinds: int = 3):
        self.kinds = kinds

    @staticmethod
    def _kinds(password: str) -> int:
        return sum(
            [
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            ]
        )

    def validate(self, password, user=None):
        if self._kinds(password) < self.kinds:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、其他符号中的至少 %(kinds)d 种。") % {"kinds": self.kinds}


# ---------------------------------------------------------------- failed logins (django-axes)


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a login while its username and address are locked out (the page, the admin, the API token).

    Every login a person makes comes with a request; a call without one (``manage.py shell``,
    ``Client.login`` in a test) is code, not a guess at a password, and is not counted.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("登录失败次数过多，该账户在此地址已被暂时锁定。请 %(minutes)d 分钟后再试，或请系统管理员解锁。") % {
        "minutes": minutes
    }


def lockout_response(request, original_response=None, credentials=None):
    """429 with the reason in Chinese: JSON for the API, a page for people."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(request, "core/locked_out.html", {"message": lockout_message()}, status=status)


def client_ip(request) -> str | None:
    """The caller's address; behind a reverse proxy, from the header it sets (SHANHAI_CLIENT_IP_HEADER).

    Without the header every office would share the proxy's address, and one office's failures
    would lock out another's.
    """
    header = settings.SHANHAI_CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        first = value.split(",")[0].strip()  # X-Forwarded-For: client, proxy1, proxy2
        if first:
            return first
    return request.META.get("REMOTE_ADDR")


# ---------------------------------------------------------------- API tokens (see core.tokens)


class TokenIssued(serializers.Serializer):
    token = serializers.CharField(help_text="放在请求头中：Authorization: Token <token>")
    expires = serializers.DateTimeField(help_text="令牌失效时间；此后请重新获取")


class ObtainToken(ObtainAuthToken):
    """A token for a username and password; an expired token is replaced, a locked-out login refused (429)."""

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenIssued}, summary="获取接口令牌", tags=["auth"])
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        valid = serializer.is_valid()
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request)
        if not valid:
            raise exceptions.ValidationError(serializer.errors)
        token = token_for(serializer.validated_data["user"])
        return Response(TokenIssued({"token": token.key, "expires": token_expires_at(token)}).data)


class TokenLogout(APIView):
    """Logs the caller out of the API: their token is deleted (and a session, if they came with one, ended)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, summary="退出登录：作废调用者的令牌", tags=["auth"])
    def post(self, request):
        token_revoke(request.user)
        if request.auth is None:  # signed in with a session cookie
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@receiver(user_logged_out)
def revoke_token_on_logout(sender, request, user, **kwargs):
    """Logging out of the pages (or the admin) ends API access too: a token left behind outlives the session."""
    if user is not None:
        token_revoke(user)
