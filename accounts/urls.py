from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views
from accounts.forms import EmailAuthenticationForm

urlpatterns = [
    path("invitations/", views.invitations, name="invitations"),
    path("account/", views.profile, name="profile"),
    path("account/sharing/", views.sharing, name="sharing"),
    path("account/sharing/<int:consent_id>/stop/", views.revoke_consent, name="revoke_consent"),
    path("account/access-log/", views.access_log, name="access_log"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
]
