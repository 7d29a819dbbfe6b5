"""Pages of the skills taxonomy and the job architecture: career paths, lattice, KSA matrix,
gap to a role, and the HR editing pages."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from trellis.org import selectors as org_selectors
from trellis.org.access import hr_required, hr_viewer, viewer_of
from trellis.org.models import OrgUnit, Person
from trellis.org.registry import page_sections
from trellis.skills import architecture_selectors, selectors, services
from trellis.skills.forms import RequirementForm, RoleForm, TransitionForm
from trellis.skills.learning import gap_needs, learning_for_skills
from trellis.skills.models import (
    LEVEL_ANCHORS,
    ONET_CODE_REGEX,
    Role,
    Skill,
    SkillCategory,
    is_onet_code,
)


def data_sources(roles: Iterable[Role] = (), skills: Iterable[Skill] = ()) -> dict[str, bool]:
    """Which public taxonomies the shown roles and skills come from, for their attributions."""
    onet = esco = False
    for role in roles:
        onet = onet or is_onet_code(role.code)
        esco = esco or bool(role.esco_uri)
    for skill in skills:
        onet = onet or bool(skill.onet_id) or skill.is_hot_technology
        esco = esco or bool(skill.esco_uri)
    return {"onet": onet, "esco": esco}


def _sources_of(roles: QuerySet[Role]) -> dict[str, bool]:
    """The same for a filtered queryset of roles (two small queries)."""
    return {
        "onet": roles.filter(code__regex=ONET_CODE_REGEX).exists(),
        "esco": roles.exclude(esco_uri="").exists(),
    }


@login_required
def skill_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    q = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "")
    if category not in SkillCategory.values:
        category = ""
    skills = selectors.skill_search(viewer=viewer, q=q, category=category)
    page = Paginator(skills, 100).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "sources": data_sources(skills=page.object_list),
        "q": q,
        "category": category,
        "categories": SkillCategory.choices,
        "anchors": LEVEL_ANCHORS.items(),
    }
    return render(request, "skills/skill_list.html", context)


@login_required
def skill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    skill = selectors.skill_get(viewer=viewer, pk=pk)
    requirements = selectors.skill_roles(skill=skill)
    context = {
        "skill": skill,
        "requirements": requirements,
        "children": selectors.skill_children(skill=skill),
        "sources": data_sources(roles=[r.role for r in requirements], skills=[skill]),
    }
    return render(request, "skills/skill_detail.html", context)


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _role_filters(request: HttpRequest) -> tuple[OrgUnit | None, int | None]:
    """The department and family chosen in the query string; unknown ids are ignored."""
    unit_id, family_id = _int_param(request, "unit"), _int_param(request, "family")
    unit = org_selectors.unit_find(viewer=viewer_of(request), pk=unit_id)
    return unit, family_id


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    """Career paths: roles by family, track and level, narrowed by department or family."""
    viewer = viewer_of(request)
    unit, family_id = _role_filters(request)
    roles = selectors.roles_filtered(viewer=viewer, unit=unit, family_id=family_id)
    q = request.GET.get("q", "").strip()[:100]
    context = {
        "q": q,
        "found": selectors.role_search(viewer=viewer, q=q) if q else None,
        "can_edit": viewer.is_hr_or_admin,
        "families": (families := selectors.roles_grouped(roles)),
        "sources": data_sources(
            roles=[r for g in families for track in g.tracks.values() for r in track]
        ),
        "departments": selectors.departments(),
        "all_families": selectors.families(),
        "unit": unit,
        "family_id": family_id,
        "query": request.GET.urlencode(),
    }
    return render(request, "skills/role_list.html", context)


@login_required
def lattice(request: HttpRequest) -> HttpResponse:
    """The lattice picture; the viewer's own role and any ``target`` roles highlighted."""
    viewer = viewer_of(request)
    unit, family_id = _role_filters(request)
    roles = selectors.roles_filtered(viewer=viewer, unit=unit, family_id=family_id)
    targets = [int(t) for t in request.GET.getlist("target")[:10] if t.isdigit() and len(t) < 12]
    current = [viewer.person.role_id] if viewer.person and viewer.person.role_id else []
    show_suggested = request.GET.get("suggested", "1") != "0"
    layout, truncated = selectors.lattice_layout(
        viewer=viewer,
        roles=roles,
        current_ids=current,
        target_ids=targets,
        suggested=show_suggested,
    )
    toggle = request.GET.copy()
    toggle["suggested"] = "0" if show_suggested else "1"
    context = {
        "show_suggested": show_suggested,
        "toggle_query": toggle.urlencode(),
        "layout": layout,
        "sources": _sources_of(roles),
        "truncated": truncated,
        "limit": selectors.LATTICE_LIMIT,
        "departments": selectors.departments(),
        "all_families": selectors.families(),
        "unit": unit,
        "family_id": family_id,
    }
    return render(request, "skills/lattice.html", context)


