"""The score ranking shown beside the candidates ("trên cơ sở kết quả chấm điểm").

Scoring is a later app. It registers a provider here from its AppConfig.ready(); until
then no provider answers and the pages show "—". A provider returns, for a cluster-year,
{unit id: (rank, percent of attainable points)}, or an empty mapping when it has nothing
(e.g. the scores are not locked yet).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

RankingProvider = Callable[[Any], Mapping[int, tuple[int, Decimal]]]

_providers: list[RankingProvider] = []


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int
    percent: Decimal


def register(provider: RankingProvider) -> RankingProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: RankingProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def ranking_for(cluster: Any) -> dict[int, Standing]:
    """The first registered provider's ranking of the cluster, or {} when none has one."""
    for provider in _providers:
        found = provider(cluster)
        if found:
            return {unit_id: Standing(rank, percent) for unit_id, (rank, percent) in found.items()}
    return {}
