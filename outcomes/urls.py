from django.urls import path

from outcomes import views

urlpatterns = [
    path("program/outcomes/", views.outcomes_page, name="outcomes"),
    path("program/outcomes.csv", views.outcomes_csv, name="outcomes_csv"),
]
