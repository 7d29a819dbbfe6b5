from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django import Settings

from tests.cast import Cast, ClientFor
from trellis.org.models import AuditEvent
from trellis.skills.models import Role, Skill

DATA = Path(__file__).parent / "data"
URL = "/roles/import/"


@pytest.fixture(autouse=True)
def _scratch(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.TRELLIS_IMPORT_DIR = tmp_path


def _zip(folder: Path, *, inside: str = "") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{inside}{path.name}")
    return SimpleUploadedFile("taxonomy.zip", buffer.getvalue(), content_type="application/zip")


def test_url_name() -> None:
    assert reverse("taxonomy_source_import") == URL


@pytest.mark.parametrize("who", ["ada", "maya", "otto"])
def test_refused_users_get_404_and_nothing_changes(
    client_for: ClientFor, cast: Cast, who: str
) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(URL).status_code == 404
    response = client.post(URL, {"source": "esco", "archive": _zip(DATA / "esco-1.0")})
    assert response.status_code == 404
    assert client.post(URL, {"confirm": "1"}).status_code == 404
    assert not Role.objects.filter(code__startswith="ESCO-").exists()


def test_esco_preview_then_confirm(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.hana)
    assert client.get(URL).status_code == 200
    # A ZIP of the folder itself (files under a folder name) works as well.
    response = client.post(
        URL, {"source": "esco", "archive": _zip(DATA / "esco-1.0", inside="esco-1.0/")}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Import ESCO: preview" in body
    assert "Dry run: created 5, updated 0, unchanged 0, rejected 2" in body
    assert "an ISCO unit group code has four digits" in body
    assert not Role.objects.filter(code__startswith="ESCO-").exists()
    assert not AuditEvent.objects.filter(action="taxonomy.import_esco").exists()
    response = client.post(URL, {"confirm": "1"})
    body = response.content.decode()
    assert "Import ESCO: done" in body
    assert "created 5, updated 0, unchanged 0, rejected 2" in body
    assert Role.objects.filter(code__startswith="ESCO-").count() == 5
    event = AuditEvent.objects.get(action="taxonomy.import_esco")
    assert event.actor == cast.hana.user
    assert event.detail["occupations_en.csv"]["created"] == 5
    # The preview was used up: confirming again finds nothing to import.
    response = client.post(URL, {"confirm": "1"}, follow=True)
    assert "That preview has expired; upload the archive again." in response.content.decode()


def test_onet_import_by_an_admin(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.alex)
    response = client.post(URL, {"source": "onet", "archive": _zip(DATA / "onet")})
    assert "Import O*NET: preview" in response.content.decode()
    client.post(URL, {"confirm": "1"})
    assert Role.objects.filter(code="15-1252.00").exists()
    assert Skill.objects.filter(onet_id="2.A.1").exists()
    assert AuditEvent.objects.get(action="taxonomy.import_onet").actor == cast.alex.user


def test_cancel_discards_the_preview(client_for: ClientFor, cast: Cast, tmp_path: Path) -> None:
    client = client_for(cast.hana)
    client.post(URL, {"source": "esco", "archive": _zip(DATA / "esco-1.1.1")})
    assert list(tmp_path.glob("*.zip"))
    response = client.post(URL, {"cancel": "1"}, follow=True)
    assert "Import cancelled; nothing was changed." in response.content.decode()
    assert not list(tmp_path.glob("*.zip"))
    assert not Role.objects.filter(code__startswith="ESCO-").exists()


def test_bad_uploads_are_explained_and_the_choice_is_kept(
    client_for: ClientFor, cast: Cast, settings: Settings
) -> None:
    client = client_for(cast.hana)
    not_zip = SimpleUploadedFile("taxonomy.zip", b"not a zip", content_type="application/zip")
    response = client.post(URL, {"source": "esco", "archive": not_zip})
    body = response.content.decode()
    assert response.status_code == 400
    assert "The file is not a ZIP archive." in body
    assert 'value="esco" required id="id_source_1" checked' in body
    wrong = SimpleUploadedFile("skills.csv", b"a,b\n", content_type="text/csv")
    response = client.post(URL, {"source": "onet", "archive": wrong})
    assert "Upload a .zip archive of the folder&#x27;s files." in response.content.decode()
    response = client.post(URL, {"source": "onet", "archive": _zip(DATA / "esco-1.0")})
    assert "&quot;Occupation Data.txt&quot; is missing" in response.content.decode()
    settings.TRELLIS_MAX_IMPORT_BYTES = 100
    response = client.post(URL, {"source": "esco", "archive": _zip(DATA / "esco-1.0")})
    assert "The file is larger than the limit of 100 bytes." in response.content.decode()
    assert not Role.objects.filter(code__startswith="ESCO-").exists()
