"""Start the test OpenID Connect provider (tests/identity/provider) on loopback.

The port is TRELLIS_TEST_OIDC_PORT when set, else one the system hands out.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "trellis-test-client"
CLIENT_SECRET = "trellis-test-secret-0123456789"
PROVIDER_PASSWORD = "provider-password-42"
# Provider users: username is the employee id claim. Employee ids match the test cast
# (tests/cast.py) where a person should be let in.
USERS = [
    {"username": "E-ada", "email": "someone-else@example.com"},
    # Known by work e-mail only: the provider's employee id is not Trellis's.
    {"username": "X-999", "email": "Maya@Example.com"},
    {"username": "E-otto", "email": "otto@example.com"},
    {"username": "E-nobody", "email": "nobody@example.com"},
]


@dataclass(frozen=True)
class Provider:
    issuer: str
    private_key_pem: bytes

    def settings(self) -> dict[str, object]:
        """Trellis settings that point single sign-on at this provider."""
        return {
            "TRELLIS_OIDC_ISSUER": self.issuer,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _check_free(port: int) -> None:
    """Refuse to start beside another server on the port: its keys would not be ours."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            raise RuntimeError(f"port {port} for the test OIDC provider is in use") from None


def run_provider(workdir: Path) -> Iterator[Provider]:
    port = int(os.environ.get("TRELLIS_TEST_OIDC_PORT") or _free_port())
    _check_free(port)
    issuer = f"http://127.0.0.1:{port}/o"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (workdir / "key.pem").write_bytes(pem)
    setup = {
        "client": {
            "id": CLIENT_ID,
            "secret": CLIENT_SECRET,
            # Loopback redirects may use any port (RFC 8252), so the live server's fits.
            "redirect_uris": [
                "http://127.0.0.1/sso/callback/",
                "http://testserver/sso/callback/",
            ],
        },
        "users": [dict(user, password=PROVIDER_PASSWORD) for user in USERS],
    }
    (workdir / "setup.json").write_text(json.dumps(setup))
    env = dict(
        os.environ,
        OIDC_PROVIDER_DB=str(workdir / "provider.sqlite3"),
        OIDC_PROVIDER_KEY=str(workdir / "key.pem"),
        OIDC_PROVIDER_ISSUER=issuer,
        PYTHONPATH=str(ROOT),
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (workdir / "provider.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "tests.identity.provider.serve",
            str(port),
            str(workdir / "setup.json"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    "The test OIDC provider stopped: " + (workdir / "provider.log").read_text()
                )
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration/", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("The test OIDC provider did not start within 60 s")
            time.sleep(0.2)
        if process.poll() is not None:
            raise RuntimeError(
                "The test OIDC provider stopped: " + (workdir / "provider.log").read_text()
            )
        yield Provider(issuer=issuer, private_key_pem=pem)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    yield from run_provider(tmp_path_factory.mktemp("oidc-provider"))


@pytest.fixture
def sso_settings(settings, oidc_provider: Provider):  # type: ignore[no-untyped-def]
    """Point Trellis's single sign-on at the test provider for one test."""
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    return settings
