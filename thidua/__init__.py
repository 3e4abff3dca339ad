"""Thi Đua: emulation clusters of the People's Public Security."""

from thidua.celery import app as celery_app

__all__ = ["celery_app"]
