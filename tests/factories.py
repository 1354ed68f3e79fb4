from __future__ import annotations

import time
from datetime import timedelta

import factory
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import CareAssignment, Consent, Program, Role, User, program_today
from checkins.models import CheckIn
from reminders.defaults import create_default_reminder

PASSWORD = "a-long-test-password"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("name",)

    name = "Test Program"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.MEMBER
    timezone = "America/New_York"
    program = factory.SubFactory(ProgramFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def reminder(obj, create, extracted, **kwargs):
        # As a member who joined (home.joining): the evening reminder comes with the account.
        # UserFactory(reminder=False) for a member who deleted theirs.
        if create and extracted is not False:
            create_default_reminder(obj)


class CareAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareAssignment

    counselor = factory.SubFactory(UserFactory, role=Role.COUNSELOR)
    member = factory.SubFactory(UserFactory)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    member = factory.SubFactory(UserFactory)
    recipient = factory.SubFactory(UserFactory, role=Role.COUNSELOR)
    purpose = "Care with my counselor"
    signature = factory.LazyAttribute(lambda o: o.member.display_name)
    discloser = "Test Program"
    recipient_name = factory.LazyAttribute(lambda o: o.recipient.display_name)
    # Every consent ends (42 CFR 2.31): a year from signing unless a test says otherwise.
    expires_at = factory.LazyAttribute(lambda o: o.granted_at + timedelta(days=365))
    granted_at = factory.LazyFunction(timezone.now)
    text = factory.LazyAttribute(
        lambda o: f"Consent of {o.member.display_name} for {o.recipient_name}: {o.purpose}"
    )
    scope_plan = True
    scope_checkins = True
    scope_alerts = True


class CheckInFactory(factory.django.DjangoModelFactory):
    """A calm day unless told otherwise; `local_date` defaults to the program's today."""

    class Meta:
        model = CheckIn

    member = factory.SubFactory(UserFactory)
    local_date = factory.LazyFunction(program_today)
    hungry = 0
    angry = 0
    lonely = 0
    tired = 0
    craving = 1
    mood = 4
    sleep_hours = 7
    medication = "yes"
    support_contact = True


def enrolled_device(user: User) -> TOTPDevice:
    """The person's authenticator app, as if they had set it up (tests compute its codes)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the person's app shows now, or the next one if this one was already used."""
    device.refresh_from_db()
    now_t = int((time.time() - device.t0) // device.step)
    # The device expects its own drift; a step already used is refused, so take the next
    # one, which its tolerance of one step accepts.
    drift = max(device.drift, device.last_t + 1 - now_t)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"
