from django.urls import path

from . import views, views_reminders
from . import views_struggling as struggling

urlpatterns = [
    path("checkin/", views.checkin, name="checkin"),
    path("checkin/response/", views.checkin_response, name="checkin_response"),
    path("checkins/", views.checkin_history, name="checkin_history"),
    path("checkin/used/", views.use_safety, name="use_safety"),
    path("checkin/used/tell/", views.use_tell, name="use_tell"),
    path("checkin/used/record/", views.use_record, name="use_record"),
    path("checkin/used/<int:report_id>/", views.use_report, name="use_report"),
    path("checkin/used/<int:report_id>/reflect/", views.use_reflect, name="use_reflect"),
    path("checkin/used/<int:report_id>/to-plan/", views.use_to_plan, name="use_to_plan"),
    path("alerts/", views.alert_inbox, name="alert_inbox"),
    path("alerts/<int:alert_id>/", views.alert_update, name="alert_update"),
    path("checkin/reminders/", views_reminders.reminders, name="checkin_reminders"),
    path(
        "checkin/reminders/<int:schedule_id>/",
        views_reminders.reminder_edit,
        name="checkin_reminder_edit",
    ),
    path(
        "checkin/reminders/<int:schedule_id>/delete/",
        views_reminders.reminder_delete,
        name="checkin_reminder_delete",
    ),
    path(
        "checkin/reminders/settings/",
        views_reminders.reminder_settings,
        name="checkin_reminder_settings",
    ),
    path(
        "checkin/reminders/resume/",
        views_reminders.reminders_resume,
        name="checkin_reminders_resume",
    ),
]

urlpatterns += [
    path("help/struggling/", struggling.struggling, name="struggling"),
    path("help/struggling/tell/", struggling.struggling_tell, name="struggling_tell"),
    path("help/struggling/steps/", struggling.struggling_steps, name="struggling_steps"),
]