@login_required
def ksa_matrix(request: HttpRequest) -> HttpResponse:
    """Roles × skills of a department (or family), as a table or as CSV."""
    viewer = viewer_of(request)
    unit, family_id = _role_filters(request)
    roles = selectors.roles_filtered(viewer=viewer, unit=unit, family_id=family_id)
    matrix = selectors.ksa_matrix(viewer=viewer, roles=roles)
    if request.GET.get("format") == "csv":
        return _matrix_csv(matrix)
    context = {
        "matrix": matrix,
        "sources": data_sources(roles=matrix.roles),
        "departments": selectors.departments(),
        "all_families": selectors.families(),
        "unit": unit,
        "family_id": family_id,
        "query": request.GET.urlencode(),
    }
    return render(request, "skills/ksa_matrix.html", context)


def csv_safe(value: object) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ tab or CR gets a quote."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _matrix_csv(matrix: selectors.KsaMatrix) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ksa-matrix.csv"'
    writer = csv.writer(response)
    header = ["skill", "category"] + [f"{r.title} ({r.code}, L{r.level})" for r in matrix.roles]
    writer.writerow([csv_safe(h) for h in header])
    for (_, name, category), cells in matrix.rows():
        writer.writerow(
            [csv_safe(name), category]
            + [
                ""
                if cell is None
                else f"{cell.min_level} (importance {cell.importance}"
                + ("" if cell.is_required else ", nice to have")
                + ")"
                for cell in cells
            ]
        )
    return response


@login_required
def role_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    out, into = selectors.role_transitions(role=role)
    requirements = selectors.role_requirements(role=role)
    can_edit = viewer.is_hr_or_admin
    moves = selectors.role_moves(viewer=viewer, role=role, with_hidden=can_edit)
    shown = [role, *(m.role for m in moves.suggestions)]
    context = {
        # Sections other apps add (the marketplace's note on applying internally: "mobility").
        **page_sections("skills.role", viewer=viewer, role=role),
        "role": role,
        "requirements": requirements,
        "transitions_out": out,
        "transitions_in": into,
        "people": selectors.role_people(viewer=viewer, role=role),
        "aliases": list(role.aliases.values_list("name", flat=True)[:30]),
        "sources": data_sources(roles=shown, skills=[r.skill for r in requirements]),
        "can_edit": can_edit,
        "moves": moves,
    }
    return render(request, "skills/role_detail.html", context)


