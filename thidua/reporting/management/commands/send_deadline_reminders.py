"""Send the day's report reminders and overdue lists: for cron where there is no Celery beat.

    python manage.py send_deadline_reminders [--date YYYY-MM-DD]

Safe to run more than once a day: nobody is notified twice of the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.reporting import deadlines


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = "Send reminders before report deadlines and overdue lists after them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Act as if today were this day (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["date"]) if options["date"] else None
        summary = deadlines.deadline_reminders_send(today=today)
        self.stdout.write(
            f"Deadline reminders for {summary.day.isoformat()}: {summary.periods} period(s) "
            f"checked, {summary.reminders} reminder(s), {summary.overdue} overdue list(s), "
            f"{summary.emails} e-mail(s)."
        )
