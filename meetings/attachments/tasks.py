"""Voice transcoding leaves the request: a Celery task (eager without Redis)."""

from celery import shared_task

from .. import services as meeting_services
from . import services


@shared_task(acks_late=True)
def transcode_voice(attachment_id: int) -> str:
    attachment = services.transcode(attachment_id)
    if attachment is None:
        return "gone"
    meeting_services.figures_changed(attachment.consultation_id)  # cached feeds show the player now
    return attachment.state
