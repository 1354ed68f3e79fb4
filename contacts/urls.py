from django.urls import path

from contacts import views

urlpatterns = [
    path("contacts/new/", views.contact_edit, name="contact_new"),
    path("contacts/<int:contact_id>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/delete/", views.contact_delete, name="contact_delete"),
    path("contacts/undo/", views.contact_undo, name="contact_undo"),
    path("contacts/<int:contact_id>/move/", views.contact_move, name="contact_move"),
]
