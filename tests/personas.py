"""The people around one member, each in one relation to the access gate.

Plain builders (`persona(member) -> viewer`) so a test can make several; tests/conftest.py
offers each as a fixture of the same name, built around the `member` fixture.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import Role, Scope, User
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory

CONTENT = (Scope.PLAN, Scope.CHECKINS, Scope.ALERTS)


def counselor_for(member: User, *, on_team: bool = True, scopes=CONTENT, **person) -> User:
    """A counselor, on the member's active care team or not, with consent to `scopes`."""
    counselor = UserFactory(role=Role.COUNSELOR, program=member.program, **person)
    if on_team:
        CareAssignmentFactory(counselor=counselor, member=member)
    if scopes:
        ConsentFactory(
            member=member, recipient=counselor, **{f"scope_{s}": s in scopes for s in CONTENT}
        )
    return counselor


def counselor_with_partial_consent(member: User) -> User:
    """On the care team; the member shares their plan only (not check-ins, not alerts)."""
    return counselor_for(member, scopes=(Scope.PLAN,))


def counselor_without_consent(member: User) -> User:
    """On the care team; the member has not shared anything with them."""
    return counselor_for(member, scopes=())


def counselor_off_team(member: User) -> User:
    """The member consented, but they were never put on the care team."""
    return counselor_for(member, on_team=False)


def counselor_link_ended(member: User) -> User:
    """Consent still open, but their place on the care team ended yesterday."""
    counselor = counselor_for(member, on_team=False)
    today = timezone.localdate()
    CareAssignmentFactory(
        counselor=counselor,
        member=member,
        started_on=today - timedelta(days=60),
        ended_on=today - timedelta(days=1),
    )
    return counselor


def inactive_counselor(member: User) -> User:
    """On the team with consent, but their account was switched off (left the program)."""
    return counselor_for(member, is_active=False)


def coordinator_with_consent(member: User) -> User:
    """The program's coordinator, whom the member chose to share everything with."""
    coordinator = UserFactory(role=Role.COORDINATOR, program=member.program)
    ConsentFactory(member=member, recipient=coordinator)
    return coordinator


def coordinator_elsewhere(member: User) -> User:
    return UserFactory(role=Role.COORDINATOR, program__name="Another program")


def program_admin(member: User) -> User:
    """Made as `createsuperuser` makes one: staff and superuser, in no program."""
    return UserFactory(role=Role.COORDINATOR, is_staff=True, is_superuser=True, program=None)


def anonymous(member: User | None = None) -> AnonymousUser:
    return AnonymousUser()
