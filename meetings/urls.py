from django.urls import path

from . import views
from .minutes import views as minutes_views

app_name = "meetings"
urlpatterns = [
    path("c/<slug:slug>/", views.consultation_detail, name="consultation"),
    path("c/<slug:slug>/posts/<int:pk>/", views.post_detail, name="post"),
    path("c/<slug:slug>/minutes/", minutes_views.minutes, name="minutes"),
    path("c/<slug:slug>/minutes/<int:pk>/", minutes_views.progress, name="minutes_progress"),
    path("c/<slug:slug>/minutes/<int:pk>/download/", minutes_views.download, name="minutes_download"),
]
