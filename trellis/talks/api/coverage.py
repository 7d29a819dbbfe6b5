"""JSON coverage: HR's per-manager figures and a manager's own six-month figure, from the
same selectors as the pages (withheld figures are withheld here too: ``null``)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from trellis.org.access import hr_viewer, viewer_of
from trellis.talks.coverage import coverage_for
from trellis.talks.coverage_managers import WINDOW_DAYS, manager_coverage
from trellis.talks.selectors import has_reports

router = Router(tags=["conversations"])


class ManagerCoverageRow(Schema):
    manager_id: int
    manager: str
    reports: int
    covered: int
    percent: int


class SmallTeamsRow(Schema):
    managers: int
    reports: int
    covered: int | None  # null when the group has fewer than five people
    percent: int | None


class ManagerCoverageOut(Schema):
    window_days: int
    min_group: int
    rows: list[ManagerCoverageRow]
    small_teams: SmallTeamsRow


class MyCoverageOut(Schema):
    window_days: int
    reports: int
    covered: int
    percent: int


@router.get("/talks/coverage/managers", response=ManagerCoverageOut)
def coverage_by_manager(request: HttpRequest) -> ManagerCoverageOut:
    """HR and admins: managers with five or more reports, lowest share first."""
    data = manager_coverage(viewer=hr_viewer(request))
    small = data.small
    return ManagerCoverageOut(
        window_days=data.window_days,
        min_group=data.min_group,
        rows=[
            ManagerCoverageRow(
                manager_id=r.manager.pk,
                manager=r.manager.full_name,
                reports=r.reports,
                covered=r.covered,
                percent=r.percent,
            )
            for r in data.rows
            if r.manager is not None
        ],
        small_teams=SmallTeamsRow(
            managers=small.managers,
            reports=small.reports,
            covered=None if small.withheld else small.covered,
            percent=None if small.withheld else small.percent,
        ),
    )


@router.get("/talks/coverage/me", response=MyCoverageOut)
def coverage_mine(request: HttpRequest) -> MyCoverageOut:
    """A manager's direct reports with a development conversation in the same window."""
    viewer = viewer_of(request)
    if viewer.person is None or not has_reports(viewer):
        raise Http404
    data = coverage_for(viewer=viewer)
    return MyCoverageOut(
        window_days=WINDOW_DAYS,
        reports=len(data.rows),
        covered=data.covered_six_months,
        percent=data.covered_percent,
    )
