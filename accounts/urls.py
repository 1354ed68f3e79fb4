from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import language, signin, views

urlpatterns = [
    path("invitations/", views.invitations, name="invitations"),
    path("account/", views.profile, name="profile"),
    path("language/", language.choose_language, name="choose_language"),
    path("account/sharing/", views.sharing, name="sharing"),
    path("account/sharing/<int:consent_id>/stop/", views.revoke_consent, name="revoke_consent"),
    path("account/access-log/", views.access_log, name="access_log"),
    path("account/two-step/", signin.manage, name="two_factor"),
    path("account/two-step/set-up/", signin.setup, name="two_factor_setup"),
    path("account/two-step/new-codes/", signin.renew_codes, name="two_factor_renew_codes"),
    path("account/two-step/turn-off/", signin.turn_off, name="two_factor_turn_off"),
    path("account/still-here/", signin.stay_signed_in, name="stay_signed_in"),
    path("accounts/login/code/", signin.verify, name="two_factor_verify"),
    path(
        "accounts/login/",
        signin.SignInView.as_view(),
        name="login",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=signin.PasswordLinkForm),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        signin.SetPasswordFromLinkView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
]
