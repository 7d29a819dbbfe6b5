from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from tests.cast import Cast
from tests.market.conftest import make_opportunity
from trellis.careers.models import Notification
from trellis.market import services
from trellis.market.models import Pairing
from trellis.org.access import viewer_for
from trellis.skills.models import PersonSkill


def test_send_digests_once_per_period(cast: Cast) -> None:
    make_opportunity(cast)
    services.opt_in_set(viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True)
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "1 digests sent." in out.getvalue()
    assert Notification.objects.filter(recipient=cast.ada, message__contains="fit you").count() == 1
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "0 digests sent." in out.getvalue()


def test_mentor_pairing_with_reasons(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=1, appetite="grow")
    services.opt_in_set(
        viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True, mentor_capacity=1
    )
    services.opt_in_set(viewer=viewer_for(cast.otto.user), person=cast.otto, opted_in=True)
    response = client_for(cast.hana).post(reverse("market:pairing"), {"kind": "mentor"})
    assert response.status_code == 302
    pair = Pairing.objects.get()
    assert (pair.first, pair.second) == (cast.ada, cast.otto)
    assert "Ada can help Otto with Python (4 vs 1)" in pair.reasons
    body = client_for(cast.otto).get(reverse("market:my_pairs")).content.decode()
    assert "Ada can help Otto with Python" in body
