"""`manage.py check --deploy` is clean with production settings (DESIGN §9, Headers)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

ROOT = Path(__file__).resolve().parent.parent


def _check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TRELLIS_", "DJANGO_"))}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check() -> None:
    result = _check_deploy(
        TRELLIS_PRODUCTION="true",
        TRELLIS_SECRET_KEY="k3Q-" + "v8x_Zp2LmN7rT4yW9bC1dF6gH0jK5sA3eR8uI2oP7qX4zV1nM6",
        TRELLIS_ALLOWED_HOSTS="trellis.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_the_check_would_see_development_settings() -> None:
    # The same check on the (development-like) test settings warns — no HSTS, no SSL
    # redirect, cookies without the secure flag — so the test above can fail.
    with pytest.raises(SystemCheckError) as found:
        call_command("check", deploy=True, fail_level="WARNING")
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in str(found.value), warning
