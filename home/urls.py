from django.urls import path

from home import installable, joining, views

urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.member_today, name="member_today"),
    path("help/", views.help_now, name="help_now"),
    path("help/my-card/", installable.my_card, name="my_card"),
    path("offline/", installable.offline, name="offline"),
    path("sw.js", installable.service_worker, name="service_worker"),
    path("manifest.webmanifest", installable.manifest, name="web_manifest"),
    path("checkin/now/", views.use_safety, name="use_safety"),
    path("checkin/now/<int:report_id>/", views.use_report, name="use_report"),
    path("invite/<str:token>/", joining.accept, name="accept_invitation"),
    path("accounts/signup/", joining.signup, name="signup"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("checkin/response/", views.checkin_response, name="checkin_response"),
    path("account/my-data/", views.my_data, name="my_data"),
    path("account/close/", views.close_account_page, name="close_account"),
    path("goodbye/", views.account_closed, name="account_closed"),
    path("account/access-log/download/", views.own_accounting, name="own_accounting"),
    path("staff/accounting/", views.staff_accounting, name="staff_accounting"),
    path("counselor/", views.counselor_caseload, name="counselor_caseload"),
    path("counselor/clients/<int:member_id>/", views.client_detail, name="client_detail"),
    path(
        "counselor/clients/<int:member_id>/plan/history/",
        views.client_history,
        name="client_plan_history",
    ),
]
