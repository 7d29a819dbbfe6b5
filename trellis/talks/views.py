"""Pages for conversations: log, plan, list, detail, accept or dismiss items, follow-ups, ICS.

Thin views: parse, one selector or service, render or redirect. The prep sheet, coverage,
guide and feedback pages live in :mod:`trellis.talks.views_team`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.careers.models import Visibility
from trellis.org.access import viewer_of
from trellis.org.models import Person
from trellis.talks import access, selectors, services
from trellis.talks.forms import (
    ConversationForm,
    FollowUpForm,
    ItemForm,
    PlanForm,
    PreWorkForm,
    ToProfileForm,
    row_indices,
)
from trellis.talks.ics import conversation_ics
from trellis.talks.models import Status
from trellis.talks.services import FollowUpData, ItemData, TalkError

START_ITEMS = 2


def _rows(request: HttpRequest) -> tuple[list[ItemForm], list[FollowUpForm]]:
    if request.method == "POST":
        items = [
            ItemForm(request.POST, prefix=f"item-{n}") for n in row_indices(request.POST, "item")
        ]
        fus = [
            FollowUpForm(request.POST, prefix=f"fu-{n}") for n in row_indices(request.POST, "fu")
        ]
        # Bound even when no row was posted: a blank bound row is valid, an unbound one is not.
        return (
            items or [ItemForm(request.POST, prefix="item-0")],
            fus or [FollowUpForm(request.POST, prefix="fu-0")],
        )
    return [ItemForm(prefix=f"item-{n}") for n in range(START_ITEMS)], [FollowUpForm(prefix="fu-0")]


def _next_index(forms: list[Any]) -> int:
    return max((int(f.prefix.rsplit("-", 1)[1]) for f in forms), default=-1) + 1


def _log_context(
    person: Person, form: ConversationForm, items: list[ItemForm], fus: list[FollowUpForm]
) -> dict[str, Any]:
    return {
        "person": person,
        "form": form,
        "items": items,
        "followups": fus,
        "next_item": _next_index(items),
        "next_fu": _next_index(fus),
    }


def _item_data(items: list[ItemForm]) -> list[ItemData]:
    return [
        ItemData(
            direction=f.cleaned_data["kind"].split(":")[0],
            category=f.cleaned_data["kind"].split(":")[1],
            text=f.cleaned_data["text"],
            role=f.cleaned_data["role"],
            skill=f.cleaned_data["skill"],
            contact=f.cleaned_data["contact"],
            opportunity=f.cleaned_data["opportunity"],
        )
        for f in items
        if not f.is_blank()
    ]


def _followup_data(fus: list[FollowUpForm], me: Person, person: Person) -> list[FollowUpData]:
    return [
        FollowUpData(
            owner=me if f.cleaned_data["owner"] == "me" else person,
            text=f.cleaned_data["text"],
            due=f.cleaned_data["due"],
        )
        for f in fus
        if not f.is_blank()
    ]


def _offer_row(request: HttpRequest, person: Person) -> ItemForm | None:
    """A first item pre-filled from the prep sheet's "offer this" link (``?opportunity=``)."""
    pk = request.GET.get("opportunity", "")
    if request.method != "GET" or not pk.isdigit():
        return None
    open_ones = ItemForm.base_fields["opportunity"]
    assert isinstance(open_ones, forms.ModelChoiceField) and open_ones.queryset is not None
    opportunity = open_ones.queryset.filter(pk=int(pk)).first()
    if opportunity is None:
        return None
    initial = {
        "kind": "push:opportunities",
        "text": f"Offered “{opportunity.title}” to {person.first_name}",
        "opportunity": opportunity.pk,
    }
    return ItemForm(prefix="item-0", initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_log(request: HttpRequest, person_pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    person = selectors.partner_get(viewer=viewer, pk=person_pk)
    form = ConversationForm(request.POST or None)
    items, fus = _rows(request)
    offer = _offer_row(request, person)
    if offer is not None:
        items[0] = offer
    if request.method == "POST":
        # Validate every row (no short-circuit) so each shows its own errors.
        rows_valid = [f.is_valid() for f in items + fus]
        if form.is_valid() and all(rows_valid):
            me = viewer.person
            assert me is not None  # partner_get refuses a viewer without a person
            data = form.cleaned_data
            try:
                conversation = services.conversation_log(
                    viewer=viewer, person=person, **_notes(data, items, fus, me, person)
                )
            except TalkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Conversation with {person.full_name} saved.")
                return redirect("talks:detail", conversation.pk)
        context = _log_context(person, form, items, fus)
        return render(request, "talks/log.html", context, status=400)
    return render(request, "talks/log.html", _log_context(person, form, items, fus))


def _notes(
    data: dict[str, Any], items: list[ItemForm], fus: list[FollowUpForm], me: Person, person: Person
) -> dict[str, Any]:
    """The notes of a conversation as the log and hold services take them."""
    return {
        "when": data["when"],
        "kind": data["kind"],
        "summary": data["summary"],
        "spur_areas": data["spur_areas"],
        "stance": data["stance"],
        "visibility": data["visibility"],
        "items": _item_data(items),
        "followups": _followup_data(fus, me, person),
    }


@login_required
@require_http_methods(["GET", "POST"])
def conversation_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill in the notes of a planned conversation and mark it held."""
    viewer = viewer_of(request)
    conversation = selectors.conversation_get_planned(viewer=viewer, pk=pk)
    person = conversation.person
    initial = {
        "when": timezone.localtime(conversation.when).replace(second=0, microsecond=0),
        "kind": conversation.kind,
        "summary": conversation.summary,
        "visibility": conversation.visibility,
    }
    form = ConversationForm(request.POST or None, initial=initial)
    items, fus = _rows(request)
    if request.method == "POST":
        rows_valid = [f.is_valid() for f in items + fus]
        if form.is_valid() and all(rows_valid):
            me = viewer.person
            assert me is not None  # only the author reaches this page
            data = form.cleaned_data
            try:
                services.conversation_hold(
                    viewer=viewer,
                    conversation=conversation,
                    **_notes(data, items, fus, me, person),
                )
            except TalkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Conversation with {person.full_name} marked as held.")
                return redirect("talks:detail", conversation.pk)
    context = {
        **_log_context(person, form, items, fus),
        "conversation": conversation,
        "prework": getattr(conversation, "prework", None),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "talks/log.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def prework(request: HttpRequest, pk: int) -> HttpResponse:
    """The employee's rough plan before a planned conversation; only they open it."""
    viewer = viewer_of(request)
    mine = selectors.prework_get(viewer=viewer, conversation_pk=pk)
    initial = {"learned": mine.learned, "enjoy": mine.enjoy, "next_role": mine.next_role}
    form = PreWorkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.prework_answer(viewer=viewer, prework=mine, **form.cleaned_data)
        except TalkError as error:
            form.add_error(None, str(error))
        else:
            author = mine.conversation.author.full_name
            messages.success(request, f"Your plan is saved. {author} will see it when preparing.")
            return redirect("talks:prework", pk)
    context = {
        "form": form,
        "prework": mine,
        "c": mine.conversation,
        "open": mine.conversation.status == Status.PLANNED,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "talks/prework.html", context, status=status)


@login_required
@require_GET
def item_row(request: HttpRequest) -> HttpResponse:
    """One more blank item or follow-up row for the log form (htmx "add")."""
    index = request.GET.get("n", "")
    kind = request.GET.get("kind", "item")
    if not index.isdigit() or int(index) > 49 or kind not in ("item", "fu"):
        return HttpResponse(status=400)
    n = int(index)
    if kind == "item":
        context = {"f": ItemForm(prefix=f"item-{n}"), "next_item": n + 1, "oob": True}
        return render(request, "talks/_item_row.html", context)
    context = {"f": FollowUpForm(prefix=f"fu-{n}"), "next_fu": n + 1, "oob": True}
    return render(request, "talks/_followup_row.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_plan(request: HttpRequest, person_pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    person = selectors.partner_get(viewer=viewer, pk=person_pk)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conversation = services.conversation_log(
                viewer=viewer,
                person=person,
                when=data["when"],
                kind=data["kind"],
                duration=data["duration"],
                summary=data["summary"],
                visibility=data["visibility"],
                status=Status.PLANNED,
            )
        except TalkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Conversation planned. Download the invitation below.")
            return redirect("talks:detail", conversation.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "talks/plan.html", {"person": person, "form": form}, status=status)


@login_required
@require_GET
def conversation_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    conversations = list(selectors.conversations_for(viewer=viewer))
    me = viewer.person
    context = {
        "written": [c for c in conversations if me is not None and c.author_id == me.pk],
        "about_me": [c for c in conversations if me is not None and c.person_id == me.pk],
        "followups": selectors.followups_owned(viewer=viewer),
    }
    return render(request, "talks/list.html", context)


@login_required
@require_GET
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    conversation = selectors.conversation_get(viewer=viewer, pk=pk)
    is_author = access.can_edit(viewer, conversation)
    is_subject = access.is_subject(viewer, conversation)
    prework = selectors.prework_of(viewer=viewer, conversation=conversation)
    context = {
        "c": conversation,
        "is_author": is_author,
        "is_subject": is_subject,
        "prework": prework,
        "now": timezone.now(),
        "visibility_choices": Visibility.choices,
    }
    return render(request, "talks/detail.html", context)


@login_required
@require_POST
def item_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    viewer = viewer_of(request)
    item = selectors.item_get(viewer=viewer, pk=pk)
    if not access.is_subject(viewer, item.conversation) or decision not in ("accept", "dismiss"):
        raise Http404
    try:
        services.item_decide(viewer=viewer, item=item, accept=decision == "accept")
    except TalkError as error:
        messages.error(request, str(error))
    else:
        done = "added to your career" if decision == "accept" else "dismissed"
        messages.success(request, f"Item {done}.")
    return redirect(reverse("talks:detail", args=[item.conversation_id]) + f"#item-{item.pk}")


@login_required
@require_POST
def item_to_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """The employee adds an accepted pushed strength or piece of feedback to their profile,
    choosing the part ("known for" or strengths) and who may see it."""
    viewer = viewer_of(request)
    item = selectors.item_get(viewer=viewer, pk=pk)
    if not access.is_subject(viewer, item.conversation):
        raise Http404
    form = ToProfileForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose where to add it and who may see it.")
    else:
        try:
            services.item_to_profile(viewer=viewer, item=item, **form.cleaned_data)
        except TalkError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Added to your profile.")
    return redirect(reverse("talks:detail", args=[item.conversation_id]) + f"#item-{item.pk}")


@login_required
@require_POST
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    followup = selectors.followup_get(viewer=viewer, pk=pk)
    try:
        services.followup_set_done(
            viewer=viewer, followup=followup, done=request.POST.get("done", "1") == "1"
        )
    except TalkError as error:
        messages.error(request, str(error))
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect("talks:detail", followup.conversation_id)


@login_required
@require_GET
def conversation_ics_download(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    conversation = selectors.conversation_get(viewer=viewer, pk=pk)
    url = request.build_absolute_uri(reverse("talks:detail", args=[pk]))
    body = conversation_ics(conversation, host=request.get_host().split(":")[0], url=url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8; method=REQUEST")
    response["Content-Disposition"] = f'attachment; filename="career-conversation-{pk}.ics"'
    return response
