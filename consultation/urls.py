from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from meetings.views import home

from .health import healthz

admin.site.site_header = settings.ADMIN_SITE_HEADER
admin.site.site_title = settings.ADMIN_SITE_HEADER
admin.site.index_title = settings.ADMIN_SITE_HEADER
# The admin signs in through allauth's page, so the same failed-sign-in limits apply (allauth's documented way).
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("notify/", include("accounts.receipt_urls")),
    path("departments/", include("departments.urls")),
    path("", home, name="home"),
    path("", include("meetings.urls")),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
