"""API tokens: a coordinator's scripts authenticate with a bearer token; only its hash is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. 'weekly export'.")
    )
    # The first characters of the token, so that a user can tell tokens apart without the secret.
    prefix = models.CharField(max_length=12)
    # SHA-256 of the whole token. Tokens are 256-bit random strings, so a fast hash is enough:
    # there is nothing to brute-force that is smaller than the token itself.
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(key_hash__regex=r"^[0-9a-f]{64}$"), name="apitoken_hash_hex"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.user})"
