"""The vote count for emulation titles (DOMAIN.md §7), from ballots or from paper counts.

Both entry points go through the same aggregate counts, so an electronic tally and a
paper tally of the same ballots give the same result. All thresholds are compared in
integers (votes × denominator against base × numerator), never through a rounded share.
docs/engine-scoring.md explains the decisions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from thidua.engine.scoring import ENGINE_CONTEXT

__all__ = [
    "MORE_THAN_HALF",
    "TWO_THIRDS",
    "Ballot",
    "CandidateResult",
    "PaperCount",
    "Prerequisite",
    "Proportion",
    "TallyError",
    "TallyResult",
    "Title",
    "TitleResult",
    "VoteSetup",
    "tally_ballots",
    "tally_paper",
    "validate_ballot",
]

_HUNDRED = Decimal(100)


class TallyError(ValueError):
    """Bad input to the tally; `code` is stable for callers to translate."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Proportion:
    """A fraction of a base that a count must reach: strictly above it, or at least it."""

    numerator: int
    denominator: int
    strict: bool

    def __post_init__(self) -> None:
        if self.denominator <= 0 or not 0 <= self.numerator <= self.denominator:
            raise TallyError(
                "invalid_proportion",
                f"A proportion must lie between 0 and 1; got {self.numerator}/{self.denominator}.",
            )

    def reached(self, count: int, base: int) -> bool:
        left = count * self.denominator
        right = base * self.numerator
        return left > right if self.strict else left >= right


MORE_THAN_HALF = Proportion(1, 2, strict=True)
TWO_THIRDS = Proportion(2, 3, strict=False)


@dataclass(frozen=True, slots=True)
class Title:
    """A title put to the vote, the units on its ballot, and how many may receive it."""

    code: str
    quota: int
    candidates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Prerequisite:
    """A candidate for `title` must also be approved for `requires` (e.g. Government flag
    needs the Ministry flag)."""

    title: str
    requires: str


@dataclass(frozen=True, slots=True)
class VoteSetup:
    titles: tuple[Title, ...]
    eligible_voters: int
    member_units: int
    approval: Proportion = MORE_THAN_HALF
    """Of the eligible voters, for a candidate to be approved."""
    quorum: Proportion = TWO_THIRDS
    """Of the member units, in ballots cast, for the vote to count at all."""
    prerequisites: tuple[Prerequisite, ...] = ()


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voting unit's secret ballot: for each title, the set of units chosen.

    A title left out, or an empty set, is an abstention on that title.
    """

    choices: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def of(cls, choices: Mapping[str, Iterable[str]]) -> Ballot:
        return cls(tuple(sorted((title, frozenset(units)) for title, units in choices.items())))

    def chosen(self, title: str) -> frozenset[str]:
        for code, units in self.choices:
            if code == title:
                return units
        return frozenset()


@dataclass(frozen=True, slots=True)
class PaperCount:
    """One title's line of the count minutes: votes per candidate, valid, invalid ballots."""

    title: str
    votes: tuple[tuple[str, int], ...]
    valid: int
    invalid: int

    @classmethod
    def of(cls, title: str, votes: Mapping[str, int], *, valid: int, invalid: int) -> PaperCount:
        return cls(title, tuple(sorted(votes.items())), valid, invalid)


@dataclass(frozen=True, slots=True)
class CandidateResult:
    """`approved` needs the threshold, the prerequisite, and a quorate vote."""

    unit: str
    votes: int
    share: Decimal
    passes_threshold: bool
    meets_prerequisite: bool
    approved: bool
    elected: bool
    in_runoff: bool


@dataclass(frozen=True, slots=True)
class TitleResult:
    """Candidates by votes, most first, ties by unit key.

    When approved candidates tie across the quota's boundary, none of the tied ones is
    elected: they are listed in `runoff`, competing for `runoff_seats` seats.
    """

    title: str
    quota: int
    valid: int
    invalid: int
    candidates: tuple[CandidateResult, ...]
    elected: tuple[str, ...]
    runoff: tuple[str, ...]
    runoff_seats: int

    @property
    def runoff_suggested(self) -> bool:
        return bool(self.runoff)

    def candidate(self, unit: str) -> CandidateResult:
        for result in self.candidates:
            if result.unit == unit:
                return result
        raise KeyError(unit)


@dataclass(frozen=True, slots=True)
class TallyResult:
    eligible_voters: int
    member_units: int
    ballots_cast: int
    quorum_met: bool
    titles: tuple[TitleResult, ...]

    def title(self, code: str) -> TitleResult:
        for result in self.titles:
            if result.title == code:
                return result
        raise KeyError(code)


