"""Rate limits: failed logins per address, bad API tokens per address, API calls per caller.

The address is ``REMOTE_ADDR`` everywhere (axes' default, ``NINJA_NUM_PROXIES = 0``): a
client-supplied ``X-Forwarded-For`` must not choose its own bucket. Counters other than the
login failures (which axes keeps in the database) live in the ``shared`` cache, the database
cache in production, so every web worker counts in the same buckets (a per-process cache would
let eight workers allow eight times the rate).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.throttling import AnonRateThrottle, AuthRateThrottle


class _SharedCache:
    """``caches["shared"]``, looked up at each use (the handler is per thread, and a deployment
    or a test may change the cache settings after this module is imported)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(caches["shared"], name)


shared_cache: Any = _SharedCache()

# Login failures ------------------------------------------------------------------------------


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits instead of one.

    ``AXES_LOCKOUT_PARAMETERS`` is ``[["username", "ip_address"], "ip_address"]``: axes counts
    the failures of one username from one address, and of every username from one address,
    and compares the larger to ``AXES_FAILURE_LIMIT``. One limit for both would lock a whole
    office behind one NAT address after a handful of typos, so the address count is scaled:
    the pair locks at ``AXES_FAILURE_LIMIT`` failures, the address at
    ``TRELLIS_LOGIN_ADDRESS_FAILURE_LIMIT``.

    A successful login forgives only that username's failures from that address; it does not
    wipe the address's count, so an attacker holding one valid account cannot reset the limit
    on guessing others.
    """

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        attempts = self.get_user_attempts(request, credentials)
        if len(attempts) != 2:  # lockout parameters other than the documented pair
            return int(super().get_failures(request, credentials))
        pair_failures, address_failures = (
            sum(qs.values_list("failures_since_start", flat=True)) for qs in attempts
        )
        limit = int(settings.AXES_FAILURE_LIMIT)
        return max(pair_failures, address_failures * limit // login_address_limit())

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count


def login_address_limit() -> int:
    return max(int(settings.TRELLIS_LOGIN_ADDRESS_FAILURE_LIMIT), 1)


# Bad bearer tokens ---------------------------------------------------------------------------

_BAD_TOKEN_KEY = "trellis:bad-token:{address}"  # noqa: S105 - a cache key, not a secret


class TooManyBadTokens(Throttled):
    def __init__(self) -> None:
        super().__init__(wait=int(settings.TRELLIS_BAD_TOKEN_WINDOW_SECONDS))
        self.message = "Too many unknown API tokens from this address; try again later."


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def bad_tokens_exceeded(request: HttpRequest) -> bool:
    """True while the address has sent ``TRELLIS_BAD_TOKEN_LIMIT`` bad tokens in the window."""
    key = _BAD_TOKEN_KEY.format(address=client_address(request))
    return int(shared_cache.get(key, 0)) >= int(settings.TRELLIS_BAD_TOKEN_LIMIT)


def bad_token_count(request: HttpRequest) -> int:
    """Count one more bad token from the address; the window starts at the first one."""
    key = _BAD_TOKEN_KEY.format(address=client_address(request))
    shared_cache.add(key, 0, timeout=int(settings.TRELLIS_BAD_TOKEN_WINDOW_SECONDS))
    try:
        return shared_cache.incr(key)
    except ValueError:  # expired between add and incr
        shared_cache.set(key, 1, timeout=int(settings.TRELLIS_BAD_TOKEN_WINDOW_SECONDS))
        return 1


# API call rates ------------------------------------------------------------------------------


class _RateFromSettings:
    """Reads its rate from a Django setting at each call, so that a deployment (and a test)
    can change it without re-importing the API."""

    setting = ""
    cache = shared_cache

    def __init__(self) -> None:
        super().__init__(rate=getattr(settings, self.setting))  # type: ignore[call-arg]

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, self.setting)
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)  # type: ignore[attr-defined]
        return super().allow_request(request)  # type: ignore[misc]


class UserRateThrottle(_RateFromSettings, AuthRateThrottle):
    """Calls by one authenticated user (session or token), ``TRELLIS_API_RATE_USER``."""

    setting = "TRELLIS_API_RATE_USER"


class AnonymousRateThrottle(_RateFromSettings, AnonRateThrottle):
    """Calls from one address without valid credentials, ``TRELLIS_API_RATE_ANONYMOUS``."""

    setting = "TRELLIS_API_RATE_ANONYMOUS"
