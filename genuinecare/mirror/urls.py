from django.urls import path

from genuinecare.mirror.views import answer, catalogs, report, team

app_name = "mirror"

urlpatterns = [
    path("", report.index, name="index"),
    path("start/", answer.start, name="start"),
    path("shared/", report.shared_list, name="shared"),
    path("catalogs/", catalogs.catalogs, name="catalogs"),
    path("team/", team.team_mirror, name="team"),
    path("team/<int:leader>/", team.team_mirror, name="team-of"),
    path("<int:pk>/", report.report, name="report"),
    path("<int:pk>/report.pdf", report.report_pdf, name="report-pdf"),
    path("<int:pk>/share/", report.share, name="share"),
    path("<int:pk>/answer/", answer.resume, name="resume"),
    path("<int:pk>/answer/<int:page>/", answer.answer_page, name="page"),
    path("<int:pk>/save/", answer.save, name="save"),
    path("<int:pk>/submit/", answer.submit, name="submit"),
    path("<int:pk>/discard/", answer.discard, name="discard"),
]