def validate_ballot(ballot: Ballot, setup: VoteSetup) -> None:
    """Refuse a ballot at casting time; raises TallyError (e.g. code "over_quota")."""
    titles = _check_setup(setup)
    _check_ballot_titles(ballot, titles)
    for code, units in ballot.choices:
        problem = _problem(titles[code], units)
        if problem is not None:
            raise TallyError(*problem)


def tally_ballots(setup: VoteSetup, ballots: Iterable[Ballot]) -> TallyResult:
    """Count electronic ballots; a title over-voted or naming a non-candidate on a ballot
    makes that ballot invalid for that title only, as a spoilt section of a paper."""
    titles = _check_setup(setup)
    cast = 0
    votes: dict[str, Counter[str]] = {code: Counter() for code in titles}
    invalid: Counter[str] = Counter()
    for ballot in ballots:
        _check_ballot_titles(ballot, titles)
        cast += 1
        for code, title in titles.items():
            units = ballot.chosen(code)
            if _problem(title, units) is None:
                votes[code].update(units)
            else:
                invalid[code] += 1
    counts = [
        PaperCount.of(code, votes[code], valid=cast - invalid[code], invalid=invalid[code])
        for code in titles
    ]
    return tally_paper(setup, ballots_cast=cast, counts=counts)


def tally_paper(
    setup: VoteSetup, *, ballots_cast: int, counts: Sequence[PaperCount]
) -> TallyResult:
    """Count from the figures of paper minutes: one PaperCount per title."""
    titles = _check_setup(setup)
    if ballots_cast < 0:
        raise TallyError("negative_count", "Ballots cast cannot be negative.")
    if ballots_cast > setup.eligible_voters:
        raise TallyError(
            "too_many_ballots",
            f"{ballots_cast} ballots were cast but only {setup.eligible_voters} "
            "voters are eligible.",
        )
    by_title = _check_counts(counts, titles, ballots_cast)
    quorum_met = setup.quorum.reached(ballots_cast, setup.member_units)

    passes = {
        code: {
            unit: setup.approval.reached(by_title[code][unit], setup.eligible_voters)
            for unit in title.candidates
        }
        for code, title in titles.items()
    }
    requires: dict[str, list[str]] = {}
    for rule in setup.prerequisites:
        requires.setdefault(rule.title, []).append(rule.requires)

    results: list[TitleResult] = []
    for code, title in titles.items():
        line = next(c for c in counts if c.title == code)
        results.append(
            _title_result(
                title,
                by_title[code],
                line,
                eligible=setup.eligible_voters,
                passes=passes,
                requires=requires,
                quorum_met=quorum_met,
            )
        )
    return TallyResult(
        eligible_voters=setup.eligible_voters,
        member_units=setup.member_units,
        ballots_cast=ballots_cast,
        quorum_met=quorum_met,
        titles=tuple(results),
    )


# --- internals -------------------------------------------------------------------------


def _title_result(
    title: Title,
    votes: Mapping[str, int],
    line: PaperCount,
    *,
    eligible: int,
    passes: Mapping[str, Mapping[str, bool]],
    requires: Mapping[str, Sequence[str]],
    quorum_met: bool,
) -> TitleResult:
    order = sorted(title.candidates, key=lambda unit: (-votes[unit], unit))
    meets = {unit: _meets(title.code, unit, passes, requires) for unit in order}
    approved = [unit for unit in order if quorum_met and passes[title.code][unit] and meets[unit]]
    elected, runoff, seats = _seats(approved, votes, title.quota)
    with localcontext(ENGINE_CONTEXT):
        shares = {unit: votes[unit] * _HUNDRED / eligible for unit in order}
    candidates = tuple(
        CandidateResult(
            unit=unit,
            votes=votes[unit],
            share=shares[unit],
            passes_threshold=passes[title.code][unit],
            meets_prerequisite=meets[unit],
            approved=unit in approved,
            elected=unit in elected,
            in_runoff=unit in runoff,
        )
        for unit in order
    )
    return TitleResult(
        title=title.code,
        quota=title.quota,
        valid=line.valid,
        invalid=line.invalid,
        candidates=candidates,
        elected=elected,
        runoff=runoff,
        runoff_seats=seats,
    )


