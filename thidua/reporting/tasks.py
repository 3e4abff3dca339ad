"""Background work of periodic reporting (Celery; inline without Redis)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from celery import shared_task

from thidua.reporting import deadlines


@shared_task  # type: ignore[untyped-decorator]  # Celery ships no type hints
def send_deadline_reminders() -> dict[str, Any]:
    """The day's reminders and overdue lists (scheduled daily by CELERY_BEAT_SCHEDULE)."""
    summary = deadlines.deadline_reminders_send()
    return {**asdict(summary), "day": summary.day.isoformat()}
