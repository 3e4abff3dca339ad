"""What the audit trail keeps of a change's reason.

django-simple-history stores the reason in a 100-character column: PostgreSQL refuses a
longer one (SQLite does not check). The history row keeps the reason shortened; the full
text stays on the object that needs it (a return reason, a verified score's reason …).
"""

from __future__ import annotations

REASON_LENGTH = 100


def history_reason(reason: str) -> str | None:
    """The reason as one line of at most REASON_LENGTH characters; None when empty."""
    text = " ".join(reason.split())
    if len(text) > REASON_LENGTH:
        return text[: REASON_LENGTH - 1] + "…"
    return text or None
