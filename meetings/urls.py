from django.urls import path

from . import sharing, views
from .attachments import views as attachment_views
from .insight import views as insight_views
from .invitations import views as invitation_views
from .minutes import views as minutes_views
from .moderation import views as moderation_views
from .search import views as search_views

app_name = "meetings"
urlpatterns = [
    path("search/", search_views.search_page, name="search"),
    path("c/<slug:slug>/", views.consultation_detail, name="consultation"),
    path("c/<slug:slug>/figures/", views.figures, name="figures"),
    path("c/<slug:slug>/speak/", views.post_create, name="post_create"),
    path("c/<slug:slug>/qr.svg", sharing.qr_svg, name="qr"),
    path("c/<slug:slug>/qr.png", sharing.qr_png, name="qr_png"),
    path("c/<slug:slug>/poster/", sharing.poster, name="poster"),
    path("c/<slug:slug>/posts/<int:pk>/", views.post_detail, name="post"),
    path("c/<slug:slug>/posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("c/<slug:slug>/posts/<int:pk>/history/", views.post_history, name="post_history"),
    path("c/<slug:slug>/posts/<int:pk>/like/", views.post_like, name="post_like"),
    path("c/<slug:slug>/posts/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("c/<slug:slug>/posts/<int:pk>/report/", moderation_views.post_report, name="post_report"),
    path("c/<slug:slug>/posts/<int:pk>/moderate/", moderation_views.post_moderate, name="post_moderate"),
    path("c/<slug:slug>/comments/<int:pk>/like/", views.comment_like, name="comment_like"),
    path("c/<slug:slug>/comments/<int:pk>/report/", moderation_views.comment_report, name="comment_report"),
    path("c/<slug:slug>/comments/<int:pk>/moderate/", moderation_views.comment_moderate, name="comment_moderate"),
    path("files/<int:pk>/", attachment_views.download, name="attachment"),
    path("files/<int:pk>/<slug:variant>/", attachment_views.download, name="attachment_variant"),
    path("moderation/", moderation_views.moderation_queue, name="moderation"),
    path("moderation/reports/<int:pk>/dismiss/", moderation_views.report_dismiss, name="report_dismiss"),
    path("c/<slug:slug>/invitations/", invitation_views.invitations, name="invitations"),
    path("c/<slug:slug>/invitations/progress/", invitation_views.progress, name="invitations_progress"),
    path("c/<slug:slug>/invitations/resend/", invitation_views.resend, name="invitations_resend"),
    path("c/<slug:slug>/invitations/remind/", invitation_views.remind, name="invitations_remind"),
    path("c/<slug:slug>/insight/", insight_views.insight_page, name="insight"),
    path("c/<slug:slug>/insight/<slug:chart>.csv", insight_views.chart_csv, name="insight_csv"),
    path("i/<str:code>/", invitation_views.short_link, name="short_link"),
    path("c/<slug:slug>/minutes/", minutes_views.minutes, name="minutes"),
    path("c/<slug:slug>/minutes/<int:pk>/", minutes_views.progress, name="minutes_progress"),
    path("c/<slug:slug>/minutes/<int:pk>/download/", minutes_views.download, name="minutes_download"),
]
