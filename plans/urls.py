from django.urls import path

from plans import views

urlpatterns = [
    path("plan/", views.overview, name="plan_overview"),
    path("plan/history/", views.history, name="plan_history"),
    path("plan/print/", views.print_plan, name="plan_print"),
    path("plan/undo/", views.undo_removal, name="plan_undo"),
    path("plan/<slug:key>/", views.edit_section, name="plan_section"),
    path(
        "counselor/clients/<int:member_id>/plan/review/", views.client_review, name="client_review"
    ),
    path(
        "counselor/clients/<int:member_id>/plan/comments/",
        views.client_comment,
        name="client_comment",
    ),
]
