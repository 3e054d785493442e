from django.urls import path

from . import views
from .tracker import views as tracker_views

app_name = "departments"
urlpatterns = [
    path("", views.department_list, name="list"),
    path("workspace/", views.workspace, name="workspace"),
    path("staff/claims/", views.staff_claims, name="staff_claims"),
    path("staff/audit/", views.audit, name="audit"),
    path("tracker/", tracker_views.tracker, name="tracker"),
    path("tracker/export.xlsx", tracker_views.tracker_export, name="tracker_export"),
    path("speeches/<int:pk>/responses/", views.post_responses, name="post_responses"),
    path("speeches/<int:pk>/claim/", views.claim, name="claim"),
    path("speeches/<int:pk>/assign/", views.assign, name="assign"),
    path("speeches/<int:pk>/split/", views.split, name="split"),
    path("speeches/<int:pk>/unsplit/", views.unsplit, name="unsplit"),
    path("claims/<int:pk>/hand-back/", views.hand_back, name="hand_back"),
    path("claims/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("claims/<int:pk>/reply/", views.reply, name="reply"),
    path("claims/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("claims/<int:pk>/press/", views.press, name="press"),
    path("replies/<int:pk>/rate/", views.rate, name="rate"),
    path("<slug:slug>/", views.department_detail, name="detail"),
]
