from django.core.management.base import BaseCommand

from meetings.search.services import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index of every consultation, speech, comment, reply and follow-up."

    def handle(self, *args, **options):
        count = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents."))
