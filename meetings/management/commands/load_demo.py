from django.core.management.base import BaseCommand

from departments import demo as department_demo
from meetings import demo
from meetings.demo.people import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo consultation and its people (safe to run again)."

    def handle(self, *args, **options):
        accounts = demo.load()
        department_demo.load()  # claims, replies, presses, ratings
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is loaded. Demo accounts (password for all: {DEMO_PASSWORD}):")
        )
        for role, username, phone in accounts:
            self.stdout.write(f"  {str(role):<20} {username:<30} {phone}")
