from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import counselors_who_see
from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, Scope
from core import undo
from plans.forms import CommentForm, ReviewForm, SectionMetaForm, answers_form, item_formset
from plans.models import Plan, PlanReview
from plans.pages import client_plan, history_context, plan_context
from plans.sections import BY_KEY, SECTIONS, next_section
from plans.versions import StaleEdit, UnknownItem, plan_for, save_section

SECTION_KEYS = [s.key for s in SECTIONS]


# --- Member pages -------------------------------------------------------------------


@role_required(Role.MEMBER)
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    plan = plan_for(request.user)
    if plan is None or (plan.revision == 0 and not plan.finished_sections):
        return render(request, "plans/start.html", {"first": SECTIONS[0], "count": len(SECTIONS)})
    context = plan_context(plan)
    # "Share with my counselor" only while no counselor sees the plan; then say who does.
    counselors = counselors_who_see(request.user, Scope.PLAN).order_by("display_name")
    context["plan_seen_by"] = [c.display_name for c in counselors]
    return render(request, "plans/overview.html", context)


def _initial_items(section_items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "ORDER": position} for position, item in enumerate(section_items, start=1)]


@role_required(Role.MEMBER)
def edit_section(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    section = BY_KEY.get(key)
    if section is None:
        raise Http404("No such section")
    member = request.user
    plan = plan_for(member)
    guided = request.GET.get("guided") == "1" or request.POST.get("guided") == "1"
    revision = plan.revision if plan else 0
    data = request.POST if request.method == "POST" else None

    meta = SectionMetaForm(data, section=section, initial={"base_revision": revision})
    existing: list[dict[str, Any]] = []
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
        removed = _removed_lines(existing if section.is_list else [], value)
        if removed:
            _offer_undo(request, key, removed)
        else:
            messages.success(request, _("Saved."))
        following = next_section(key)
        if guided and finished and following:
            return redirect(reverse("plan_section", args=[following.key]) + "?guided=1")
        # Back to the part just edited, not the top of a long plan.
        return redirect(reverse("plan_overview") + f"#section-{key}")

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


def _removed_lines(before: list[dict[str, Any]], after: Any) -> list[list[Any]]:
    """[position, line] for each line the save took out of the section."""
    kept = {item.get("id") for item in after} if isinstance(after, list) else set()
    return [[i, item] for i, item in enumerate(before) if item["id"] not in kept]


def _offer_undo(request: AuthenticatedHttpRequest, key: str, removed: list[list[Any]]) -> None:
    text = ngettext(
        "Saved. One line was removed.", "Saved. %(count)s lines were removed.", len(removed)
    ) % {"count": len(removed)}
    data = {"key": key, "lines": removed}
    undo.offer(request, text, kind="plan_lines", data=data, url=reverse("plan_undo"))


@require_POST
@role_required(Role.MEMBER)
def undo_removal(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Put removed lines back where they were, as a new version (the history shows both)."""
    member = request.user
    kept = undo.take(request, "plan_lines", request.POST.get("token", ""))
    plan = plan_for(member)
    if kept is None or plan is None or kept["key"] not in BY_KEY:
        messages.info(request, _("That can no longer be undone."))
        return redirect("plan_overview")
    key = kept["key"]
    lines = list(plan.items(key))
    for position, item in kept["lines"]:
        # A fresh id: the old one left the section with the version that removed it.
        lines.insert(min(position, len(lines)), {**item, "id": None})
    save_section(
        member,
        key,
        lines,
        author=member,
        base_revision=plan.revision,
        finished=key in plan.finished_sections,
    )
    messages.success(request, _("Put back in “%(section)s”.") % {"section": BY_KEY[key].title})
    return redirect(reverse("plan_section", args=[key]))


@role_required(Role.MEMBER)
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    plan = plan_for(request.user)
    return render(request, "plans/history.html", history_context(request, plan))


@role_required(Role.MEMBER)
def print_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    plan = plan_for(request.user)
    if plan is None:
        return redirect("plan_overview")
    context = plan_context(plan)
    context["by_key"] = {row["section"].key: row for row in context["sections"]}
    return render(request, "plans/print.html", context)


# --- Counselor pages -------------------------------------------------------------------


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
def client_review(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member, plan = client_plan(request, member_id, action="review_plan")
    if plan is None:
        raise Http404("No plan yet")
    form = ReviewForm(request.POST)
    if form.is_valid() and form.cleaned_data["version"] <= plan.revision:
        counselor = request.user
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
def client_comment(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member, plan = client_plan(request, member_id, action="comment_plan")
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
