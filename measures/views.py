"""The member's BAM (one question per screen) and their results; the counselor's table.

Paths carry no answer and no question: which question comes next says something about
the answers (7A-7G follow drug use), so the question shown lives in the attempt, and every
screen posts to the same /check-up/question/.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import consents_relied_on, require_access
from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, Scope
from measures import bam, flow
from measures.explain import parts
from measures.forms import AnswerForm
from measures.models import BamAttempt, cadence_days, is_due
from measures.trend import results_of


@role_required(Role.MEMBER)
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    if request.method == "POST":
        flow.start(member)
        return redirect("bam_question")
    attempt = flow.attempt_of(member)
    context = {
        "attempt": attempt,
        "position": flow.position(attempt.current) if attempt else None,
        "count": bam.NUMBERED,
        "instructions": bam.INSTRUCTIONS,
        "due": is_due(member),
        "latest": flow.latest_result(member),
        "every_days": cadence_days(member),
    }
    return render(request, "measures/start.html", context)


@role_required(Role.MEMBER)
def question(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    attempt = flow.attempt_of(member)
    if attempt is None:
        # Finished already (a second tap on the last answer), or never started.
        return redirect("bam_results" if flow.latest_result(member) else "bam_start")
    if request.method == "POST":
        posted = request.POST.get("item", "")
        if posted not in bam.BY_KEY:
            messages.error(request, _("That page was out of date. Here is where you are."))
            return redirect("bam_question")
        if "back" in request.POST:
            flow.back(member, posted)
            return redirect("bam_question")
        form = AnswerForm(request.POST, item=bam.BY_KEY[posted])
        if posted == attempt.current and form.is_valid():
            step = flow.answer(member, posted, form.cleaned_data["answer"])
            if step.result is not None:
                messages.success(request, _("Thank you. Here is what your answers show."))
                return redirect("bam_results")
            return redirect("bam_question")
        if posted != attempt.current:
            # An earlier screen sent again (the browser's back button): nothing changes.
            if posted in attempt.answers:
                messages.info(request, _("That answer was already saved. Here is where you are."))
            else:
                messages.info(request, _("That page was out of date. Here is where you are."))
            return redirect("bam_question")
        return _question_page(request, attempt, form)
    item = bam.BY_KEY[attempt.current]
    initial = attempt.answers.get(item.key)
    form = AnswerForm(item=item, initial={"answer": initial} if initial is not None else None)
    return _question_page(request, attempt, form)


def _question_page(
    request: AuthenticatedHttpRequest, attempt: BamAttempt, form: AnswerForm
) -> HttpResponse:
    item = form.item
    context = {
        "form": form,
        "item": item,
        "stem": bam.DRUG_STEM if item.number == 7 else "",
        "position": flow.position(item.key),
        "count": bam.NUMBERED,
        "first": bam.preceding(item.key, attempt.answers) is None,
    }
    return render(request, "measures/question.html", context)


@role_required(Role.MEMBER)
def results(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    found = results_of(member)
    latest = found[0] if found else None
    previous = found[1] if len(found) > 1 else None
    context = {
        "latest": latest,
        "previous": previous,
        "parts": parts(latest, previous) if latest else [],
        "history": found,
        "due": is_due(member),
        "in_progress": flow.attempt_of(member) is not None,
        "every_days": cadence_days(member),
    }
    return render(request, "measures/results.html", context)


@role_required(Role.COUNSELOR)
def client_results(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """Every BAM of a client, under the check-ins part of their consent (the gate audits it,
    and records a refusal)."""
    member = require_access(request, member_id, Scope.CHECKINS, action="view_bam")
    found = results_of(member)
    context = {
        "member": member,
        "history": found,
        # What the redisclosure notice names: the consent this view relied on.
        "relied_on": consents_relied_on(request.user, [member.pk], Scope.CHECKINS).values(),
    }
    return render(request, "measures/client_results.html", context)
