"""The vote for emulation titles (DOMAIN.md §7): its setup, who may vote, the ballots.

Secrecy is a property of the schema (docs/voting.md):
- `VoterRecord` says which unit's delegate has voted, and nothing about how;
- `Ballot` says how somebody voted, and nothing about who or when: a random UUID key, no
  foreign key but the vote, no timestamp, no history, no ordering by insertion.
Nothing in the database joins the two.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.org.models import Cluster, Unit


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc")


class VoteMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("Bỏ phiếu điện tử")
    PAPER = "paper", _("Phiếu giấy (thư ký nhập kết quả kiểm phiếu)")


class Vote(models.Model):
    """One round of the secret ballot of a cluster-year at its year-end conference."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm thi đua"), on_delete=models.PROTECT, related_name="votes"
    )
    name = models.CharField(_("tên cuộc bỏ phiếu"), max_length=255)
    round = models.PositiveSmallIntegerField(_("vòng"), default=1)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("bỏ phiếu lại từ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runoffs",
    )
    method = models.CharField(
        _("hình thức"), max_length=20, choices=VoteMethod.choices, default=VoteMethod.ELECTRONIC
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=VoteStatus.choices, default=VoteStatus.DRAFT
    )
    # A Conference model comes later; until then the vote carries its conference.
    conference_date = models.DateField(_("ngày hội nghị"))
    conference_place = models.CharField(_("địa điểm hội nghị"), max_length=255)
    locality = models.CharField(
        _("địa danh ghi trên biên bản"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ “Tây Ninh” trong dòng “Tây Ninh, ngày … tháng … năm …”."),
    )
    opens_at = models.DateTimeField(_("bắt đầu nhận phiếu"), null=True, blank=True)
    closes_at = models.DateTimeField(_("hết giờ nhận phiếu"), null=True, blank=True)
    member_units = models.PositiveSmallIntegerField(
        _("số đơn vị thành viên"),
        help_text=_("Cơ sở tính số đại biểu tối thiểu (túc số)."),
    )
    approval_numerator = models.PositiveSmallIntegerField(_("ngưỡng đạt: tử số"), default=1)
    approval_denominator = models.PositiveSmallIntegerField(_("ngưỡng đạt: mẫu số"), default=2)
    approval_strict = models.BooleanField(_("ngưỡng đạt: phải vượt quá tỷ lệ"), default=True)
    quorum_numerator = models.PositiveSmallIntegerField(_("túc số: tử số"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("túc số: mẫu số"), default=3)
    quorum_strict = models.BooleanField(_("túc số: phải vượt quá tỷ lệ"), default=False)
    committee = models.TextField(
        _("Ban kiểm phiếu"),
        blank=True,
        help_text=_("Mỗi dòng một người: họ tên – chức vụ, đơn vị. Dòng đầu là Trưởng ban."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("thời điểm mở"), null=True, blank=True)
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc bỏ phiếu")
        verbose_name_plural = _("cuộc bỏ phiếu")
        ordering = ["-conference_date", "-round", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approval_denominator__gt=0)
                & Q(approval_numerator__lte=models.F("approval_denominator")),
                name="vote_approval_is_a_proportion",
            ),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="vote_quorum_is_a_proportion",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="vote_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        if self.round > 1:
            return _("%(name)s (vòng %(round)s)") % {"name": self.name, "round": self.round}
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.status == VoteStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == VoteStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == VoteStatus.CLOSED

    @property
    def is_paper(self) -> bool:
        return self.method == VoteMethod.PAPER


class VoteTitle(models.Model):
    """A title put to the vote and how many units may receive it."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="titles")
    code = models.SlugField(_("mã"), max_length=30)
    name = models.CharField(_("danh hiệu"), max_length=255)
    quota = models.PositiveSmallIntegerField(_("số đơn vị tối đa"))
    order = models.PositiveSmallIntegerField(default=0)
    requires = models.ForeignKey(
        "self",
        verbose_name=_("phải đạt ngưỡng của danh hiệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("danh hiệu bỏ phiếu")
        verbose_name_plural = _("danh hiệu bỏ phiếu")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "code"], name="vote_title_code_unique"),
            models.CheckConstraint(condition=Q(quota__gte=1), name="vote_title_quota_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """A unit on the ballot of every title of the vote."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("đơn vị được bình xét")
        verbose_name_plural = _("đơn vị được bình xét")
        ordering = ["unit__sort_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "unit"], name="vote_candidate_unique"),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class VoterRecord(models.Model):
    """That a unit may vote, through which delegate, and whether it has: never how."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="voters")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("đại biểu bỏ phiếu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    voted = models.BooleanField(_("đã bỏ phiếu"), default=False)

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("đơn vị có quyền bỏ phiếu")
        verbose_name_plural = _("đơn vị có quyền bỏ phiếu")
        ordering = ["unit__sort_name", "id"]
        constraints = [
            # One voter record per unit and per delegate: casting locks and flips this row.
            models.UniqueConstraint(fields=["vote", "unit"], name="voter_one_per_unit"),
            models.UniqueConstraint(fields=["vote", "user"], name="voter_one_per_user"),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class Ballot(models.Model):
    """A cast electronic ballot. Deliberately: no voter, no time, no sequence, no history."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots")
    # {title code: [unit id, …]}; a title left out or empty is an abstention.
    choices = models.JSONField()
    # Random, shown once to the voter, published (without choices) after the close.
    receipt = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        ordering = ["receipt"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "receipt"], name="ballot_receipt_unique"),
        ]

    def __str__(self) -> str:
        return self.receipt


class PaperTally(models.Model):
    """The counting committee's figures for a paper vote, confirmed by a second person.

    `counts` holds {title code: {"valid": n, "invalid": n, "votes": {unit id: n}}}.
    """

    vote = models.OneToOneField(Vote, on_delete=models.CASCADE, related_name="paper_tally")
    ballots_issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"))
    ballots_cast = models.PositiveSmallIntegerField(_("số phiếu thu vào"))
    counts = models.JSONField(_("kết quả kiểm phiếu"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả kiểm phiếu giấy")
        verbose_name_plural = _("kết quả kiểm phiếu giấy")
        constraints = [
            models.CheckConstraint(
                condition=Q(ballots_cast__lte=models.F("ballots_issued")),
                name="paper_cast_within_issued",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=models.F("entered_by")),
                name="paper_confirmed_by_another_person",
            ),
        ]

    def __str__(self) -> str:
        return str(self.vote)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị")


class ProposalSource(models.TextChoices):
    VOTE = "vote", _("Kết quả bỏ phiếu bình xét")


class AwardProposal(models.Model):
    """A title the vote proposes for a unit; the awards registry picks these up later."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="award_proposals")
    title_code = models.CharField(_("mã danh hiệu"), max_length=30)
    title_name = models.CharField(_("danh hiệu"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    source = models.CharField(
        _("nguồn"), max_length=20, choices=ProposalSource.choices, default=ProposalSource.VOTE
    )
    vote = models.ForeignKey(
        Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "title_code", "unit__sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "unit", "title_code"], name="proposal_once_per_vote_title_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_name}: {self.unit} ({self.year})"