def _seats(
    approved: Sequence[str], votes: Mapping[str, int], quota: int
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """Elected, run-off candidates and run-off seats, from approved units, most votes first."""
    if len(approved) <= quota:
        return tuple(approved), (), 0
    boundary = votes[approved[quota - 1]]
    if votes[approved[quota]] != boundary:
        return tuple(approved[:quota]), (), 0
    # Electing some of the tied units by unit key would be arbitrary; the meeting decides.
    above = tuple(unit for unit in approved if votes[unit] > boundary)
    tied = tuple(unit for unit in approved if votes[unit] == boundary)
    return above, tied, quota - len(above)


def _meets(
    title: str,
    unit: str,
    passes: Mapping[str, Mapping[str, bool]],
    requires: Mapping[str, Sequence[str]],
) -> bool:
    """Whether the unit passes the threshold of every title this one requires, in turn."""
    return all(
        passes[needed].get(unit, False) and _meets(needed, unit, passes, requires)
        for needed in requires.get(title, ())
    )


def _problem(title: Title, units: frozenset[str]) -> tuple[str, str] | None:
    if len(units) > title.quota:
        return (
            "over_quota",
            f"A ballot may choose at most {title.quota} unit(s) for {title.code!r}; "
            f"this one chooses {len(units)}.",
        )
    strangers = sorted(units - set(title.candidates))
    if strangers:
        return (
            "unknown_candidate",
            f"{', '.join(strangers)} is not a candidate for {title.code!r}.",
        )
    return None


def _check_ballot_titles(ballot: Ballot, titles: Mapping[str, Title]) -> None:
    seen: set[str] = set()
    for code, _ in ballot.choices:
        if code not in titles:
            raise TallyError("unknown_title", f"There is no title {code!r} in this vote.")
        if code in seen:
            raise TallyError("duplicate_title", f"The ballot lists title {code!r} twice.")
        seen.add(code)


def _check_setup(setup: VoteSetup) -> dict[str, Title]:
    if setup.eligible_voters < 1:
        raise TallyError("no_voters", "A vote needs at least one eligible voter.")
    if setup.member_units < 1:
        raise TallyError("no_members", "A vote needs at least one member unit.")
    titles: dict[str, Title] = {}
    for title in setup.titles:
        if title.code in titles:
            raise TallyError("duplicate_title", f"Title {title.code!r} is listed twice.")
        if title.quota < 1:
            raise TallyError("invalid_quota", f"The quota of {title.code!r} must be at least 1.")
        if len(set(title.candidates)) != len(title.candidates):
            raise TallyError(
                "duplicate_candidate", f"A candidate for {title.code!r} is listed twice."
            )
        titles[title.code] = title
    for rule in setup.prerequisites:
        for code in (rule.title, rule.requires):
            if code not in titles:
                raise TallyError("unknown_title", f"There is no title {code!r} in this vote.")
    _check_acyclic(setup.prerequisites)
    return titles


def _check_acyclic(rules: Sequence[Prerequisite]) -> None:
    requires: dict[str, set[str]] = {}
    for rule in rules:
        requires.setdefault(rule.title, set()).add(rule.requires)
    for start in requires:
        reachable: set[str] = set()
        frontier = set(requires[start])
        while frontier:
            code = frontier.pop()
            if code == start:
                raise TallyError("prerequisite_cycle", f"Title {start!r} ends up requiring itself.")
            if code not in reachable:
                reachable.add(code)
                frontier |= requires.get(code, set())


def _check_counts(
    counts: Sequence[PaperCount], titles: Mapping[str, Title], cast: int
) -> dict[str, Counter[str]]:
    by_title: dict[str, Counter[str]] = {}
    for line in counts:
        if line.title not in titles:
            raise TallyError("unknown_title", f"There is no title {line.title!r} in this vote.")
        if line.title in by_title:
            raise TallyError("duplicate_title", f"Title {line.title!r} is counted twice.")
        title = titles[line.title]
        if line.valid < 0 or line.invalid < 0:
            raise TallyError("negative_count", f"Counts for {line.title!r} cannot be negative.")
        if line.valid + line.invalid != cast:
            raise TallyError(
                "count_mismatch",
                f"For {line.title!r}, {line.valid} valid and {line.invalid} invalid ballots "
                f"do not add up to the {cast} ballots cast.",
            )
        tally: Counter[str] = Counter({unit: 0 for unit in title.candidates})
        named: set[str] = set()
        for unit, count in line.votes:
            if unit not in tally:
                raise TallyError(
                    "unknown_candidate", f"{unit} is not a candidate for {line.title!r}."
                )
            if unit in named:
                raise TallyError(
                    "duplicate_candidate", f"{unit} is counted twice for {line.title!r}."
                )
            named.add(unit)
            if count < 0:
                raise TallyError("negative_count", f"Votes for {unit} cannot be negative.")
            if count > line.valid:
                raise TallyError(
                    "votes_above_valid",
                    f"{unit} has {count} votes for {line.title!r}, more than the "
                    f"{line.valid} valid ballots.",
                )
            tally[unit] += count
        if tally.total() > line.valid * title.quota:
            raise TallyError(
                "too_many_votes",
                f"{tally.total()} votes for {line.title!r} exceed what {line.valid} valid "
                f"ballots of at most {title.quota} choice(s) can hold.",
            )
        by_title[line.title] = tally
    for code in titles:
        if code not in by_title:
            raise TallyError("missing_title", f"No count was given for title {code!r}.")
    return by_title
