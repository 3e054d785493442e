# Compilations move out of MEDIA_ROOT (served by URL) into the private storage, under unguessable names.

from django.core.files.storage import default_storage, storages
from django.db import migrations, models

import meetings.models.minutes


def move_to_private_storage(apps, schema_editor):
    Compilation = apps.get_model("meetings", "Compilation")
    private = storages["private"]
    for compilation in Compilation.objects.exclude(file="").iterator():
        old = compilation.file.name
        if not default_storage.exists(old):
            continue
        with default_storage.open(old, "rb") as source:
            new = private.save(meetings.models.minutes.compilation_path(compilation, old), source)
        Compilation.objects.filter(pk=compilation.pk).update(file=new)
        default_storage.delete(old)


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0007_search_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='compilation',
            name='file',
            field=models.FileField(blank=True, storage=meetings.models.minutes.private_storage, upload_to=meetings.models.minutes.compilation_path, verbose_name='file'),
        ),
        migrations.RunPython(move_to_private_storage, migrations.RunPython.noop),
    ]
