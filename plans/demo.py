"""Demo plans for seed_demo: Alex's complete plan (two versions, one review), Sam's half-finished one."""

from __future__ import annotations

from accounts.models import User
from plans.models import Plan, PlanComment, PlanReview, ReviewStatus
from plans.sections import SECTIONS
from plans.versions import write_plan

ALEX_PLAN = {
    "reasons": [
        {"text": "Being there for my son Theo, every weekend"},
        {"text": "Keeping my job at the warehouse"},
        {"text": "Feeling clear-headed in the morning"},
    ],
    "triggers": [
        {"text": "Payday", "kind": "external", "note": "Cash in my pocket on Fridays"},
        {"text": "Driving past Ridge Street", "kind": "external", "note": ""},
        {"text": "Feeling like I let people down", "kind": "internal", "note": ""},
        {
            "text": "Back pain after long shifts",
            "kind": "internal",
            "note": "Ask about physical therapy",
        },
    ],
    "warning_signs": [
        {"text": "Not answering Marcus's calls", "stage": "emotional"},
        {"text": "Skipping Thursday group", "stage": "emotional"},
        {"text": "Sleeping less than five hours", "stage": "emotional"},
        {"text": "Thinking one time won't matter", "stage": "mental"},
        {"text": "Scrolling old contacts", "stage": "mental"},
    ],
    "coping": [
        {"text": "Walk around the block with headphones"},
        {"text": "Box breathing for five minutes"},
        {"text": "Call or text someone on my list"},
        {"text": "Cook something with Theo"},
    ],
    "distractions": [{"text": "Shooting hoops at the rec center with Luis"}],
    "actions": [
        {
            "text": "When I get paid",
            "then": "I deposit the cash straight away and text Marcus",
            "who": "Marcus",
        },
        {
            "text": "When a craving hits 7 or more",
            "then": "I call my sponsor and go to a meeting tonight",
            "who": "Marcus",
        },
        {"text": "When I miss group", "then": "I tell Casey at my next session", "who": "Casey"},
    ],
    "support": [
        {"text": "Marcus", "relationship": "Sponsor", "phone": "+12025550143"},
        {"text": "Dana", "relationship": "Sister", "phone": "+12025550178"},
        {"text": "Luis", "relationship": "Peer from alumni group", "phone": "+12025550112"},
    ],
    "professionals": [{"text": "Dr. Patel (prescriber)", "phone": "+12025550160"}],
    "safety": [
        {"text": "Deleted the contacts of people who sold to me", "done_on": "2026-08-02"},
        {"text": "No drugs or paraphernalia at home", "done_on": "2026-08-03"},
        {"text": "No drugs or paraphernalia in my car", "done_on": "2026-08-03"},
        {"text": "Naloxone (Narcan) where I and others can reach it", "done_on": "2026-08-05"},
    ],
    "wellbeing": [
        {"text": "Ten minutes of stretching before bed", "kind": "stress"},
        {"text": "Basketball at the rec center", "kind": "boredom"},
        {"text": "Breakfast before my shift", "kind": "eating"},
        {"text": "Lights out by 11", "kind": "sleep"},
    ],
    "medications": [
        {
            "text": "Buprenorphine/naloxone",
            "dose": "8 mg",
            "schedule": "Every morning",
            "prescriber": "Dr. Patel",
            "moud": "buprenorphine",
        }
    ],
    "care_level": {"level": "outpatient"},
    "if_i_use": {
        "tell_first": "Marcus, then Casey",
        "naloxone": "Kitchen drawer by the door, and one in the car",
        "go_to": "Dana's apartment",
        "first_day": "Not be alone. Call Marcus. Go to the evening meeting. Tell Casey the next morning.",
    },
}

SAM_PLAN = {
    "reasons": [{"text": "My health"}, {"text": "Getting my license back"}],
    "triggers": [{"text": "Weekends with nothing planned", "kind": "external", "note": ""}],
}


def seed_plans(people: dict[str, User]) -> None:
    alex, sam, casey = (
        people["alex@example.org"],
        people["sam@example.org"],
        people["casey@example.org"],
    )
    if not Plan.objects.filter(member=alex).exists():
        first = write_plan(alex, dict(ALEX_PLAN), author=alex, finished=[s.key for s in SECTIONS])
        PlanReview.objects.create(
            plan=first.plan,
            version_number=first.number,
            counselor=casey,
            status=ReviewStatus.REVIEWED,
            note="A strong plan, Alex. Let's talk about the back pain next session.",
        )
        PlanComment.objects.create(
            plan=first.plan,
            section="triggers",
            author=casey,
            body="Could boredom on days off be a trigger too?",
            version_number=first.number,
        )
        triggers = [
            *first.plan.content["triggers"],
            {"text": "Days off with no plan", "kind": "external", "note": ""},
        ]
        write_plan(alex, {"triggers": triggers}, author=alex, finished=[])
    if not Plan.objects.filter(member=sam).exists():
        write_plan(sam, dict(SAM_PLAN), author=sam, finished=["reasons"])
