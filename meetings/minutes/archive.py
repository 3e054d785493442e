"""The lossless JSON archive of one consultation, written as a stream.

Layout (version 1)::

    {"format": "cloud-consultation-archive", "version": 1, "exported_at": …,
     "consultation": {fields…, "participants": [username…], "departments": [slug…]},
     "records": {"meetings.stage": [{"id": 1, field: value…}, …], "meetings.post": […], …},
     "people": [{"username": …, "phone": …, "role": …, …}],
     "departments": [{"slug": …, "name": …, "officials": [username…]}],
     "files": {"covers/x.png": {"size": …, "sha256": …, "base64": …},
               "2026/03/ab12….jpg": {"storage": "attachments", "size": …, …}}}

Rules that make it portable to another installation:
- people are keyed by username (phone as a second key on import), departments by slug;
- every other row gets an archive id (1, 2, … per model, in primary-key order) and references
  other rows by archive id, so nothing depends on the database it came from;
- the consultation itself is implicit (every reference to it is left out);
- django-simple-history's edit history (`meetings.historicalpost`, `meetings.historicalcomment`) is
  kept row by row, `id` pointing at the archived speech or comment;
- files (file fields, and uploads that a speech's text links under MEDIA_URL) go to `files`, the
  place for attachments, keyed by their storage name and embedded as base64; a file outside the
  default storage (attachments live in the private `STORAGES["attachments"]`) names its storage.
Passwords are not exported: people created by an import sign in after a password reset.
"""

import base64
import datetime
import decimal
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from departments.models import (
    Aspect,
    AuditEntry,
    Claim,
    Department,
    FollowUp,
    Press,
    Rating,
    Reply,
    ResponseAttachment,
)

from ..models import (
    Attachment,
    Comment,
    CommentLike,
    Consultation,
    ModerationAction,
    Onlooker,
    Post,
    PostLike,
    Report,
    Stage,
    SubTopic,
)

FORMAT, VERSION = "cloud-consultation-archive", 1
CHUNK = 2000
PERSON_FIELDS = ["username", "first_name", "last_name", "email", "real_name", "display_name", "phone", "role",
                 "title", "is_active", "is_staff", "date_joined"]
DEPARTMENT_FIELDS = ["slug", "name", "short_name", "description", "contact"]
MEDIA_LINK = re.compile(r"""(?<=["'(\s])%s([^"')\s<>]+)""")


# Every kind of row a consultation owns, in the order an import must create them, with the filter
# that finds this consultation's rows.
SPEC: list[tuple[type[models.Model], Callable[[Consultation], Q]]] = [
    (Stage, lambda c: Q(consultation=c)),
    (SubTopic, lambda c: Q(consultation=c)),
    (Post, lambda c: Q(consultation=c)),
    (Comment, lambda c: Q(post__consultation=c)),
    (Post.history.model, lambda c: Q(id__in=Post.objects.filter(consultation=c).values("pk"))),
    (Comment.history.model, lambda c: Q(id__in=Comment.objects.filter(post__consultation=c).values("pk"))),
    (PostLike, lambda c: Q(post__consultation=c)),
    (CommentLike, lambda c: Q(comment__post__consultation=c)),
    (Attachment, lambda c: Q(post__consultation=c)),
    (ModerationAction,
     lambda c: Q(post__consultation=c) | Q(comment__post__consultation=c)),
    (Report, lambda c: Q(post__consultation=c) | Q(comment__post__consultation=c)),
    (Onlooker, lambda c: Q(consultation=c)),
    (Aspect, lambda c: Q(post__consultation=c)),
    (Claim, lambda c: Q(aspect__post__consultation=c)),
    (Reply, lambda c: Q(claim__aspect__post__consultation=c)),
    (FollowUp, lambda c: Q(claim__aspect__post__consultation=c)),
    (Press, lambda c: Q(claim__aspect__post__consultation=c)),
    (ResponseAttachment, lambda c: Q(attachment__post__consultation=c)),
    (Rating, lambda c: Q(reply__claim__aspect__post__consultation=c)),
    (AuditEntry,
     lambda c: Q(post__consultation=c) | Q(aspect__post__consultation=c) | Q(claim__aspect__post__consultation=c)),
]


class ArchiveError(Exception):
    pass


def archived_models() -> list[type[models.Model]]:
    return [model for model, _where in SPEC]


def label(model) -> str:
    return model._meta.label_lower


def is_historical(model) -> bool:
    return hasattr(model, "instance_type")  # django-simple-history's generated models


def history_parent(model):
    return model.instance_type if is_historical(model) else None


def data_fields(model) -> list[models.Field]:
    """Concrete fields an archive row carries (the database's own primary key is not one)."""
    skip = "history_id" if is_historical(model) else model._meta.pk.name
    return [f for f in model._meta.concrete_fields if f.name != skip]


