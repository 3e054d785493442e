import pytest

from accounts.models import NotificationSettings
from tests.fakes import FakeAliyunSms, FakeTencentSms, FakeWeChatMP, FakeWeCom


def _use(settings, channel, name, fake):
    settings.NOTIFY_TRANSPORTS = {**settings.NOTIFY_TRANSPORTS, channel: name}
    settings.NOTIFY_PROVIDERS = {**settings.NOTIFY_PROVIDERS, name: fake.settings()}


@pytest.fixture
def no_quiet_hours(settings):
    settings.NOTIFY_QUIET_HOURS = ""


@pytest.fixture
def aliyun(settings, no_quiet_hours):
    with FakeAliyunSms() as fake:
        _use(settings, "sms", "aliyun", fake)
        yield fake


@pytest.fixture
def tencent(settings, no_quiet_hours):
    with FakeTencentSms() as fake:
        _use(settings, "sms", "tencent", fake)
        yield fake


@pytest.fixture
def wecom(settings, no_quiet_hours):
    with FakeWeCom() as fake:
        _use(settings, "wechat", "wecom", fake)
        yield fake


@pytest.fixture
def wechat_mp(settings, no_quiet_hours):
    with FakeWeChatMP() as fake:
        _use(settings, "wechat", "wechat_mp", fake)
        yield fake


def reachable_by_wechat(user, userid=None, openid=None):
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"wecom_userid": userid or f"u{user.pk}", "wechat_openid": openid or f"o{user.pk}"}
    )
    return user
