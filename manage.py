#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings")
    from django.core.management import execute_from_command_line

    from consultation.env import MissingSetting

    try:
        execute_from_command_line(sys.argv)
    except MissingSetting as error:
        # A missing production variable is an operator's mistake, not a bug: say which, no traceback.
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
