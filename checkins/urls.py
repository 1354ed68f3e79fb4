from django.urls import path

from checkins import views

urlpatterns = [
    path("checkin/", views.checkin, name="checkin"),
    path("checkins/", views.checkin_history, name="checkin_history"),
    path("checkin/used/tell/", views.use_tell, name="use_tell"),
    path("checkin/used/record/", views.use_record, name="use_record"),
    path("checkin/used/<int:report_id>/reflect/", views.use_reflect, name="use_reflect"),
    path("checkin/used/<int:report_id>/to-plan/", views.use_to_plan, name="use_to_plan"),
]
