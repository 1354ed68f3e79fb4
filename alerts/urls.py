from django.urls import path

from alerts.views import inbox, struggling

urlpatterns = [
    path("alerts/", inbox.alert_inbox, name="alert_inbox"),
    path("alerts/<int:alert_id>/", inbox.alert_update, name="alert_update"),
    path("help/struggling/", struggling.struggling, name="struggling"),
    path("help/struggling/tell/", struggling.struggling_tell, name="struggling_tell"),
    path("help/struggling/steps/", struggling.struggling_steps, name="struggling_steps"),
]
