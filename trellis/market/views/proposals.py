"""Pages for proposals from the bottom up: propose, revise, withdraw, and the sponsor's answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.market import proposals
from trellis.market.forms import ProposalDecisionForm, ProposalForm
from trellis.market.models import Proposal
from trellis.market.proposals import ProposalData, ProposalError
from trellis.org.access import Viewer, viewer_of


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    lists = proposals.proposals_of(viewer=viewer_of(request))
    return render(request, "market/proposals.html", {"lists": lists})


def _form(viewer: Viewer, request: HttpRequest, instance: Proposal | None) -> ProposalForm:
    return ProposalForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        sponsors=proposals.sponsor_choices(viewer=viewer),
        skills=proposals.skill_choices(),
    )


def _data(form: ProposalForm) -> ProposalData:
    d = form.cleaned_data
    return ProposalData(
        sponsor=d["sponsor"],
        title=d["title"],
        problem=d["problem"],
        solution=d["solution"],
        skills_needed=list(d["skills_needed"]),
        skills_built=list(d["skills_built"]),
        hours_per_week=d["hours_per_week"],
        extra_seats=d["extra_seats"],
    )


def _edit(request: HttpRequest, proposal: Proposal | None) -> HttpResponse:
    viewer = viewer_of(request)
    form = _form(viewer, request, proposal)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if proposal is None:
                    saved = proposals.proposal_submit(viewer=viewer, data=_data(form))
                else:
                    fresh = proposals.proposal_get_to_edit(viewer=viewer, pk=proposal.pk)
                    saved = proposals.proposal_revise(
                        viewer=viewer, proposal=fresh, data=_data(form)
                    )
            except ProposalError as error:
                form.add_error(error.field or None, str(error))
            else:
                messages.success(request, f"“{saved.title}” is with {saved.sponsor.full_name}.")
                return redirect("market:proposal", saved.pk)
    return render(
        request, "market/proposal_edit.html", {"form": form, "proposal": proposal}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: HttpRequest) -> HttpResponse:
    if viewer_of(request).person is None:
        raise Http404
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposals.proposal_get_to_edit(viewer=viewer_of(request), pk=pk)
    if not proposal.is_open:
        messages.error(request, "This proposal has been answered; propose a new one.")
        return redirect("market:proposal", proposal.pk)
    return _edit(request, proposal)


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    proposal = proposals.proposal_get_for_user(viewer=viewer, pk=pk)
    me = viewer.person.pk if viewer.person else None
    return _detail(request, proposal, me, ProposalDecisionForm(), 200)


def _detail(
    request: HttpRequest,
    proposal: Proposal,
    me: int | None,
    form: ProposalDecisionForm,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "market/proposal.html",
        {
            "proposal": proposal,
            "is_proposer": me == proposal.proposer_id,
            "is_sponsor": me == proposal.sponsor_id,
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    proposal = proposals.proposal_get_for_user(viewer=viewer, pk=pk)
    me = viewer.person.pk if viewer.person else None
    if me != proposal.sponsor_id:
        raise Http404
    form = ProposalDecisionForm(request.POST)
    if form.is_valid():
        try:
            proposal = proposals.proposal_decide(
                viewer=viewer,
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                response=form.cleaned_data["response"],
            )
        except ProposalError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(request, f"Your answer is sent to {proposal.proposer.full_name}.")
            return redirect("market:proposal", proposal.pk)
    return _detail(request, proposal, me, form, 400)


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    proposal = proposals.proposal_get_to_edit(viewer=viewer, pk=pk)
    try:
        proposals.proposal_withdraw(viewer=viewer, proposal=proposal)
    except ProposalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{proposal.title}” is withdrawn.")
    return redirect("market:proposal", proposal.pk)
