import accounts.phones
from django.db import migrations, models

from accounts.names import DEFAULT_OFFICE_WORDS


def verify_existing_phones_and_seed_words(apps, schema_editor):
    # Numbers on file so far were entered by staff or the demo, except those public users typed at sign-up.
    User = apps.get_model("accounts", "User")
    User.objects.filter(phone__isnull=False).exclude(role="public").update(phone_verified=True)
    ReservedNameWord = apps.get_model("accounts", "ReservedNameWord")
    ReservedNameWord.objects.bulk_create([ReservedNameWord(word=w) for w in DEFAULT_OFFICE_WORDS], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_notification_triggers"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReservedNameWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=20, unique=True, verbose_name="word")),
            ],
            options={"verbose_name": "reserved name word", "verbose_name_plural": "reserved name words",
                     "ordering": ["word"]},
        ),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=models.CharField(blank=True, db_index=True, max_length=20, null=True,
                                   validators=[accounts.phones.validate_phone],
                                   verbose_name="phone number"),
        ),
        migrations.RunPython(verify_existing_phones_and_seed_words, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(condition=models.Q(("phone_verified", True)), fields=("phone",),
                                               name="accounts_user_verified_phone_unique",
                                               violation_error_message="This phone number is already registered."),
        ),
    ]
