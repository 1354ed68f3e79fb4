from django.urls import path

from measures import views

# Neutral words only: a path in an access log must not say what was answered.
urlpatterns = [
    path("check-up/", views.start, name="bam_start"),
    path("check-up/question/", views.question, name="bam_question"),
    path("check-up/results/", views.results, name="bam_results"),
    path(
        "counselor/clients/<int:member_id>/check-ups/",
        views.client_results,
        name="client_bam",
    ),
]
