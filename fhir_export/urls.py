from django.urls import path

from fhir_export import views

urlpatterns = [
    path(
        "fhir/Questionnaire/<slug:questionnaire_id>",
        views.questionnaire,
        name="fhir_questionnaire",
    ),
    path(
        "counselor/clients/<int:member_id>/fhir/",
        views.client_bundle,
        name="client_fhir_bundle",
    ),
]
