"""API tokens that expire, and their revocation.

Kept apart from core.auth's views: DRF reads DEFAULT_AUTHENTICATION_CLASSES while its views module
loads, so the authentication class must live in a module that does not import DRF's views.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_expires_at(token):
    return token.created + timedelta(hours=settings.SHANHAI_TOKEN_TTL_HOURS)


def token_expired(token) -> bool:
    return timezone.now() >= token_expires_at(token)


def token_for(user):
    """The user's token, replaced by a fresh one when it has expired."""
    with transaction.atomic():
        token, created = Token.objects.select_for_update().get_or_create(user=user)
        if not created and token_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return token


def token_revoke(user) -> int:
    """Deletes the user's API token; the next call with it answers 401."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    return deleted


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, with tokens valid for SHANHAI_TOKEN_TTL_HOURS after they were issued."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取。"))
        return user, token
