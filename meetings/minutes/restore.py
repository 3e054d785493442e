"""Restore a consultation from its JSON archive (see `archive`), on this or another installation.

All or nothing: one transaction. People are matched by username, then by phone, and created when
missing (with no usable password: they set one through a password reset); departments are matched
by slug and created when missing. Rows are inserted in archive order with their recorded times
(auto_now_add is suspended while they are written), so a second export reads exactly like the first.
"""

import base64
import contextlib
import hashlib
import json
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, models, transaction

from departments.models import Department

from ..models import Consultation
from ..search.services import index_consultation
from .archive import (
    DEPARTMENT_FIELDS,
    FORMAT,
    PERSON_FIELDS,
    VERSION,
    ArchiveError,
    archived_models,
    data_fields,
    history_parent,
    label,
)

BATCH = 1000
MISSING = object()


@contextlib.contextmanager
def recorded_times(model_list: Iterable[type[models.Model]]):
    """Let rows keep the times in the archive: auto_now/auto_now_add would overwrite them on insert."""
    switched = []
    for model in model_list:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                switched.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in switched:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Restorer:
    def __init__(self, data: dict, slug: str | None = None):
        if data.get("format") != FORMAT:
            raise ArchiveError("This file is not a Cloud Consultation archive.")
        if data.get("version") != VERSION:
            raise ArchiveError(
                f"Archive version {data.get('version')} is not supported (this installation reads {VERSION}).")
        self.data = data
        self.slug = slug or data["consultation"]["slug"]
        self.people: dict[str, int] = {}
        self.departments: dict[str, int] = {}
        self.files: dict[str, str] = {}
        self.ids: dict[str, dict[int, int]] = {}
        self.consultation: Consultation | None = None
        self.renamed_links: list[tuple[str, str]] = []

    def run(self) -> Consultation:
        if Consultation.objects.filter(slug=self.slug).exists():
            raise ArchiveError(f"A consultation with the slug “{self.slug}” exists already; choose another slug.")
        with transaction.atomic():
            self.restore_files()
            self.restore_people()
            self.restore_departments()
            spec = archived_models()
            with recorded_times([Consultation, *spec]):
                self.restore_consultation()
                for model in spec:
                    self.restore_rows(model, self.data["records"].get(label(model), []))
            index_consultation(self.consultation)  # rows went in by bulk insert, which indexes nothing
        return self.consultation

    # --- files, people, departments ----------------------------------------------------------------

    def restore_files(self) -> None:
        media = "/" + settings.MEDIA_URL.strip("/") + "/"
        for name, info in self.data.get("files", {}).items():
            if info.get("missing"):
                self.files[name] = name
                continue
            content = base64.b64decode(info["base64"])
            if hashlib.sha256(content).hexdigest() != info["sha256"]:
                raise ArchiveError(f"The file {name} in the archive is damaged (checksum mismatch).")
            storage = storages[info.get("storage", "default")]
            if storage.exists(name):
                with storage.open(name, "rb") as existing:
                    if hashlib.sha256(existing.read()).hexdigest() == info["sha256"]:
                        self.files[name] = name
                        continue
            stored = storage.save(name, ContentFile(content))
            self.files[name] = stored
            if stored != name:
                self.renamed_links.append((media + name, media + stored))

    def restore_people(self) -> None:
        User = get_user_model()
        records = self.data.get("people", [])
        usernames = [r["username"] for r in records]
        self.people = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
        phones = {r["phone"]: r["username"] for r in records if r.get("phone") and r["username"] not in self.people}
        for phone, pk in User.objects.filter(phone__in=list(phones)).values_list("phone", "pk"):
            self.people[phones[phone]] = pk
        new = []
        for record in records:
            if record["username"] in self.people:
                continue
            person = User(**{name: User._meta.get_field(name).to_python(record[name])
                             for name in PERSON_FIELDS if name in record})
            person.set_unusable_password()
            new.append(person)
        for person in self.bulk(User, new):
            self.people[person.username] = person.pk

    def restore_departments(self) -> None:
        records = self.data.get("departments", [])
        self.departments = dict(Department.objects.filter(
            slug__in=[r["slug"] for r in records]).values_list("slug", "pk"))
        for record in records:
            if record["slug"] in self.departments:
                continue
            department = Department.objects.create(**{k: record[k] for k in DEPARTMENT_FIELDS if k in record})
            department.officials.add(*(self.people[u] for u in record.get("officials", []) if u in self.people))
            self.departments[record["slug"]] = department.pk

    # --- rows --------------------------------------------------------------------------------------

    def value(self, model, field, raw, deferred: list, obj_index: int):
        """An archived value → what the field stores on this installation (MISSING: use the default)."""
        if field.is_relation:
            target = field.related_model
            if target is Consultation:
                return self.consultation.pk
            if raw is None:
                return None
            if target is get_user_model():
                return self.people[raw]
            if label(target) == "departments.department":
                return self.departments[raw]
            if target is model:  # rows of the same kind may point forward: set once all exist
                deferred.append((obj_index, field.attname, raw))
                return None
            try:
                return self.ids[label(target)][raw]
            except KeyError as missing:
                raise ArchiveError(f"{label(model)}.{field.name} points at a missing row ({raw}).") from missing
        if isinstance(field, models.FileField):
            return self.files.get(raw, raw)
        if isinstance(raw, str) and self.renamed_links:
            for old, new in self.renamed_links:
                raw = raw.replace(old, new)
        if isinstance(field, models.BinaryField) and raw is not None:
            return base64.b64decode(raw)
        if isinstance(field, models.JSONField):
            return raw
        return field.to_python(raw)

    def build(self, model, record: dict, deferred: list, obj_index: int):
        parent = history_parent(model)
        kwargs = {}
        for field in data_fields(model):
            if parent and field.name == "id":
                kwargs["id"] = self.ids[label(parent)][record["id_of"]]
                continue
            if field.is_relation and field.related_model is Consultation:
                kwargs[field.attname] = self.consultation.pk
                continue
            raw = record.get(field.name, MISSING)
            if raw is MISSING:
                continue  # an archive from before this field existed: the field's default applies
            kwargs[field.attname] = self.value(model, field, raw, deferred, obj_index)
        return model(**kwargs)

    def restore_consultation(self) -> None:
        record = dict(self.data["consultation"])
        record["slug"] = self.slug
        consultation = self.build(Consultation, record, [], 0)
        consultation.save(force_insert=True)
        consultation.participants.set([self.people[u] for u in record.get("participants", [])])
        consultation.departments.set([self.departments[s] for s in record.get("departments", [])])
        self.consultation = consultation

    def restore_rows(self, model, records: list[dict]) -> None:
        ids = self.ids.setdefault(label(model), {})
        deferred: list[tuple[int, str, int]] = []
        objects = []
        archive_ids = []
        for record in records:
            if history_parent(model) and record.get("id_of") is None:
                continue
            objects.append(self.build(model, record, deferred, len(objects)))
            archive_ids.append(record["id"])
        created = self.bulk(model, objects)
        for archive_id, obj in zip(archive_ids, created, strict=True):
            ids[archive_id] = obj.pk
        if deferred:
            changed = []
            for index, attname, ref in deferred:
                setattr(created[index], attname, ids[ref])
                changed.append(created[index])
            model.objects.bulk_update(changed, list({attname for _i, attname, _r in deferred}), batch_size=500)

    def bulk(self, model, objects: list) -> list:
        """Insert in archive order, keeping each row's new primary key."""
        if connection.features.can_return_rows_from_bulk_insert:
            created = []
            for start in range(0, len(objects), BATCH):
                created += model.objects.bulk_create(objects[start:start + BATCH])
            return created
        for obj in objects:  # databases that cannot return keys from a bulk insert
            obj.save_base(raw=True, force_insert=True)
        return objects


def restore_consultation(source, *, slug: str | None = None) -> Consultation:
    """Restore the archive at `source` (a path or an open text file); returns the new consultation."""
    if hasattr(source, "read"):
        data = json.load(source)
    else:
        with open(source, encoding="utf-8") as handle:
            data = json.load(handle)
    return Restorer(data, slug=slug).run()
