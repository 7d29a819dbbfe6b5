"""Run the test OpenID Connect provider: ``python -m tests.identity.provider.serve PORT SETUP``.

SETUP is a JSON file with the client (id, secret, redirect URIs) and the provider's users.
The environment names the database file, the signing key and the issuer URL.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> None:
    port = int(sys.argv[1])
    setup = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.identity.provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    client = setup["client"]
    Application.objects.update_or_create(
        client_id=client["id"],
        defaults={
            "name": "Trellis",
            "client_secret": client["secret"],
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": " ".join(client["redirect_uris"]),
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )
    for entry in setup["users"]:
        user, _ = User.objects.get_or_create(username=entry["username"])
        user.email = entry["email"]
        user.set_password(entry["password"])
        user.save()
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