def plain(value):
    """A database value as JSON."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


class Exporter:
    def __init__(self, consultation: Consultation, on_progress: Callable[[int], None] | None = None):
        self.consultation = consultation
        self.on_progress = on_progress or (lambda percent: None)
        self.ids: dict[str, dict[int, int]] = {}  # model label → {primary key: archive id}
        self.people: dict[int, str] = {}  # user pk → username, filled as rows reference people
        self.departments: dict[int, str] = {}
        self.files: dict[str, str] = {}  # storage name → storage alias
        self._usernames: dict[int, str] | None = None
        self._slugs: dict[int, str] | None = None
        self.media_link = re.compile(MEDIA_LINK.pattern % re.escape("/" + settings.MEDIA_URL.strip("/") + "/"))

    # --- references --------------------------------------------------------------------------------

    def person(self, pk):
        if pk is None:
            return None
        if self._usernames is None:  # one query for every username, instead of one per person
            self._usernames = dict(get_user_model().objects.values_list("pk", "username"))
        self.people[pk] = self._usernames[pk]
        return self.people[pk]

    def department(self, pk):
        if pk is None:
            return None
        if self._slugs is None:
            self._slugs = dict(Department.objects.values_list("pk", "slug"))
        self.departments[pk] = self._slugs[pk]
        return self.departments[pk]

    def encode(self, model, field, value, row_label: str):
        if field.is_relation:
            target = field.related_model
            if target is Consultation:
                return None
            if value is None:
                return None
            if target is get_user_model():
                return self.person(value)
            if label(target) == "departments.department":
                return self.department(value)
            ref = self.ids.get(label(target), {}).get(value)
            if ref is None and not (field.null or is_historical(model)):
                raise ArchiveError(f"{row_label}.{field.name} points outside the consultation ({value})")
            return ref
        if isinstance(field, models.FileField):
            value = getattr(value, "name", value)  # a FieldFile on a model instance, a name from values()
            if value:
                self.files[value] = getattr(field, "storage_alias", "default")
            return value or ""
        if isinstance(value, str) and "/" in value:
            self.files.update(dict.fromkeys(self.media_link.findall(value), "default"))
        return plain(value)

    # --- writing -----------------------------------------------------------------------------------

    def consultation_record(self) -> dict:
        record = {}
        for field in data_fields(Consultation):
            value = getattr(self.consultation, field.attname)
            record[field.name] = self.encode(Consultation, field, value, "consultation")
        record["participants"] = sorted(
            self.person(pk) for pk in self.consultation.participants.values_list("pk", flat=True))
        record["departments"] = sorted(
            self.department(pk) for pk in self.consultation.departments.values_list("pk", flat=True))
        return record

    def write(self, out) -> None:
        dump = lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True)  # noqa: E731
        out.write(f'{{"format": {dump(FORMAT)}, "version": {VERSION}, '
                  f'"exported_at": {dump(timezone.now().isoformat())},\n')
        out.write(f'"consultation": {dump(self.consultation_record())},\n"records": {{')
        spec = archived_models()
        for index, model in enumerate(spec):
            where = SPEC[index][1](self.consultation)
            model_label = label(model)
            ids = self.ids.setdefault(model_label, {})
            parent = history_parent(model)
            fields = data_fields(model)
            attnames = [f.attname for f in fields]
            pk_name = "history_id" if parent else model._meta.pk.attname
            out.write(f'{"," if index else ""}\n{dump(model_label)}: [')
            rows = model.objects.filter(where).order_by(pk_name).values_list(pk_name, *attnames)
            for number, (pk, *values) in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
                ids[pk] = number
                record = {"id": number}
                for field, value in zip(fields, values, strict=True):
                    if parent and field.name == "id":
                        record["id_of"] = self.ids[label(parent)].get(value)
                        continue
                    if field.is_relation and field.related_model is Consultation:
                        continue  # implicit: the archive is of one consultation
                    record[field.name] = self.encode(model, field, value, model_label)
                out.write(("," if number > 1 else "") + "\n" + dump(record))
            out.write("]")
            self.on_progress((index + 1) * 90 // len(spec))
        out.write("},\n")
        self.write_people(out, dump)
        self.write_departments(out, dump)
        self.write_files(out, dump)
        out.write("}\n")
        self.on_progress(100)

    def write_people(self, out, dump) -> None:
        people = get_user_model().objects.filter(pk__in=list(self.people)).order_by("username")
        out.write('"people": [')
        for number, values in enumerate(people.values(*PERSON_FIELDS).iterator(chunk_size=CHUNK)):
            out.write(("," if number else "") + "\n" + dump({k: plain(v) for k, v in values.items()}))
        out.write("],\n")

    def write_departments(self, out, dump) -> None:
        out.write('"departments": [')
        for number, department in enumerate(Department.objects.filter(pk__in=list(self.departments)).order_by("slug")):
            record = {name: getattr(department, name) for name in DEPARTMENT_FIELDS}
            record["officials"] = sorted(department.officials.values_list("username", flat=True))
            out.write(("," if number else "") + "\n" + dump(record))
        out.write("],\n")

    def write_files(self, out, dump) -> None:
        """Each file as base64, read and encoded in slices so a large upload never sits whole in memory."""
        out.write('"files": {')
        for number, name in enumerate(sorted(self.files)):
            out.write(("," if number else "") + f"\n{dump(name)}: ")
            alias = self.files[name]
            storage = storages[alias]
            where = "" if alias == "default" else f'"storage": {dump(alias)}, '
            if not storage.exists(name):
                out.write("{" + where + '"missing": true}')
                continue
            digest, size = hashlib.sha256(), 0
            out.write("{" + where + '"base64": "')
            with storage.open(name, "rb") as source:
                while piece := source.read(3 * 2**20):
                    digest.update(piece)
                    size += len(piece)
                    out.write(base64.b64encode(piece).decode())
            out.write(f'", "sha256": {dump(digest.hexdigest())}, "size": {size}}}')
        out.write("}")


def export_consultation(consultation: Consultation, path: Path, on_progress=None) -> None:
    """Write the archive of `consultation` to `path` (UTF-8 JSON)."""
    with open(path, "w", encoding="utf-8") as out:
        Exporter(consultation, on_progress).write(out)
