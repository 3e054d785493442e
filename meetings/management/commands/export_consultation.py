from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.minutes.archive import export_consultation
from meetings.models import Consultation


class Command(BaseCommand):
    help = "Write the complete JSON archive of a consultation (restore it with import_consultation)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the consultation's slug")
        parser.add_argument("-o", "--output", help="file to write (default: <slug>.json)")

    def handle(self, slug, output=None, **options):
        consultation = Consultation.objects.filter(slug=slug).first()
        if consultation is None:
            raise CommandError(f"No consultation with the slug “{slug}”.")
        path = Path(output or f"{slug}.json")
        export_consultation(consultation, path)
        self.stdout.write(f"wrote {path} ({path.stat().st_size} bytes)")
