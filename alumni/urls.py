"""The alumni network's pages: the member's community and the coordinator's pages."""

from django.urls import path

from alumni.views import community, drift, events, groups, members, overview, peers

urlpatterns = [
    path("community/", community.community, name="community"),
    path("community/events/<int:event_id>/rsvp/", community.event_rsvp, name="event_rsvp"),
    path("community/events/<int:event_id>/cancel/", community.event_cancel, name="event_cancel"),
    path("community/peer/<int:pairing_id>/", community.peer_answer, name="peer_answer"),
    path("alumni/", overview.overview, name="alumni_overview"),
    path(
        "alumni/follow-ups/<int:outreach_id>/done/",
        overview.follow_up_done,
        name="alumni_follow_up_done",
    ),
    path("alumni/groups/new/", groups.group_edit, name="alumni_group_new"),
    path("alumni/groups/<int:group_id>/", groups.group_detail, name="alumni_group"),
    path("alumni/groups/<int:group_id>/edit/", groups.group_edit, name="alumni_group_edit"),
    path("alumni/groups/<int:group_id>/delete/", groups.group_delete, name="alumni_group_delete"),
    path(
        "alumni/groups/<int:group_id>/members/add/",
        groups.group_add_member,
        name="alumni_group_add_member",
    ),
    path(
        "alumni/groups/<int:group_id>/members/<int:membership_id>/remove/",
        groups.group_remove_member,
        name="alumni_group_remove_member",
    ),
    path("alumni/events/", events.event_list, name="alumni_events"),
    path("alumni/events/new/", events.event_edit, name="alumni_event_new"),
    path("alumni/events/<int:event_id>/", events.event_detail, name="alumni_event"),
    path("alumni/events/<int:event_id>/edit/", events.event_edit, name="alumni_event_edit"),
    path(
        "alumni/events/<int:event_id>/attendance/",
        events.event_attendance,
        name="alumni_event_attendance",
    ),
    path(
        "alumni/events/<int:event_id>/walk-in/", events.event_walk_in, name="alumni_event_walk_in"
    ),
    path("alumni/peers/", peers.peers, name="alumni_peers"),
    path("alumni/peers/<int:pairing_id>/end/", peers.peer_end, name="alumni_peer_end"),
    path("alumni/drift/", drift.drift, name="alumni_drift"),
    path("alumni/drift/invite/", drift.drift_invite, name="alumni_drift_invite"),
    path("alumni/members/<int:member_id>/", members.member_engagement, name="alumni_member"),
]
