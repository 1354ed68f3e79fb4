from django.urls import path

from texting import views

urlpatterns = [
    path("texting/inbound/", views.inbound, name="texting_inbound"),
    path("checkin/reminders/texts/", views.text_words, name="text_words"),
]
