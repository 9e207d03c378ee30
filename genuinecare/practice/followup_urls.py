from django.urls import path

from genuinecare.practice.felt.views import follow_up_view

urlpatterns = [path("<str:token>/", follow_up_view, name="follow-up")]
