from django.urls import path

from . import views_member

urlpatterns = [
    path("contacts/", views_member.contact_list, name="contact_list"),
    path("contacts/new/", views_member.contact_edit, name="contact_new"),
    path("contacts/<int:contact_id>/edit/", views_member.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/delete/", views_member.contact_delete, name="contact_delete"),
    path("contacts/<int:contact_id>/move/", views_member.contact_move, name="contact_move"),
    path("community/", views_member.community, name="community"),
    path("community/events/<int:event_id>/rsvp/", views_member.event_rsvp, name="event_rsvp"),
    path("community/events/<int:event_id>/cancel/", views_member.event_cancel, name="event_cancel"),
    path("community/peer/<int:pairing_id>/", views_member.peer_answer, name="peer_answer"),
]
