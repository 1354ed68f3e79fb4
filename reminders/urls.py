from django.urls import path

from reminders import push, views

urlpatterns = [
    path("checkin/reminders/", views.reminders, name="checkin_reminders"),
    path(
        "checkin/reminders/<int:schedule_id>/",
        views.reminder_edit,
        name="checkin_reminder_edit",
    ),
    path(
        "checkin/reminders/<int:schedule_id>/delete/",
        views.reminder_delete,
        name="checkin_reminder_delete",
    ),
    path("checkin/reminders/undo/", views.reminder_undo, name="checkin_reminder_undo"),
    path(
        "checkin/reminders/settings/",
        views.reminder_settings,
        name="checkin_reminder_settings",
    ),
    path(
        "checkin/reminders/resume/",
        views.reminders_resume,
        name="checkin_reminders_resume",
    ),
    path("checkin/reminders/phone/", push.subscribe, name="checkin_push_subscribe"),
    path("checkin/reminders/phone/stop/", push.unsubscribe, name="checkin_push_unsubscribe"),
]
