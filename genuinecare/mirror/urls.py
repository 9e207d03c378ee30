from django.urls import path

from genuinecare.mirror import views

app_name = "mirror"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("shared/", views.shared_list, name="shared"),
    path("catalogs/", views.catalogs, name="catalogs"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report-pdf"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/answer/", views.resume, name="resume"),
    path("<int:pk>/answer/<int:page>/", views.answer_page, name="page"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/discard/", views.discard, name="discard"),
]
