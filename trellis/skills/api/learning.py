"""JSON endpoints of the learning catalog: reads for anyone signed in, writes and the CSV
import for HR and admins (404 for anyone else), with the pages' checks."""

from __future__ import annotations

from typing import Annotated

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Schema, Status
from ninja.errors import HttpError

from trellis.org.access import hr_viewer, viewer_of
from trellis.org.imports import ImportFileError
from trellis.org.request_id import request_id
from trellis.org.schemas import ErrorOut
from trellis.org.validation import (
    Flag,
    Id,
    IdIn,
    Input,
    Level,
    Name,
    SearchText,
    ShortText,
    WebLink,
    paged,
)
from trellis.skills import learning
from trellis.skills.api.reads import router
from trellis.skills.learning_import import learning_import
from trellis.skills.models import EFFORT_HOURS_MAX, LearningItem, LearningKind


class BuildOut(Schema):
    skill_id: int
    skill: str
    level: int


class LearningOut(Schema):
    id: int
    title: str
    kind: LearningKind
    description: str
    url: str
    effort_hours: int | None
    active: bool
    builds: list[BuildOut]


class BuildIn(Input):
    skill_id: IdIn
    level: Level = 2


class LearningIn(Input):
    title: Name
    kind: LearningKind
    description: ShortText = ""
    url: WebLink = ""
    effort_hours: Annotated[int, Field(ge=0, le=EFFORT_HOURS_MAX, strict=True)] | None = None
    active: Flag = True
    builds: Annotated[list[BuildIn], Field(min_length=1, max_length=20)]


class LearningImportIn(Input):
    csv: Annotated[str, Field(min_length=1, max_length=settings.TRELLIS_MAX_IMPORT_BYTES)]
    dry_run: Flag = True


class ProblemOut(Schema):
    line: int
    column: str
    value: str
    message: str


class ImportReportOut(Schema):
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    rejected: int
    problems: list[ProblemOut]
    warnings: list[str]


def _out(item: LearningItem) -> LearningOut:
    return LearningOut(
        id=item.pk,
        title=item.title,
        kind=LearningKind(item.kind),
        description=item.description,
        url=item.url,
        effort_hours=item.effort_hours,
        active=item.is_active,
        builds=[
            BuildOut(skill_id=b.skill_id, skill=b.skill.name, level=b.level)
            for b in item.builds.all()
        ],
    )


@router.get("/learning", response=list[LearningOut], tags=["learning"])
@paged(page_size=50)
def learning_list(
    request: HttpRequest,
    q: SearchText = "",
    kind: LearningKind | None = None,
    skill: Id | None = None,
):
    """The catalog in title order (inactive items for HR only)."""
    items = learning.learning_list(viewer=viewer_of(request), q=q, kind=kind or "", skill_id=skill)
    return [_out(item) for item in items]


@router.post("/learning/import", response={200: ImportReportOut, 400: ErrorOut}, tags=["learning"])
def learning_csv_import(request: HttpRequest, payload: LearningImportIn) -> ImportReportOut:
    """The CSV import of the pages, as a dry run unless ``dry_run`` is false: every rejected
    row with its line, column and value."""
    hr_viewer(request)
    try:
        report = learning_import(
            data=payload.csv.encode(),
            dry_run=payload.dry_run,
            actor=request.user,
            request_id=request_id(request),
        )
    except ImportFileError as exc:
        raise HttpError(400, f"csv: {exc}") from exc
    return ImportReportOut(
        dry_run=report.dry_run,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected,
        problems=[ProblemOut(**vars(p)) for p in report.sorted_problems()],
        warnings=report.warnings,
    )


@router.get("/learning/{pk}", response=LearningOut, tags=["learning"])
def learning_get(request: HttpRequest, pk: Id) -> LearningOut:
    return _out(learning.learning_get(viewer=viewer_of(request), pk=pk))


def _data(
    request: HttpRequest, payload: LearningIn, item: LearningItem | None
) -> learning.LearningData:
    hr_viewer(request)
    if learning.learning_title_taken(title=payload.title, other_than=item):
        raise HttpError(400, "title: another item has this title.")
    skills = learning.skills_by_id(ids=[b.skill_id for b in payload.builds])
    unknown = [str(b.skill_id) for b in payload.builds if b.skill_id not in skills]
    if unknown:
        raise HttpError(400, f"builds: unknown skill id {', '.join(unknown)}.")
    builds = [(skills[b.skill_id], b.level) for b in payload.builds]
    return learning.LearningData(
        title=payload.title.strip(),
        kind=payload.kind,
        description=payload.description,
        url=payload.url,
        effort_hours=payload.effort_hours,
        is_active=payload.active,
        builds=list({skill.pk: (skill, level) for skill, level in builds}.values()),
    )


@router.post("/learning", response={201: LearningOut, 400: ErrorOut}, tags=["learning"])
def learning_create(request: HttpRequest, payload: LearningIn) -> Status[LearningOut]:
    data = _data(request, payload, None)
    item = learning.learning_create(
        viewer=hr_viewer(request), data=data, request_id=request_id(request)
    )
    return Status(201, _out(learning.learning_get(viewer=hr_viewer(request), pk=item.pk)))


@router.put("/learning/{pk}", response={200: LearningOut, 400: ErrorOut}, tags=["learning"])
def learning_update(request: HttpRequest, pk: Id, payload: LearningIn) -> LearningOut:
    viewer = hr_viewer(request)
    item = learning.learning_get(viewer=viewer, pk=pk)
    learning.learning_update(
        viewer=viewer, item=item, data=_data(request, payload, item), request_id=request_id(request)
    )
    return _out(learning.learning_get(viewer=viewer, pk=pk))
