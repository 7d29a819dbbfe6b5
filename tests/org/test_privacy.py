"""Export of a person's data and erasure on request (DESIGN §4, §9)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.cast import PASSWORD, Cast, ClientFor
from trellis.careers import services as careers
from trellis.careers.models import Goal
from trellis.org.access import viewer_for
from trellis.org.models import AuditEvent, Person
from trellis.org.privacy import PrivacyError, personal_data_erase, personal_data_export
from trellis.skills.models import PersonSkill
from trellis.talks import services as talks
from trellis.talks.models import Conversation, TalkVisibility

WHEN = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _archive(data: bytes) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name.removesuffix(".json"): json.loads(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".json")
        }


@pytest.fixture
def lived(cast: Cast) -> Cast:
    careers.goal_create(actor=cast.ada.user, person=cast.ada, title="Lead the storage guild")
    for visibility, summary in (
        (TalkVisibility.SHARED, "Talked paths"),
        ("private", "Seems restless"),
    ):
        talks.conversation_log(
            viewer=viewer_for(cast.maya.user),
            person=cast.ada,
            when=WHEN,
            summary=summary,
            visibility=visibility,
        )
    return cast


def test_export_holds_what_the_person_may_read_about_themselves(lived: Cast) -> None:
    export = personal_data_export(actor=lived.ada.user, person=lived.ada)
    files = _archive(export.content)
    assert files["org.Person"][0]["employee_id"] == lived.ada.employee_id  # type: ignore[index]
    assert [g["title"] for g in files["careers.Goal"]] == ["Lead the storage guild"]  # type: ignore[union-attr]
    assert {s["skill"] for s in files["skills.PersonSkill"]} == {  # type: ignore[union-attr]
        lived.python.pk,
        lived.sql.pk,
    }
    # The manager's private note is the manager's: not in the employee's archive.
    assert [c["summary"] for c in files["talks.Conversation"]] == ["Talked paths"]  # type: ignore[union-attr]
    assert "Seems restless" not in export.content.decode("latin-1")
    assert export.filename.startswith(f"trellis-personal-data-{lived.ada.employee_id}-")
    event = AuditEvent.objects.get(action="org.personal_data.export")
    assert event.target_id == str(lived.ada.pk) and event.detail["records"] == sum(
        export.counts.values()
    )


def test_the_author_gets_their_own_notes_under_authored(lived: Cast) -> None:
    files = _archive(personal_data_export(actor=None, person=lived.maya).content)
    assert sorted(c["summary"] for c in files["authored/talks.Conversation"]) == [  # type: ignore[union-attr]
        "Seems restless",
        "Talked paths",
    ]
    assert files["talks.Conversation"] == []


def test_anonymous_feedback_is_exported_without_names_and_only_past_the_threshold(
    cast: Cast,
) -> None:
    extra = [
        Person.objects.create(
            employee_id=f"X{i}", first_name="Col", last_name=f"League {i}", email=""
        )
        for i in range(2)
    ]
    request = talks.feedback_request_create(
        viewer=viewer_for(cast.ada.user), respondents=[cast.otto, *extra], anonymous=True
    )
    answers = list(request.answers.order_by("pk"))
    answers[0].known_for, answers[0].answered_at = "Calm in incidents", timezone.now()
    answers[0].save()
    assert (
        _archive(personal_data_export(actor=None, person=cast.ada).content)["talks.FeedbackAnswer"]
        == []
    )
    for answer in answers[1:]:
        answer.known_for, answer.answered_at = "Clear writing", timezone.now()
        answer.save()
    rows = _archive(personal_data_export(actor=None, person=cast.ada).content)[
        "talks.FeedbackAnswer"
    ]
    assert len(rows) == 3  # type: ignore[arg-type]
    assert all("respondent" not in row for row in rows)  # type: ignore[union-attr]


def test_my_data_page_asks_for_the_password_again(lived: Cast, client_for: ClientFor) -> None:
    client = client_for(lived.ada)
    url = reverse("my_data")
    assert b"Download my data" in client.get(url).content
    wrong = client.post(url, {"password": "not-it"})
    assert wrong.status_code == 200 and "That password is not right." in wrong.content.decode()
    assert not AuditEvent.objects.filter(action="org.personal_data.export").exists()
    right = client.post(url, {"password": PASSWORD})
    assert right["Content-Type"] == "application/zip"
    assert "careers.Goal" in _archive(right.content)


def test_my_data_is_only_ever_ones_own(cast: Cast, client) -> None:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user("nobody", password=PASSWORD)
    client.force_login(user)  # a login without a person in the organization
    assert client.get(reverse("my_data")).status_code == 404


def test_erasure_is_refused_while_the_person_is_active_or_manages_people(lived: Cast) -> None:
    with pytest.raises(PrivacyError, match="is still active"):
        personal_data_erase(actor=None, person=lived.ada)
    Person.objects.filter(pk=lived.maya.pk).update(is_active=False)
    lived.maya.refresh_from_db()
    with pytest.raises(PrivacyError, match="still manages 1 active people"):
        personal_data_erase(actor=None, person=lived.maya)
    assert Goal.objects.filter(person=lived.ada).exists()


def test_erasure_deletes_the_rows_blanks_the_record_and_removes_the_login(lived: Cast) -> None:
    Person.objects.filter(pk=lived.ada.pk).update(is_active=False)
    lived.ada.refresh_from_db()
    user_id = lived.ada.user_id
    counts = personal_data_erase(actor=lived.hana.user, person=lived.ada)
    assert counts["careers.Goal"] == 1 and counts["talks.Conversation"] == 2
    assert not Goal.objects.filter(person=lived.ada).exists()
    assert not PersonSkill.objects.filter(person=lived.ada).exists()
    assert not Conversation.objects.filter(person=lived.ada).exists()
    ada = Person.objects.get(pk=lived.ada.pk)
    assert (ada.first_name, ada.email, ada.title, ada.location, ada.user_id) == (
        "Erased",
        "",
        "",
        "",
        None,
    )
    assert not get_user_model().objects.filter(pk=user_id).exists()
    assert AuditEvent.objects.filter(
        action="org.personal_data.erase", target_id=str(ada.pk)
    ).exists()


def test_commands_export_and_erase(lived: Cast, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "ada.zip"
    call_command("export_personal_data", lived.ada.employee_id, "--out", str(out))
    assert "careers.Goal" in _archive(out.read_bytes())
    with pytest.raises(CommandError, match="exists already"):
        call_command("export_personal_data", lived.ada.employee_id, "--out", str(out))
    with pytest.raises(CommandError, match="No person has employee id 'nope'"):
        call_command("export_personal_data", "nope")
    with pytest.raises(CommandError, match="is still active"):
        call_command("erase_personal_data", lived.ada.employee_id)
    Person.objects.filter(pk=lived.ada.pk).update(is_active=False)
    capsys.readouterr()
    call_command("erase_personal_data", lived.ada.employee_id)
    assert "Nothing was changed" in capsys.readouterr().out
    assert Goal.objects.filter(person=lived.ada).exists()
    call_command("erase_personal_data", lived.ada.employee_id, "--confirm")
    assert "rows of Ada Lovelace were deleted" in capsys.readouterr().out
    assert not Goal.objects.filter(person=lived.ada).exists()
