"""The private storage of attachments: `STORAGES["attachments"]` (local disk or S3-compatible)."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

ALIAS = "attachments"


class AttachmentStorage(LazyObject):
    """Resolved on first use, so a changed STORAGES setting (tests, S3) takes effect."""

    def _setup(self):
        self._wrapped = storages[ALIAS]


attachment_storage = AttachmentStorage()


def get_attachment_storage():
    """The FileField's storage callable (migrations keep the reference, not the backend)."""
    return attachment_storage


@receiver(setting_changed)
def _forget_backend(*, setting, **kwargs):
    if setting == "STORAGES":
        attachment_storage._wrapped = empty
