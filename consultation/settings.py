"""Settings, all read from the environment (twelve-factor).

With nothing set, the app runs embedded: SQLite in the project folder, Celery tasks run eagerly
in-process, a local-memory cache, files on disk. With DATABASE_URL and REDIS_URL set, it runs on
PostgreSQL with a Redis broker, result backend and cache: the production shape.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_list, env_required

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)
PRODUCTION = not DEBUG

SECRET_KEY = env_required(
    "SECRET_KEY", when=PRODUCTION, default="django-insecure-embedded-development-key-not-for-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not os.environ.get("ALLOWED_HOSTS", "").strip():
    env_required("ALLOWED_HOSTS", when=True, default="")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The public address in messages' links (accounts.notifications makes every link absolute with it).
SITE_URL = env_required("SITE_URL", when=PRODUCTION, default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_htmx",
    "csp",
    "simple_history",
    "accounts",
    "departments",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "accounts.text.CleanInputMiddleware",  # NUL, control, bidi and zero-width characters out of every input
    "accounts.signout.ClearSiteDataMiddleware",  # signing out clears the browser's stored drafts
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "consultation.errors.DatabaseBusyMiddleware",  # a cancelled (timed-out) statement → the 503 page
]

ROOT_URLCONF = "consultation.urls"
WSGI_APPLICATION = "consultation.wsgi.application"
ASGI_APPLICATION = "consultation.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "consultation.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A statement that runs longer than this is cancelled by PostgreSQL and the person gets the "busy" page
# (consultation.errors) instead of a worker stuck on it. 0 turns it off, e.g. for a long `migrate`.
DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "30000" if PRODUCTION else "0"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_STATEMENT_TIMEOUT_MS > 0:
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers and one writer without "database is locked" under runserver threads.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Redis: broker, results and cache when configured; in-process otherwise -------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    # Fail-soft: with Redis down, cache calls become misses with a logged warning, not 500s.
    CACHES = {"default": {"BACKEND": "consultation.cache.FailSoftRedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A web request that enqueues while the broker is down gives up within about a second; the outbox
# row stays pending and the beat sweep (notifications-release-due) queues it once Redis is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE: dict = {}
# Departments: claim reminders (due soon, overdue); idempotent, so running hourly sends each once.
CELERY_BEAT_SCHEDULE["departments-claim-reminders"] = {
    "task": "departments.tasks.send_claim_reminders", "schedule": 3600.0,
}

# --- Language and time ---------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "meetings" / "minutes" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "CN"

# --- Static and media files --------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files no one may fetch by URL (compiled minutes and archives): outside MEDIA_ROOT, never served as
# media, handed out only by views that check who asks (meetings.minutes.views.download).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()) or MEDIA_ROOT.resolve().is_relative_to(
        PRIVATE_MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT and MEDIA_ROOT must be separate folders, neither inside the other.")
# PDF minutes (meetings/minutes/writers/pdf.py): laid out in volumes of at most this many speeches, by
# this many WeasyPrint processes at once (default: one per core). A 300-speech volume peaks at about
# 460 MiB in its process; see docs/BENCHMARKS.md. MINUTES_PDF_FONT names a CJK font file to embed instead
# of the installed Noto/WenQuanYi faces.
MINUTES_PDF_VOLUME_SPEECHES = int(os.environ.get("MINUTES_PDF_VOLUME_SPEECHES", "300"))
MINUTES_PDF_PROCESSES = int(os.environ.get("MINUTES_PDF_PROCESSES", "0")) or os.cpu_count() or 1
MINUTES_PDF_FONT = os.environ.get("MINUTES_PDF_FONT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "consultation.storage.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Email -----------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if os.environ.get("EMAIL_HOST") else
    "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "云协商 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) ---------------------------------------------------------------------
# Phone numbers are User.phone, through accounts.adapter (get_user_by_phone and friends).
ACCOUNT_LOGIN_METHODS = {"phone", "username", "email"}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Sign-in by a one-time code sent by SMS through the notification outbox (accounts.adapter).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = int(os.environ.get("LOGIN_CODE_SECONDS", "300"))
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_RATE_LIMITS = {
    # Codes requested: per phone number (key) and per address (ip). SMS cost money and annoy.
    "request_login_code": os.environ.get("LOGIN_CODE_RATE", "10/10m/ip,3/10m/key"),
    "login_failed": "10/m/ip,5/5m/key",
}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_FORMS = {"login": "accounts.login_forms.LoginForm",
                 "request_login_code": "accounts.login_forms.RequestLoginCodeForm",
                 "confirm_login_code": "accounts.login_forms.ConfirmLoginCodeForm"}
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (or the one header the proxy sets):
# without it every visitor looks like the proxy's address and one client could lock out everyone.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "").strip() or None
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# Where each role lands after signing in when no `next` says otherwise (accounts.adapter).
LOGIN_REDIRECT_BY_ROLE = {"official": "departments:workspace", "staff": "admin:meetings_consultation_changelist"}
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# How often one person may post (accounts/posting_limits.py): COUNT/PERIOD with s, m or h; empty = no limit.
POSTING_RATE_LIMITS = {
    "speech": os.environ.get("RATE_LIMIT_SPEECHES", "5/10m"),
    "comment": os.environ.get("RATE_LIMIT_COMMENTS", "20/1m"),
}

# --- Security: strict in production ---------------------------------------------------------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts and styles only from this site or with the page's nonce,
# pictures only from this site (an outside picture is a tracking pixel), nothing framed, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): no page needs the camera, microphone, location or payments.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "payment", "usb",
)}
PERMISSIONS_POLICY["microphone"] = ["self"]  # members record voice for their speeches, on this site only

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

ADMIN_SITE_HEADER = _("Cloud Consultation · Committee administration")

# --- Notifications (accounts/notifications/transports, issue 5) -------------------------------------------------
# Which transport carries each channel: a short name or a dotted class path. Console is the default
# for SMS and WeChat, so `make run` prints every message it would send. Credentials only from env.
NOTIFY_TRANSPORTS = {
    "email": os.environ.get("NOTIFY_EMAIL_TRANSPORT", "email"),
    "sms": os.environ.get("NOTIFY_SMS_TRANSPORT", "console"),  # console | aliyun | tencent
    "wechat": os.environ.get("NOTIFY_WECHAT_TRANSPORT", "console"),  # console | wecom | wechat_mp
}
NOTIFY_PROVIDERS = {
    "aliyun": {
        "endpoint": os.environ.get("ALIYUN_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com/"),
        "access_key_id": os.environ.get("ALIYUN_SMS_ACCESS_KEY_ID", ""),
        "access_key_secret": os.environ.get("ALIYUN_SMS_ACCESS_KEY_SECRET", ""),
        "sign_name": os.environ.get("ALIYUN_SMS_SIGN_NAME", ""),
        "region": os.environ.get("ALIYUN_SMS_REGION", "cn-hangzhou"),
        # Approved templates: id and `variable=field:kind[:limit]` per variable (docs/NOTIFICATIONS.md).
        "templates": {
            "default": {"id": os.environ.get("ALIYUN_SMS_TEMPLATE_CODE", ""),
                        "variables": env_list("ALIYUN_SMS_TEMPLATE_PARAMS", ["title=title:others", "time=time:time"])},
            "invitation": {"id": os.environ.get("ALIYUN_SMS_INVITATION_TEMPLATE_CODE", ""),
                           "variables": env_list("ALIYUN_SMS_INVITATION_TEMPLATE_PARAMS",
                                                 ["name=name:name", "title=title:others", "deadline=deadline:time"])},
            # A verification-code template (验证码类) for signing in by SMS code.
            "sign_in_code": {"id": os.environ.get("ALIYUN_SMS_SIGN_IN_CODE_TEMPLATE_CODE", ""),
                             "variables": env_list("ALIYUN_SMS_SIGN_IN_CODE_TEMPLATE_PARAMS",
                                                   ["code=sign_in_code:number"])},
        },
        "link_approved": env_bool("ALIYUN_SMS_LINK_APPROVED", default=False),
    },
    "tencent": {
        "endpoint": os.environ.get("TENCENT_SMS_ENDPOINT", "https://sms.tencentcloudapi.com/"),
        "secret_id": os.environ.get("TENCENT_SMS_SECRET_ID", ""),
        "secret_key": os.environ.get("TENCENT_SMS_SECRET_KEY", ""),
        "app_id": os.environ.get("TENCENT_SMS_APP_ID", ""),
        "sign_name": os.environ.get("TENCENT_SMS_SIGN_NAME", ""),
        "region": os.environ.get("TENCENT_SMS_REGION", "ap-guangzhou"),
        # Approved templates: id and `field:kind[:limit]` per positional variable {1}, {2}, …
        "templates": {
            "default": {"id": os.environ.get("TENCENT_SMS_TEMPLATE_ID", ""),
                        "variables": env_list("TENCENT_SMS_TEMPLATE_PARAMS", ["title:text", "time:time"])},
            "invitation": {"id": os.environ.get("TENCENT_SMS_INVITATION_TEMPLATE_ID", ""),
                           "variables": env_list("TENCENT_SMS_INVITATION_TEMPLATE_PARAMS",
                                                 ["name:text", "title:text", "deadline:time"])},
            # A verification-code template (验证码类) for signing in by SMS code.
            "sign_in_code": {"id": os.environ.get("TENCENT_SMS_SIGN_IN_CODE_TEMPLATE_ID", ""),
                             "variables": env_list("TENCENT_SMS_SIGN_IN_CODE_TEMPLATE_PARAMS",
                                                   ["sign_in_code:number"])},
        },
        # Longest text variable the account allows: 12, or 6 for accounts opened since 2024-01-25.
        "text_length": int(os.environ.get("TENCENT_SMS_TEXT_LENGTH", "12")),
    },
    "wecom": {
        "api_base": os.environ.get("WECOM_API_BASE", "https://qyapi.weixin.qq.com"),
        "corp_id": os.environ.get("WECOM_CORP_ID", ""),
        "corp_secret": os.environ.get("WECOM_CORP_SECRET", ""),
        "agent_id": os.environ.get("WECOM_AGENT_ID", ""),
        # WeCom drops a repeat of the same message within this window (≤ 4 hours), so a retry is safe.
        "duplicate_check_seconds": int(os.environ.get("WECOM_DUPLICATE_CHECK_SECONDS", "1800")),
    },
    "wechat_mp": {
        "api_base": os.environ.get("WECHAT_MP_API_BASE", "https://api.weixin.qq.com"),
        "app_id": os.environ.get("WECHAT_MP_APP_ID", ""),
        "app_secret": os.environ.get("WECHAT_MP_APP_SECRET", ""),
        # Category-library templates with typed keys: `key=field` (thing1=title, time2=deadline, phrase3=status).
        "templates": {
            "default": {"id": os.environ.get("WECHAT_MP_TEMPLATE_ID", ""),
                        "keys": env_list("WECHAT_MP_TEMPLATE_KEYS", ["thing1=title", "time2=time", "phrase3=status"])},
            "invitation": {"id": os.environ.get("WECHAT_MP_INVITATION_TEMPLATE_ID", ""),
                           "keys": env_list("WECHAT_MP_INVITATION_TEMPLATE_KEYS",
                                            ["thing1=title", "time2=deadline", "phrase3=status"])},
        },
    },
}
# Messages per second per transport, shared by all workers through Redis when it is configured.
NOTIFY_RATE_LIMITS = {
    "sms": float(os.environ.get("NOTIFY_SMS_RATE", "50")),
    "wechat": float(os.environ.get("NOTIFY_WECHAT_RATE", "50")),
    "email": float(os.environ.get("NOTIFY_EMAIL_RATE", "20")),
}
NOTIFY_QUIET_HOURS = os.environ.get("NOTIFY_QUIET_HOURS", "22:00-08:00")  # local time; SMS and WeChat wait
NOTIFY_CHUNK_SIZE = int(os.environ.get("NOTIFY_CHUNK_SIZE", "100"))  # rows per delivery task
# Concurrent sends per worker process. Each sending thread claims its row just before calling the provider,
# so a worker killed mid-run leaves at most this many rows of unknown outcome (docs/NOTIFICATIONS.md); each
# thread keeps a database connection, so processes × threads must fit the database's connections.
NOTIFY_SEND_THREADS = int(os.environ.get("NOTIFY_SEND_THREADS", "8"))
NOTIFY_LEASE_SECONDS = int(os.environ.get("NOTIFY_LEASE_SECONDS", "120"))  # longer than any one send
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "6"))
NOTIFY_RETRY_BASE_SECONDS = float(os.environ.get("NOTIFY_RETRY_BASE_SECONDS", "30"))  # doubles per attempt
NOTIFY_REQUEUE_AFTER_SECONDS = int(os.environ.get("NOTIFY_REQUEUE_AFTER_SECONDS", "300"))
NOTIFY_HTTP_TIMEOUT = float(os.environ.get("NOTIFY_HTTP_TIMEOUT", "10"))
# Per-recipient limits (messages, seconds): WeCom silently drops past 30 a minute / 1,000 an hour to one person.
NOTIFY_RECIPIENT_LIMITS = {"wecom": [(30, 60), (1000, 3600)]}
# Delivery receipts pushed by the SMS providers: /notify/receipts/<provider>/<token>/; empty = switched off.
NOTIFY_RECEIPT_TOKEN = os.environ.get("NOTIFY_RECEIPT_TOKEN", "")
NOTIFY_RECEIPT_MAX_BYTES = int(os.environ.get("NOTIFY_RECEIPT_MAX_BYTES", str(1024 * 1024)))
ACCESS_LINK_DAYS = int(os.environ.get("ACCESS_LINK_DAYS", "14"))
CELERY_IMPORTS = ("meetings.invitations.tasks",)
CELERY_BEAT_SCHEDULE.update({
    "notifications-release-due": {"task": "accounts.tasks.release_due_notifications", "schedule": 60.0},
    "stages-announce-openings": {"task": "meetings.invitations.tasks.announce_opened_stages", "schedule": 300.0},
})
# --- end of notifications -------------------------------------------------------------------------

# --- Attachments (issue 11): pictures, documents and voice on speeches, comments and replies --------
# Private files: never under MEDIA_URL, served only through meetings.attachments.views, which
# checks who asks. Local disk by default; S3-compatible object storage (django-storages) when a
# bucket is named.
ATTACHMENTS_ROOT = Path(os.environ.get("ATTACHMENTS_ROOT", BASE_DIR / "private" / "attachments"))
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["attachments"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("AWS_LOCATION", "attachments"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["attachments"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": ATTACHMENTS_ROOT, "directory_permissions_mode": 0o750,
                    "file_permissions_mode": 0o640},
    }
ATTACHMENT_MAX_FILE_MB = float(os.environ.get("ATTACHMENT_MAX_FILE_MB", "20"))  # one file
ATTACHMENT_MAX_TOTAL_MB = float(os.environ.get("ATTACHMENT_MAX_TOTAL_MB", "60"))  # all files of one speech
ATTACHMENT_MAX_FILES = int(os.environ.get("ATTACHMENT_MAX_FILES", "9"))  # per speech, comment or reply
ATTACHMENT_MAX_MEGAPIXELS = float(os.environ.get("ATTACHMENT_MAX_MEGAPIXELS", "50"))  # decompression bombs
ATTACHMENT_VOICE_MAX_SECONDS = int(os.environ.get("ATTACHMENT_VOICE_MAX_SECONDS", "300"))
ATTACHMENT_PICTURE_MAX_SIDE = int(os.environ.get("ATTACHMENT_PICTURE_MAX_SIDE", "2560"))  # re-encoded size
ATTACHMENT_THUMBNAIL_SIDE = int(os.environ.get("ATTACHMENT_THUMBNAIL_SIDE", "480"))
FFMPEG_BINARY = os.environ.get("FFMPEG_BINARY", "ffmpeg")
FFPROBE_BINARY = os.environ.get("FFPROBE_BINARY", "ffprobe")
CELERY_IMPORTS = (*CELERY_IMPORTS, "meetings.attachments.tasks")
# --- end of attachments ----------------------------------------------------------------------------
