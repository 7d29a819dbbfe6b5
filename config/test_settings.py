"""Test-only tweaks on top of the real settings."""

from __future__ import annotations

import os

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One database connection per test: the market rebuilds its data in the request instead of
# on a background thread (a test of the background rebuild turns it back on).
TRELLIS_MARKET_BACKGROUND_REFRESH = False
# API rates high enough that no test (the schema fuzzing included) meets them by accident;
# the throttle tests set their own low rates.
TRELLIS_API_RATE_USER = "100000/min"
TRELLIS_API_RATE_ANONYMOUS = "100000/min"

# On SQLite the test database is a file, like the real one: an in-memory database shared
# between threads answers "table is locked" at once instead of waiting its turn, so the
# tests of concurrent writes could not run there. The file is named for the process, so two
# test runs in one checkout (or two parallel workers) never share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _test_file = f"test-{os.getpid()}.sqlite3"
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405 - a fresh clone has no var/ yet
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / _test_file)}  # noqa: F405
