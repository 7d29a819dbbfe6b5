"""Listing an opportunity's candidates is recorded, through the page and the API alike."""

from __future__ import annotations

from tests.cast import Cast, ClientFor
from trellis.market.models import Opportunity
from trellis.org.models import AuditEvent


def test_candidates_read_is_recorded_on_both_doors(
    cast: Cast, client_for: ClientFor, opp: Opportunity, opted_in: None
) -> None:
    client = client_for(cast.maya)
    assert client.get(f"/market/{opp.pk}/candidates/").status_code == 200
    listed = client.get(f"/api/v1/market/opportunities/{opp.pk}/candidates")
    assert listed.status_code == 200
    events = [
        (e.target_id, e.actor_id, e.detail)
        for e in AuditEvent.objects.filter(action="market.candidates.read").order_by("id")
    ]
    count = len(listed.json())
    assert count >= 1
    assert events == [
        (str(opp.pk), cast.maya.user.pk, {"count": count, "via": "web"}),
        (str(opp.pk), cast.maya.user.pk, {"count": count, "via": "api"}),
    ]


def test_a_refused_candidates_read_records_nothing(
    cast: Cast, client_for: ClientFor, opp: Opportunity
) -> None:
    assert (
        client_for(cast.otto).get(f"/api/v1/market/opportunities/{opp.pk}/candidates").status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action="market.candidates.read").exists()
