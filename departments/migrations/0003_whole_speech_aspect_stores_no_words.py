from django.db import migrations, models


def empty_whole_speech_titles(apps, schema_editor):
    # The whole-speech aspect used to store the English words "Whole speech"; pages now render the
    # translated label for is_whole, so the row keeps no UI words.
    apps.get_model("departments", "Aspect").objects.filter(is_whole=True).update(title="")


def restore_whole_speech_titles(apps, schema_editor):
    apps.get_model("departments", "Aspect").objects.filter(is_whole=True, title="").update(title="Whole speech")


class Migration(migrations.Migration):

    dependencies = [
        ("departments", "0002_response_workflow"),
    ]

    operations = [
        migrations.AlterField(
            model_name="aspect",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="title"),
        ),
        migrations.RunPython(empty_whole_speech_titles, restore_whole_speech_titles),
    ]
