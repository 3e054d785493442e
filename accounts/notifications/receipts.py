"""Delivery receipts the SMS providers push: matched to outbox rows by the provider's message id
(Alibaba's BizId, Tencent's SerialNo/sid), they move a row from sent to delivered or refused by carrier.

Alibaba Cloud (SmsReport, HTTP push): a JSON array of {phone_number, success, err_code, err_msg,
biz_id, out_id, send_time, report_time, sms_size}. Tencent Cloud (status callback): a JSON array of
{user_receive_time, nationcode, mobile, report_status: "SUCCESS"|"FAIL", errmsg, description, sid}.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import Channel, Notification
from .fitting import plain

Status = Notification.Status
MAX_ITEMS = 1000


@dataclass(frozen=True)
class Receipt:
    message_id: str
    delivered: bool
    error: str = ""
    at: datetime.datetime | None = None


def _time(text) -> datetime.datetime | None:
    moment = parse_datetime(str(text or "").strip())
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # the providers report Beijing time, the project's TIME_ZONE
    return moment


def _items(data) -> list[dict]:
    if not isinstance(data, list) or len(data) > MAX_ITEMS or not all(isinstance(i, dict) for i in data):
        raise ValueError(f"expected a JSON array of at most {MAX_ITEMS} objects")
    return data


def parse_aliyun(data) -> list[Receipt]:
    receipts = []
    for item in _items(data):
        success = item.get("success")
        delivered = success is True or str(success).lower() == "true"
        error = "" if delivered else plain(f"{item.get('err_code', '')}: {item.get('err_msg', '')}")[:300]
        receipts.append(Receipt(str(item.get("biz_id") or "")[:200], delivered, error, _time(item.get("report_time"))))
    return receipts


def parse_tencent(data) -> list[Receipt]:
    receipts = []
    for item in _items(data):
        delivered = str(item.get("report_status", "")).upper() == "SUCCESS"
        error = "" if delivered else plain(f"{item.get('errmsg', '')}: {item.get('description', '')}")[:300]
        receipts.append(Receipt(str(item.get("sid") or "")[:200], delivered, error,
                                _time(item.get("user_receive_time"))))
    return receipts


PARSERS = {"aliyun": parse_aliyun, "tencent": parse_tencent}
# What each provider expects back, or it pushes the report again.
ANSWERS = {"aliyun": {"code": 0, "msg": "成功"}, "tencent": {"result": 0, "errmsg": "OK"}}


def apply_receipts(receipts: list[Receipt]) -> int:
    """Record each receipt on the sent SMS row it names; returns how many rows changed. A receipt for an
    unknown id, or a row no longer 'sent' (already receipted), changes nothing."""
    changed = 0
    now = timezone.now()
    for receipt in receipts:
        if not receipt.message_id:
            continue
        rows = Notification.objects.filter(channel=Channel.SMS, provider_message_id=receipt.message_id,
                                           status=Status.SENT)
        if receipt.delivered:
            changed += rows.update(status=Status.DELIVERED, receipt_at=receipt.at or now)
        else:
            changed += rows.update(status=Status.REFUSED, receipt_at=receipt.at or now, last_error=receipt.error)
    return changed
