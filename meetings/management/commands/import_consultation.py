from django.core.management.base import BaseCommand, CommandError

from meetings.minutes.archive import ArchiveError
from meetings.minutes.restore import restore_consultation


class Command(BaseCommand):
    help = ("Restore a consultation from a JSON archive made by export_consultation or the minutes page, "
            "with its people, departments, speeches, comments, responses, history and files.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive (.json)")
        parser.add_argument("--slug", help="restore under another slug (when the original is taken)")

    def handle(self, file, slug=None, **options):
        try:
            consultation = restore_consultation(file, slug=slug)
        except (ArchiveError, OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored “{consultation.title}” as /c/{consultation.slug}/")
