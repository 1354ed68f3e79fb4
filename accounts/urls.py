from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import EmailAuthenticationForm

urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.member_today, name="member_today"),
    path("help/", views.help_now, name="help_now"),
    path("invitations/", views.invitations, name="invitations"),
    path("invite/<str:token>/", views.accept, name="accept_invitation"),
    path("account/", views.profile, name="profile"),
    path("account/sharing/", views.sharing, name="sharing"),
    path("account/sharing/<int:consent_id>/stop/", views.revoke_consent, name="revoke_consent"),
    path("account/access-log/", views.access_log, name="access_log"),
    path("accounts/signup/", views.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
]
