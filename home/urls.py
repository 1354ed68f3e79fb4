from django.urls import path

from home import joining, views

urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.member_today, name="member_today"),
    path("help/", views.help_now, name="help_now"),
    path("checkin/now/", views.use_safety, name="use_safety"),
    path("checkin/now/<int:report_id>/", views.use_report, name="use_report"),
    path("invite/<str:token>/", joining.accept, name="accept_invitation"),
    path("accounts/signup/", joining.signup, name="signup"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("checkin/response/", views.checkin_response, name="checkin_response"),
    path("counselor/", views.counselor_caseload, name="counselor_caseload"),
    path("counselor/clients/<int:member_id>/", views.client_detail, name="client_detail"),
    path(
        "counselor/clients/<int:member_id>/plan/history/",
        views.client_history,
        name="client_plan_history",
    ),
]
