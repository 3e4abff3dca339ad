"""The link to a cluster's year-end report, for pages of other apps (the cluster page)."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.org.models import Cluster
from thidua.yearend.access import can_read_report

register = template.Library()


@register.inclusion_tag("yearend/_report_button.html", takes_context=True)
def year_end_link(context: Any, cluster: Cluster) -> dict[str, Any]:
    """A button to the report, shown only to those who may read it."""
    user = context.get("user")
    shown = user is not None and can_read_report(user, cluster)
    return {"cluster": cluster, "shown": shown}
