from __future__ import annotations

from accounts.models import User
from stepping_up.asking import ask
from stepping_up.models import CareRecommendation, CareRequest, Origin
from stepping_up.recommending import recommend


def a_request(member: User, level: str = "iop", note: str = "") -> CareRequest:
    return ask(member, level=level, note=note, origin=Origin.PLAN).request


def a_recommendation(
    counselor: User, member: User, level: str = "iop", outcome: str = "talk", note: str = ""
) -> CareRecommendation:
    return recommend(counselor, member, level=level, note=note, outcome=outcome).recommendation