def _gap_page(request: HttpRequest, person: Person, role_pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    role = selectors.role_get(viewer=viewer, pk=role_pk)
    report = selectors.person_gap(viewer=viewer, person=person, role=role)
    is_self = viewer.person is not None and viewer.person.pk == person.pk
    sources = data_sources(roles=[role, *(n.role for n in report.neighbours)])
    context = {
        **page_sections("skills.gap", viewer=viewer, person=person, report=report),
        "report": report,
        "is_self": is_self,
        "sources": sources,
        "learning": learning_for_skills(needs=gap_needs(report.gap)),
    }
    return render(request, "skills/gap.html", context)


@login_required
def my_gap(request: HttpRequest, role_pk: int) -> HttpResponse:
    """ "How far am I from this role?" for the logged-in person."""
    viewer = viewer_of(request)
    if viewer.person is None:
        raise Http404
    return _gap_page(request, viewer.person, role_pk)


@login_required
def person_gap(request: HttpRequest, person_pk: int, role_pk: int) -> HttpResponse:
    """The same for someone else: a manager about a report, HR; 404 for anyone else."""
    viewer = viewer_of(request)
    person = org_selectors.person_get_with_details(viewer=viewer, pk=person_pk)
    return _gap_page(request, person, role_pk)


# ---------------------------------------------------------------------------------------------
# HR edits of the job architecture. Anyone else gets the 404 of a missing page.
# ---------------------------------------------------------------------------------------------


def _edit_page(
    request: HttpRequest,
    role: Role,
    *,
    role_form: RoleForm | None = None,
    requirement_form: RequirementForm | None = None,
    transition_form: TransitionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    out, into = selectors.role_transitions(role=role)
    context = {
        "role": role,
        "role_form": role_form or RoleForm(role=role),
        "requirement_form": requirement_form or RequirementForm(role=role),
        "transition_form": transition_form or TransitionForm(role=role),
        "requirements": selectors.role_requirements(role=role),
        "transitions_out": out,
        "transitions_in": into,
    }
    return render(request, "skills/role_edit.html", context, status=status)


@login_required
@hr_required
def role_create(request: HttpRequest) -> HttpResponse:
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role = services.role_create(actor=request.user, **form.cleaned_data)
        except services.ArchitectureError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Role {role.title} created.")
            return redirect("role_edit", pk=role.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "skills/role_create.html", {"form": form}, status=status)


@login_required
@hr_required
def role_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    if request.method != "POST":
        return _edit_page(request, role)
    form = RoleForm(request.POST, role=role)
    if form.is_valid():
        try:
            services.role_update(actor=request.user, role=role, **form.cleaned_data)
        except services.ArchitectureError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Role saved.")
            return redirect("role_edit", pk=role.pk)
    return _edit_page(request, role, role_form=form, status=400)


@login_required
@require_POST
@hr_required
def requirement_add(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    form = RequirementForm(request.POST, role=role)
    if form.is_valid():
        try:
            services.requirement_add(actor=request.user, role=role, **form.cleaned_data)
        except services.ArchitectureError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{form.cleaned_data['skill'].name} added.")
            return redirect("role_edit", pk=role.pk)
    return _edit_page(request, role, requirement_form=form, status=400)


@login_required
@hr_required
def requirement_edit(request: HttpRequest, pk: int, req_pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    requirement = get_object_or_404(role.requirements.select_related("skill"), pk=req_pk)
    initial = {
        "min_level": requirement.min_level,
        "importance": requirement.importance,
        "is_required": requirement.is_required,
    }
    form = RequirementForm(request.POST or None, role=role, editing=True, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            services.requirement_update(
                actor=request.user, requirement=requirement, **form.cleaned_data
            )
            messages.success(request, f"{requirement.skill.name} saved.")
            return redirect("role_edit", pk=role.pk)
        status = 400
    else:
        status = 200
    context = {"role": role, "requirement": requirement, "form": form}
    return render(request, "skills/requirement_edit.html", context, status=status)


@login_required
@require_POST
@hr_required
def requirement_delete(request: HttpRequest, pk: int, req_pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    requirement = get_object_or_404(role.requirements.select_related("skill"), pk=req_pk)
    services.requirement_remove(actor=request.user, requirement=requirement)
    messages.success(request, f"{requirement.skill.name} removed.")
    return redirect("role_edit", pk=role.pk)


@login_required
@require_POST
@hr_required
def transition_add(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    form = TransitionForm(request.POST, role=role)
    if form.is_valid():
        try:
            services.transition_add(actor=request.user, from_role=role, **form.cleaned_data)
        except services.ArchitectureError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Career move added.")
            return redirect("role_edit", pk=role.pk)
    return _edit_page(request, role, transition_form=form, status=400)


@login_required
@require_POST
@hr_required
def transition_delete(request: HttpRequest, pk: int, edge_pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    edge = architecture_selectors.transition_get(viewer=viewer, role=role, pk=edge_pk)
    services.transition_remove(actor=request.user, transition=edge)
    messages.success(request, "Career move removed.")
    return redirect("role_edit", pk=role.pk)


# ---------------------------------------------------------------------------------------------
# HR on suggested moves: adopt one into the lattice, hide it, show it again
# ---------------------------------------------------------------------------------------------


def _move_pair(request: HttpRequest, pk: int, to_pk: int) -> tuple[Role, Role]:
    viewer = hr_viewer(request)
    return selectors.role_get(viewer=viewer, pk=pk), selectors.role_get(viewer=viewer, pk=to_pk)


@login_required
@require_POST
def move_adopt(request: HttpRequest, pk: int, to_pk: int) -> HttpResponse:
    role, to_role = _move_pair(request, pk, to_pk)
    try:
        edge = services.move_adopt(actor=request.user, from_role=role, to_role=to_role)
    except services.ArchitectureError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{to_role.title} added to the lattice as a {edge.get_kind_display().lower()}."
        )
    return redirect(reverse("role_detail", args=[role.pk]) + "#suggested-moves")


@login_required
@require_POST
def move_hide(request: HttpRequest, pk: int, to_pk: int) -> HttpResponse:
    role, to_role = _move_pair(request, pk, to_pk)
    try:
        services.move_hide(actor=request.user, from_role=role, to_role=to_role)
    except services.ArchitectureError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{to_role.title} is no longer suggested from {role.title}.")
    return redirect(reverse("role_detail", args=[role.pk]) + "#suggested-moves")


@login_required
@require_POST
def move_unhide(request: HttpRequest, pk: int, to_pk: int) -> HttpResponse:
    role, to_role = _move_pair(request, pk, to_pk)
    try:
        services.move_unhide(actor=request.user, from_role=role, to_role=to_role)
    except services.ArchitectureError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{to_role.title} is suggested again from {role.title}.")
    return redirect(reverse("role_detail", args=[role.pk]) + "#suggested-moves")


@login_required
@require_GET
def data_sources_page(request: HttpRequest) -> HttpResponse:
    """Where the taxonomy comes from, with the attributions its licences ask for."""
    context = architecture_selectors.source_counts(viewer=viewer_of(request))
    return render(request, "skills/data_sources.html", context)
