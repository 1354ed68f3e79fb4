"""Every page, as each demo person sees it: no sideways scrolling at 320 px (the page and any
box inside it), a menu that stays on one line on a desktop, and no serious axe finding
(target size included) on a phone or a desktop.

The pages are the demo's (seed_demo), so each one has real content: long names, full tables.
Forms that only answer POST are reached through the pages that hold them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, Page

from accounts.models import User
from alumni.models import AlumniGroup, Event
from checkins.models import UseReport
from contacts.models import SupportContact
from plans.sections import SECTIONS
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import BLOCKING, axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "waypoint-demo"
NARROWEST = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
DESKTOPS = (1280, 1440)

# Boxes that scroll sideways inside the page (a wide table in .table-responsive...), and
# the page itself: what a person on a 320 px phone would have to scroll to read.
SIDEWAYS = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) out.push(`the page: ${root.scrollWidth}px`);
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if (!["auto", "scroll"].includes(style.overflowX) || el.offsetParent === null) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  }
  return out;
}"""

# The menu's items all sit on one line (their middles level), each on one line of text.
MENU_ROWS = """() => {
  const items = [...document.querySelectorAll("#nav-links .nav-link, #nav-links .btn")]
    .filter(el => el.offsetParent !== null);
  const middles = items.map(el => { const r = el.getBoundingClientRect(); return r.top + r.height / 2; });
  const tall = items.filter(el => el.getBoundingClientRect().height > 48).map(el => el.textContent.trim());
  return {count: items.length, level: Math.max(...middles) - Math.min(...middles) < 8, tall};
}"""


@pytest.fixture
def demo(settings) -> None:
    settings.DEBUG = True  # seed_demo refuses without it: it makes known passwords
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def _pages() -> dict[str, list[str]]:
    """Each demo person's pages (GET), from the demo's own rows."""
    alex = User.objects.get(email="alex@example.org")
    sam = User.objects.get(email="sam@example.org")
    riley = User.objects.get(email="riley@example.org")
    report = UseReport.objects.filter(member=alex).first()
    contact = SupportContact.objects.filter(member=alex).first()
    member_pages = [
        reverse("member_today"),
        reverse("checkin"),
        reverse("checkin_history"),
        reverse("plan_overview"),
        reverse("plan_history"),
        reverse("plan_history") + "?a=1&b=2",
        reverse("plan_print"),
        *(reverse("plan_section", args=[s.key]) for s in SECTIONS),
        reverse("contact_list"),
        reverse("contact_new"),
        reverse("checkin_reminders"),
        reverse("profile"),
        reverse("sharing"),
        reverse("access_log"),
        reverse("community"),
        reverse("help_now"),
        reverse("struggling"),
        reverse("use_tell"),
        reverse("use_record"),
        reverse("bam_start"),
        reverse("bam_results"),
    ]
    alex_pages = [*member_pages]
    if contact:
        alex_pages.append(reverse("contact_edit", args=[contact.pk]))
    if report:
        alex_pages += [
            reverse("use_report", args=[report.pk]),
            reverse("use_reflect", args=[report.pk]),
        ]
    staff = [reverse("invitations"), reverse("profile"), reverse("outcomes")]
    return {
        "": [
            reverse("login"),
            reverse("help_now"),
            reverse("password_reset"),
            reverse("use_safety"),
        ],
        "alex@example.org": alex_pages,
        "sam@example.org": [reverse("member_today"), reverse("plan_overview")],
        "taylor@example.org": [reverse("member_today"), reverse("community")],
        "casey@example.org": [
            reverse("counselor_caseload"),
            *(reverse("client_detail", args=[m.pk]) for m in (alex, sam, riley)),
            reverse("client_bam", args=[alex.pk]),
            reverse("alert_inbox"),
            *staff,
        ],
        "jordan@example.org": [
            reverse("alumni_overview"),
            reverse("alumni_events"),
            reverse("alumni_event_new"),
            *(reverse("alumni_event", args=[e.pk]) for e in Event.objects.order_by("pk")),
            reverse("alumni_group_new"),
            *(reverse("alumni_group", args=[g.pk]) for g in AlumniGroup.objects.order_by("pk")),
            *(
                reverse("alumni_group_edit", args=[g.pk])
                for g in AlumniGroup.objects.order_by("pk")[:1]
            ),
            reverse("alumni_peers"),
            reverse("alumni_drift"),
            reverse("alumni_member", args=[riley.pk]),
            *staff,
        ],
        "admin@example.org": staff,
    }


@pytest.fixture(params=["narrowest", *DESKTOPS])
def viewport(request) -> object:
    return request.param


@pytest.fixture
def context_page(browser: Browser, browser_context_args: dict, viewport) -> Iterator[Page]:
    size = (
        NARROWEST if viewport == "narrowest" else {"viewport": {"width": viewport, "height": 900}}
    )
    context = browser.new_context(**{**browser_context_args, **size})
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways_at_320px_or_wraps_its_menu_or_fails_axe(
    demo, context_page: Page, live_server, viewport
):
    page = context_page
    problems: list[str] = []
    seen = 0
    for email, urls in _pages().items():
        page.context.clear_cookies()
        if email:
            sign_in(page, live_server, email, DEMO_PASSWORD)
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.ok, f"{email} {url}: {response}"
            seen += 1
            where = f"{email or 'signed out'} {url}"
            if viewport == "narrowest":
                problems += [f"{where}: scrolls sideways: {p}" for p in page.evaluate(SIDEWAYS)]
            elif email:
                menu = page.evaluate(MENU_ROWS)
                if not menu["level"] or menu["tall"]:
                    problems.append(f"{where}: the menu wraps at {viewport}px: {menu}")
            if viewport in ("narrowest", DESKTOPS[0]):
                blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
                if blocking:
                    problems.append(f"{where}: axe:\n{describe(blocking)}")
    assert seen > 50
    assert not problems, "\n".join(problems)
