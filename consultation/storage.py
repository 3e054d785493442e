"""Private file storage: a folder outside MEDIA_ROOT (PRIVATE_MEDIA_ROOT) that has no URL.

Compiled minutes and archives (and any other file only some people may read) live here, under
unguessable names. Nothing serves this folder, in development or production: a view that checks
who asks streams the file (`meetings.minutes.views.download`).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, **kwargs)

    @property
    def base_location(self):
        # Read when used, so a deployment or a test that changes the setting is followed.
        return self._location or settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("A private file has no URL: serve it through a view that checks who asks.")
