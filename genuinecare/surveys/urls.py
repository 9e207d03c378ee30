from django.urls import path

from genuinecare.surveys.views import results, trends, waves

app_name = "surveys"

urlpatterns = [
    path("", waves.wave_list, name="waves"),
    path("new/", waves.wave_create, name="wave-create"),
    path("<int:pk>/", waves.wave_detail, name="wave"),
    path("<int:pk>/messages/", waves.wave_messages, name="wave-messages"),
    path("<int:pk>/open/", waves.wave_open, name="wave-open"),
    path("<int:pk>/close/", waves.wave_close, name="wave-close"),
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/report.pdf", results.report_pdf, name="report-pdf"),
    path("<int:pk>/export/<str:kind>.<str:fmt>", results.export, name="export"),
    path("trends/", trends.trends, name="trends"),
]
