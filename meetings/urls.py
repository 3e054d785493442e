from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("c/<slug:slug>/", views.consultation_detail, name="consultation"),
    path("c/<slug:slug>/posts/<int:pk>/", views.post_detail, name="post"),
]
