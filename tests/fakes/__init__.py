"""Loopback fake provider servers: they check what the provider checks and answer as it documents."""

from .aliyun import FakeAliyunSms
from .tencent import FakeTencentSms
from .wechat import FakeWeChatMP, FakeWeCom

__all__ = ["FakeAliyunSms", "FakeTencentSms", "FakeWeChatMP", "FakeWeCom"]
