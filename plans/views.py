from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_view, record_view, require_access
from accounts.decorators import role_required
from accounts.models import Role, Scope, User
from checkins.history import history as checkins_history

from .forms import CommentForm, ReviewForm, SectionMetaForm, answers_form, item_formset
from .models import Plan, PlanReview, PlanVersion
from .sections import BY_KEY, SECTIONS, next_section
from .status import PlanState, caseload, state_of
from .versions import StaleEdit, UnknownItem, diff, plan_for, save_section

SECTION_KEYS = [s.key for s in SECTIONS]


def _plan_context(plan: Plan | None) -> dict[str, Any]:
    """Everything the plan pages show, in a fixed number of queries."""
    if plan is None:
        return {"plan": None, "sections": [], "last_review": None, "state": PlanState.NONE}
    comments: dict[str, list] = {}
    for comment in plan.comments.select_related("author"):
        comments.setdefault(comment.section, []).append(comment)
    last_review = plan.reviews.select_related("counselor").first()
    sections = [
        {
            "section": s,
            "items": plan.items(s.key),
            "answers": plan.answers(s.key),
            "finished": s.key in plan.finished_sections,
            "comments": comments.get(s.key, []),
        }
        for s in SECTIONS
    ]
    state = state_of(plan, last_review)
    return {
        "plan": plan,
        "sections": sections,
        "last_review": last_review,
        "state": state,
        "state_label": PlanState.LABELS[state],
    }


# --- Member pages -------------------------------------------------------------------


@role_required(Role.MEMBER)
def overview(request: HttpRequest) -> HttpResponse:
    plan = plan_for(request.user)  # type: ignore[arg-type]
    if plan is None or (plan.revision == 0 and not plan.finished_sections):
        return render(request, "plans/start.html", {"first": SECTIONS[0], "count": len(SECTIONS)})
    return render(request, "plans/overview.html", _plan_context(plan))


def _initial_items(section_items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "ORDER": position} for position, item in enumerate(section_items, start=1)]


@role_required(Role.MEMBER)
def edit_section(request: HttpRequest, key: str) -> HttpResponse:
    section = BY_KEY.get(key)
    if section is None:
        raise Http404("No such section")
    member: Any = request.user
    plan = plan_for(member)
    guided = request.GET.get("guided") == "1" or request.POST.get("guided") == "1"
    revision = plan.revision if plan else 0
    data = request.POST if request.method == "POST" else None

    meta = SectionMetaForm(data, section=section, initial={"base_revision": revision})
    if section.is_list:
        existing = plan.items(key) if plan else []
        FormSet = item_formset(section, extra=3 if not existing else 1)
        body: Any = FormSet(data, initial=_initial_items(existing), prefix="items")
    else:
        body = answers_form(section)(data, initial=plan.answers(key) if plan else None)

    if request.method == "POST" and meta.is_valid() and body.is_valid():
        if section.is_list:
            value: Any = body.items() + meta.adopted()
        else:
            value = body.answers()
        finished = "save_later" not in request.POST
        try:
            save_section(
                member,
                key,
                value,
                author=member,
                base_revision=meta.cleaned_data["base_revision"],
                finished=finished,
            )
        except StaleEdit:
            messages.error(
                request,
                _(
                    "This section was changed somewhere else (another tab or device) after you "
                    "opened it. Here is the newest version; please make your change again."
                ),
            )
            return redirect(request.path + ("?guided=1" if guided else ""))
        except UnknownItem as exc:
            raise Http404("No such item") from exc
        messages.success(request, _("Saved."))
        following = next_section(key)
        if guided and finished and following:
            return redirect(reverse("plan_section", args=[following.key]) + "?guided=1")
        return redirect("plan_overview")

    step = SECTION_KEYS.index(key) + 1
    return render(
        request,
        "plans/section_form.html",
        {
            "section": section,
            "meta": meta,
            "body": body,
            "guided": guided,
            "step": step,
            "count": len(SECTIONS),
            "comments": plan.comments.filter(section=key).select_related("author") if plan else [],
        },
    )


def _history_context(request: HttpRequest, plan: Plan | None) -> dict[str, Any]:
    versions = list(plan.versions.select_related("author").defer("content")) if plan else []
    context: dict[str, Any] = {"versions": versions, "changes": None}
    if not versions or "a" not in request.GET:
        return context
    try:
        a, b = sorted((int(request.GET["a"]), int(request.GET.get("b", versions[0].number))))
        if a < 0 or b > versions[0].number:
            raise ValueError("no such version")
    except ValueError:
        context["compare_error"] = _("Choose two versions from the list to compare.")
        return context
    chosen = {v.number: v for v in PlanVersion.objects.filter(plan=plan, number__in=[a, b])}
    if b not in chosen or (a != 0 and a not in chosen):
        context["compare_error"] = _("Choose two versions from the list to compare.")
        return context
    old = chosen[a].content if a else {}
    context.update(a=a, b=b, changes=diff(old, chosen[b].content))
    return context


