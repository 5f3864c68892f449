from django.urls import path

from . import report_views, views

app_name = "warnings"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("report/<slug:kind>/<int:pk>/", report_views.report, name="report"),
    path("report/sent/", report_views.report_sent, name="report_sent"),
]
