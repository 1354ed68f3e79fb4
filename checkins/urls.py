from django.urls import path

from checkins import views

urlpatterns = [
    path("checkin/", views.checkin, name="checkin"),
    path("checkins/", views.checkin_history, name="checkin_history"),
    path("checkin/now/tell/", views.use_tell, name="use_tell"),
    path("checkin/now/record/", views.use_record, name="use_record"),
    path("checkin/now/<int:report_id>/reflect/", views.use_reflect, name="use_reflect"),
    path("checkin/now/<int:report_id>/to-plan/", views.use_to_plan, name="use_to_plan"),
]
