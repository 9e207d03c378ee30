from django.urls import path

from genuinecare.practice.views.followup import follow_up_view

urlpatterns = [path("<str:token>/", follow_up_view, name="follow-up")]
