"""The HR/admin import pages: who may use them, preview, confirm, cancel, limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.org.models import AuditEvent, Person
from trellis.skills.models import Skill

PEOPLE_CSV = (
    b"Employee ID,First Name,Last Name,Work Email,Supervisor EID\n"
    b"E-1,Grace,Hopper,grace@example.com,E-maya\n"
    b"E-2,Linus,Kernel,not-an-email,E-1\n"
)
SKILLS_CSV = b"name,category,aliases\nKubernetes,tool,K8s\nGo,language,\n"


@pytest.fixture(autouse=True)
def _upload_dir(settings: Any, tmp_path: Path) -> Path:
    settings.TRELLIS_IMPORT_DIR = tmp_path / "imports"
    return tmp_path / "imports"


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.mark.parametrize("url_name", ["import_people", "import_taxonomy"])
def test_anonymous_is_sent_to_login(client: Client, db: None, url_name: str) -> None:
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url_name", ["import_people", "import_taxonomy"])
@pytest.mark.parametrize("who", ["otto", "ada", "maya"])
def test_everyone_but_hr_and_admins_gets_404(
    client_for: ClientFor,
    cast: Cast,
    url_name: str,
    who: str,
) -> None:
    client = client_for(getattr(cast, who))

    assert client.get(reverse(url_name)).status_code == 404
    response = client.post(reverse(url_name), {"file": _upload("p.csv", PEOPLE_CSV)})
    assert response.status_code == 404
    assert not Person.objects.filter(employee_id="E-1").exists()


@pytest.mark.parametrize("url_name", ["import_people", "import_taxonomy"])
@pytest.mark.parametrize("who", ["hana", "alex"])
def test_hr_partners_and_admins_see_the_page(
    client_for: ClientFor,
    cast: Cast,
    url_name: str,
    who: str,
) -> None:
    response = client_for(getattr(cast, who)).get(reverse(url_name))

    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content


def test_people_preview_then_confirm(client_for: ClientFor, cast: Cast, _upload_dir: Path) -> None:
    client = client_for(cast.hana)
    url = reverse("import_people")
    people_before = Person.objects.count()

    preview = client.post(url, {"file": _upload("people.csv", PEOPLE_CSV)})

    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Dry run: created 1, updated 0, unchanged 0, rejected 1" in body
    assert "<td>3</td><td>Work Email</td><td><code>not-an-email</code></td>" in body
    assert "not a valid e-mail address" in body
    assert Person.objects.count() == people_before  # nothing written by the preview
    assert len(list(_upload_dir.glob("*.csv"))) == 1

    done = client.post(url, {"confirm": "1"})

    assert done.status_code == 200
    assert "created 1, updated 0, unchanged 0, rejected 1" in done.content.decode()
    grace = Person.objects.get(employee_id="E-1")
    assert grace.manager == cast.maya
    assert not Person.objects.filter(employee_id="E-2").exists()
    event = AuditEvent.objects.get(action="people.import")
    assert event.actor == cast.hana.user
    assert event.detail["file"] == "people.csv"
    assert list(_upload_dir.glob("*.csv")) == []  # the kept upload is gone

    again = client.post(url, {"confirm": "1"})  # a replayed confirmation imports nothing
    assert again.status_code == 302
    assert AuditEvent.objects.filter(action="people.import").count() == 1


def test_full_export_option_is_carried_to_the_confirmation(
    client_for: ClientFor, cast: Cast
) -> None:
    client = client_for(cast.alex)
    url = reverse("import_people")
    everyone = b"employee_id,first_name,last_name,email\nE-alex,Alex,Admin,alex@example.com\n"

    preview = client.post(url, {"file": _upload("all.csv", everyone), "full_export": "on"})
    assert "5 people absent from the file would be deactivated" in preview.content.decode()
    assert Person.objects.filter(is_active=True).count() == 6

    client.post(url, {"confirm": "1"})

    assert list(Person.objects.filter(is_active=True).values_list("employee_id", flat=True)) == [
        "E-alex"
    ]


def test_cancel_discards_the_upload(client_for: ClientFor, cast: Cast, _upload_dir: Path) -> None:
    client = client_for(cast.hana)
    url = reverse("import_people")
    client.post(url, {"file": _upload("people.csv", PEOPLE_CSV)})

    response = client.post(url, {"cancel": "1"})

    assert response.status_code == 302
    assert list(_upload_dir.glob("*.csv")) == []
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not Person.objects.filter(employee_id="E-1").exists()


def test_another_session_cannot_confirm_someone_elses_preview(
    client_for: ClientFor,
    cast: Cast,
) -> None:
    client_for(cast.hana).post(reverse("import_people"), {"file": _upload("p.csv", PEOPLE_CSV)})
    other = Client()
    other.force_login(User.objects.get(pk=cast.alex.user_id))

    response = other.post(reverse("import_people"), {"confirm": "1"})

    assert response.status_code == 302
    assert not Person.objects.filter(employee_id="E-1").exists()


def test_file_problems_are_shown_on_the_form(
    client_for: ClientFor, cast: Cast, _upload_dir: Path
) -> None:
    response = client_for(cast.hana).post(
        reverse("import_people"), {"file": _upload("p.csv", b"employee_id,email\nE-1,a@b.c\n")}
    )

    assert response.status_code == 200
    assert "Missing required columns: first_name, last_name." in response.content.decode()
    assert not _upload_dir.exists() or list(_upload_dir.glob("*.csv")) == []


def test_uploads_are_size_limited(client_for: ClientFor, cast: Cast, settings: Any) -> None:
    settings.TRELLIS_MAX_IMPORT_BYTES = 40

    response = client_for(cast.hana).post(
        reverse("import_people"), {"file": _upload("p.csv", PEOPLE_CSV)}
    )

    assert response.status_code == 200
    assert "The file is larger than the limit of 40 bytes." in response.content.decode()


def test_taxonomy_preview_then_confirm(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.alex)
    url = reverse("import_taxonomy")

    preview = client.post(url, {"skills": _upload("skills.csv", SKILLS_CSV)})

    body = preview.content.decode()
    assert "Dry run: skills: created 1, updated 0, unchanged 0, rejected 1" not in body
    assert "Dry run: created 1, updated 0, unchanged 0, rejected 1" in body
    assert "<td>3</td><td>category</td><td><code>language</code></td>" in body
    assert not Skill.objects.filter(name="Kubernetes").exists()

    done = client.post(url, {"confirm": "1"})

    assert done.status_code == 200
    assert Skill.objects.get(name="Kubernetes").aliases.get().name == "K8s"
    assert AuditEvent.objects.filter(action="taxonomy.import", actor=cast.alex.user).exists()


def test_taxonomy_needs_a_file(client_for: ClientFor, cast: Cast) -> None:
    response = client_for(cast.hana).post(reverse("import_taxonomy"), {})

    assert "Choose at least one file." in response.content.decode()
