"""HR pages: matching rounds, the anti-hoarding table, and buddy/mentor pairing rounds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.market import pairing_answers, round_selectors, rounds, selectors
from trellis.market.models import Kind
from trellis.market.round_work import round_of_work, round_work_start
from trellis.market.services import MarketError
from trellis.org.access import Viewer, hr_required, viewer_of
from trellis.org.longwork import work_for, work_stalled
from trellis.org.models import WorkState
from trellis.org.request_id import request_id


@login_required
@require_GET
@hr_required
def round_list(request: HttpRequest) -> HttpResponse:
    found = round_selectors.rounds_recent(viewer=viewer_of(request))
    return render(request, "market/rounds.html", {"rounds": found})


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def round_new(request: HttpRequest) -> HttpResponse:
    """Choose opportunities (by kind), preview both sides' preferences, then run."""
    viewer = viewer_of(request)
    kind = request.GET.get("kind", "") if request.method == "GET" else request.POST.get("kind", "")
    opps = round_selectors.round_candidates(viewer=viewer, kind=kind)
    context: dict[str, Any] = {"opps": opps, "kinds": Kind.choices, "kind": kind}
    if request.method == "POST":
        chosen = _ids(request.POST.getlist("opportunities"))
        name = request.POST.get("name", "").strip() or "Matching round"
        context.update({"chosen": set(chosen), "name": name})
        try:
            if request.POST.get("step") == "run":
                return _round_started(request, viewer, name, chosen, context)
            prep = rounds.prepare(opportunity_ids=chosen)
            context["preview"] = round_selectors.round_preview(viewer=viewer, prep=prep)
        except MarketError as error:
            context["error"] = str(error)
            return render(request, "market/round_new.html", context, status=400)
    return render(request, "market/round_new.html", context)


def _round_started(
    request: HttpRequest, viewer: Viewer, name: str, chosen: list[int], context: dict[str, Any]
) -> HttpResponse:
    """The round runs as a task: its page when it is already stored (tasks run inline), its
    progress page while a worker clears it, or the form again with why it could not run."""
    work = round_work_start(
        viewer=viewer, name=name, opportunity_ids=chosen, request_id=request_id(request)
    )
    stored = round_of_work(work)
    if stored is not None:
        messages.success(request, f"Round “{name}” cleared.")
        return redirect("market:round", stored)
    if work.state == WorkState.FAILED:
        context["error"] = work.error
        return render(request, "market/round_new.html", context, status=400)
    return redirect("market:round_progress", work.pk)


@login_required
@require_GET
@never_cache
@hr_required
def round_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """How far one's own round has got (htmx polls the bar), then the round itself."""
    work = work_for(viewer_of(request).user, pk, rounds=True)
    if work is None:
        raise Http404
    stored = round_of_work(work)
    if stored is not None:
        target = reverse("market:round", args=[stored])
        if getattr(request, "htmx", False):
            return HttpResponse(headers={"HX-Redirect": target})
        return redirect(target)
    context = {"work": work, "stalled": work_stalled(work), "name": work.options.get("name", "")}
    polled = bool(getattr(request, "htmx", False))
    template = "market/_round_progress_bar.html" if polled else "market/round_progress.html"
    return render(request, template, context)


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    rnd = selectors.round_get_for_user(viewer=viewer, pk=pk)
    assignments = list(rnd.assignments.select_related("person", "opportunity", "person__unit"))
    misses = round_selectors.round_misses(viewer=viewer, rnd=rnd)
    return render(
        request,
        "market/round.html",
        {"round": rnd, "assignments": assignments, "misses": misses},
    )


def _pair(value: str) -> tuple[int, int] | None:
    person, _, opp = value.partition(":")
    return (int(person), int(opp)) if person.isdigit() and opp.isdigit() else None


@login_required
@require_POST
def round_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock or exclude a pair and clear the round again as a new round superseding this one."""
    viewer = viewer_of(request)
    rnd = selectors.round_get_for_user(viewer=viewer, pk=pk)
    pair = _pair(request.POST.get("pair", ""))
    if pair is None:
        messages.error(request, "Choose a pair to lock or exclude.")
        return redirect("market:round", rnd.pk)
    try:
        new = rounds.round_adjust(
            viewer=viewer, rnd=rnd, pair=pair, lock=request.POST.get("action") == "lock"
        )
    except MarketError as error:
        messages.error(request, str(error))
        return redirect("market:round", rnd.pk)
    messages.success(request, "Round cleared again with your adjustment; it replaces the last one.")
    return redirect("market:round", new.pk)


@login_required
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    rnd = selectors.round_get_for_user(viewer=viewer, pk=pk)
    try:
        n = rounds.round_publish(viewer=viewer, rnd=rnd)
    except MarketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{n} offers published.")
    return redirect("market:round", rnd.pk)


@login_required
@require_GET
def hoarding(request: HttpRequest) -> HttpResponse:
    """Talent exported, per manager (HR only): see :func:`selectors.talent_exported`."""
    report = selectors.talent_exported(viewer=viewer_of(request))
    return render(request, "market/hoarding.html", {"report": report})


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def pairing_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if request.method == "POST":
        from trellis.market.pairing import pairing_run

        try:
            pr = pairing_run(viewer=viewer, kind=request.POST.get("kind", "buddy"))
        except MarketError as error:
            messages.error(request, str(error))
            return redirect("market:pairing")
        return redirect("market:pairing_round", pr.pk)
    found = round_selectors.pairing_rounds_recent(viewer=viewer)
    return render(request, "market/pairing.html", {"rounds": found})


@login_required
@require_GET
@hr_required
def pairing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pr = round_selectors.pairing_round_get(viewer=viewer_of(request), pk=pk)
    pairs = pr.pairings.select_related(
        "first", "second", "first__unit", "second__unit", "declined_by"
    )
    left_out = pairing_answers.left_out_of_round(viewer=viewer_of(request), pairing_round_id=pr.pk)
    return render(
        request, "market/pairing_round.html", {"pr": pr, "pairs": pairs, "left_out": left_out}
    )
