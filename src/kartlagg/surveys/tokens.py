"""Access-link secrets and the brake on guessing them.

A token is `<selector>.<secret>`: the selector finds the row, sha256(secret) is compared with
hmac.compare_digest, so neither a stored hash nor response timing helps an attacker. Failed attempts
are counted per client address in the cache (Redis in production, KARTLAGG_REDIS_URL); past the limit
every link answer is 429 for the rest of the window, valid or not, so guessing cannot go on.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache

SELECTOR_BYTES = 9  # 12 url-safe characters
SECRET_BYTES = 32  # 256 bits: unguessable


def new_token() -> tuple[str, str, str]:
    """(token for the URL, selector to store, verifier hash to store)."""
    selector = secrets.token_urlsafe(SELECTOR_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return f"{selector}.{secret}", selector, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def split_token(token: str) -> tuple[str, str] | None:
    selector, dot, secret = token.partition(".")
    if not dot or not selector or not secret or len(token) > 120:
        return None
    return selector, secret


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def _limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "KARTLAGG_SURVEY_LINK_MAX_FAILURES", 10)),
        int(getattr(settings, "KARTLAGG_SURVEY_LINK_WINDOW_SECONDS", 900)),
    )


def _key(client: str) -> str:
    return f"kartlagg:surveys:link-failures:{hashlib.sha256(client.encode()).hexdigest()[:32]}"


def guessing_blocked(client: str) -> bool:
    max_failures, _ = _limit()
    return int(cache.get(_key(client), 0)) >= max_failures


def record_failure(client: str) -> int:
    """Count one failed link for this client; returns the count in the current window."""
    _, window = _limit()
    key = _key(client)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1
