from django.urls import path

from . import views

urlpatterns = [
    path("plan/", views.overview, name="plan_overview"),
    path("plan/history/", views.history, name="plan_history"),
    path("plan/print/", views.print_plan, name="plan_print"),
    path("plan/<slug:key>/", views.edit_section, name="plan_section"),
    path("counselor/", views.counselor_caseload, name="counselor_caseload"),
    path("counselor/clients/<int:member_id>/", views.client_detail, name="client_detail"),
    path(
        "counselor/clients/<int:member_id>/plan/history/",
        views.client_history,
        name="client_plan_history",
    ),
    path(
        "counselor/clients/<int:member_id>/plan/review/", views.client_review, name="client_review"
    ),
    path(
        "counselor/clients/<int:member_id>/plan/comments/",
        views.client_comment,
        name="client_comment",
    ),
]
