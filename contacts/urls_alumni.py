"""The alumni coordinator's pages, included at the site root."""

from django.urls import path

from . import views_alumni as views

urlpatterns = [
    path("alumni/", views.overview, name="alumni_overview"),
    path(
        "alumni/follow-ups/<int:outreach_id>/done/",
        views.follow_up_done,
        name="alumni_follow_up_done",
    ),
    path("alumni/groups/new/", views.group_edit, name="alumni_group_new"),
    path("alumni/groups/<int:group_id>/", views.group_detail, name="alumni_group"),
    path("alumni/groups/<int:group_id>/edit/", views.group_edit, name="alumni_group_edit"),
    path("alumni/groups/<int:group_id>/delete/", views.group_delete, name="alumni_group_delete"),
    path(
        "alumni/groups/<int:group_id>/members/add/",
        views.group_add_member,
        name="alumni_group_add_member",
    ),
    path(
        "alumni/groups/<int:group_id>/members/<int:membership_id>/remove/",
        views.group_remove_member,
        name="alumni_group_remove_member",
    ),
    path("alumni/events/", views.event_list, name="alumni_events"),
    path("alumni/events/new/", views.event_edit, name="alumni_event_new"),
    path("alumni/events/<int:event_id>/", views.event_detail, name="alumni_event"),
    path("alumni/events/<int:event_id>/edit/", views.event_edit, name="alumni_event_edit"),
    path(
        "alumni/events/<int:event_id>/attendance/",
        views.event_attendance,
        name="alumni_event_attendance",
    ),
    path("alumni/events/<int:event_id>/walk-in/", views.event_walk_in, name="alumni_event_walk_in"),
    path("alumni/peers/", views.peers, name="alumni_peers"),
    path("alumni/peers/<int:pairing_id>/end/", views.peer_end, name="alumni_peer_end"),
    path("alumni/drift/", views.drift, name="alumni_drift"),
    path("alumni/drift/invite/", views.drift_invite, name="alumni_drift_invite"),
    path("alumni/members/<int:member_id>/", views.member_engagement, name="alumni_member"),
]