@role_required(Role.MEMBER)
def history(request: HttpRequest) -> HttpResponse:
    plan = plan_for(request.user)  # type: ignore[arg-type]
    return render(request, "plans/history.html", _history_context(request, plan))


@role_required(Role.MEMBER)
def print_plan(request: HttpRequest) -> HttpResponse:
    plan = plan_for(request.user)  # type: ignore[arg-type]
    if plan is None:
        return redirect("plan_overview")
    context = _plan_context(plan)
    context["by_key"] = {row["section"].key: row for row in context["sections"]}
    return render(request, "plans/print.html", context)


# --- Counselor pages -------------------------------------------------------------------


@role_required(Role.COUNSELOR)
def counselor_caseload(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/caseload.html", {"clients": caseload(request.user)})  # type: ignore[arg-type]


def _client(request: HttpRequest, member_id: int, *, action: str) -> tuple[User, Plan | None]:
    member = require_access(request, member_id, Scope.PLAN, action=action)
    return member, plan_for(member)


@role_required(Role.COUNSELOR)
def client_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = require_access(request, member_id, Scope.ENGAGEMENT, action="view_client")
    context: dict[str, Any] = {
        "member": member,
        "can_see_plan": can_view(request.user, member, Scope.PLAN),
    }
    if context["can_see_plan"]:
        plan = plan_for(member)
        record_view(request, member, Scope.PLAN, action="view_plan", obj=plan)
        context.update(_plan_context(plan))
        context["review_form"] = ReviewForm(initial={"version": plan.revision if plan else 1})
    context["can_see_checkins"] = can_view(request.user, member, Scope.CHECKINS)
    if context["can_see_checkins"]:
        record_view(request, member, Scope.CHECKINS, action="view_checkins")
        context["checkins_history"] = checkins_history(member)
    return render(request, "plans/client.html", context)


@role_required(Role.COUNSELOR)
def client_history(request: HttpRequest, member_id: int) -> HttpResponse:
    member, plan = _client(request, member_id, action="view_plan_history")
    context = _history_context(request, plan)
    context["member"] = member
    return render(request, "plans/history.html", context)


def _version_error(form: Any, plan: Plan) -> str | None:
    version = form.cleaned_data.get("version") if hasattr(form, "cleaned_data") else None
    if version is None or version > plan.revision:
        return _("The plan changed while you were reading. Please look again before saving.")
    return None


def _review_error(form: Any, plan: Plan) -> str:
    return _version_error(form, plan) or _('Choose "Reviewed" or "Changes suggested".')


def _comment_error(form: Any, plan: Plan) -> str:
    if "body" in form.errors or "section" in form.errors:
        return _("Write a comment of up to 1000 characters.")
    return _version_error(form, plan) or _("Write a comment of up to 1000 characters.")


@require_POST
@role_required(Role.COUNSELOR)
def client_review(request: HttpRequest, member_id: int) -> HttpResponse:
    member, plan = _client(request, member_id, action="review_plan")
    if plan is None:
        raise Http404("No plan yet")
    form = ReviewForm(request.POST)
    if form.is_valid() and form.cleaned_data["version"] <= plan.revision:
        counselor: Any = request.user
        PlanReview.objects.create(
            plan=plan,
            version_number=form.cleaned_data["version"],
            counselor=counselor,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("Review saved. %(name)s will see it beside their plan.")
            % {"name": member.display_name},
        )
    else:
        messages.error(request, _review_error(form, plan))
    return redirect("client_detail", member_id=member.pk)


@require_POST
@role_required(Role.COUNSELOR)
def client_comment(request: HttpRequest, member_id: int) -> HttpResponse:
    member, plan = _client(request, member_id, action="comment_plan")
    if plan is None:
        raise Http404("No plan yet")
    form = CommentForm(request.POST)
    if form.is_valid() and form.cleaned_data["version"] <= plan.revision:
        form.instance.plan = plan
        form.instance.author = request.user
        form.instance.version_number = form.cleaned_data["version"]
        form.save()
        messages.success(request, _("Comment added."))
        anchor = f"#section-{form.cleaned_data['section']}"
    else:
        messages.error(request, _comment_error(form, plan))
        anchor = ""
    return redirect(reverse("client_detail", args=[member.pk]) + anchor)
