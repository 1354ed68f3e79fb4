from django.urls import path

from stepping_up import views
from stepping_up.models import Origin

urlpatterns = [
    path("care/", views.my_care, name="my_care"),
    # Where the request came from is in the path, never in what the member chose: the
    # return-to-use flow's own pages already live under checkin/now/.
    path(
        "care/more-support/",
        views.more_support,
        {"origin": Origin.PLAN},
        name="more_support",
    ),
    path(
        "checkin/now/more-support/",
        views.more_support,
        {"origin": Origin.RETURN_TO_USE},
        name="more_support_after_use",
    ),
    path(
        "counselor/clients/<int:member_id>/care/recommendations/",
        views.client_recommend,
        name="client_recommend",
    ),
    path(
        "counselor/clients/<int:member_id>/care/recommendations/<int:recommendation_id>/outcome/",
        views.client_outcome,
        name="client_outcome",
    ),
]
