"""The navigation links to the audit trail for those who may read it, and only for them."""

from __future__ import annotations

from django.contrib.auth.models import Group

from tests.cast import Cast, ClientFor
from trellis.org.access import PRIVACY_GROUP

LINK = 'href="/privacy/audit/"'


def test_the_audit_trail_link_shows_for_privacy_officers_and_admins(
    cast: Cast, client_for: ClientFor
) -> None:
    group, _ = Group.objects.get_or_create(name=PRIVACY_GROUP)
    cast.maya.user.groups.add(group)  # type: ignore[union-attr]
    cast.hana.user.groups.add(group)  # type: ignore[union-attr]
    for person in (cast.maya, cast.hana, cast.alex):
        body = client_for(person).get("/").content.decode()
        assert body.count(LINK) == 1, person
        assert client_for(person).get("/privacy/audit/").status_code == 200
    for person in (cast.ada, cast.otto, cast.dora):
        assert LINK not in client_for(person).get("/").content.decode()
    # HR without the role: the Talent menu, but no audit trail.
    cast.hana.user.groups.remove(group)  # type: ignore[union-attr]
    assert LINK not in client_for(cast.hana).get("/").content.decode()
