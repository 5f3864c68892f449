from django.urls import path

from . import views

app_name = "warnings"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
]
