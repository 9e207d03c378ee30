from django.urls import path

from genuinecare.outbox import views

app_name = "outbox"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
