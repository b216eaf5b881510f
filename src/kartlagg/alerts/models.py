from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestLanguage(models.TextChoices):
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class AlertSubscription(models.Model):
    """New ATMP ads matching any of `areas` (competence area ids) and any of `regions`; an empty list
    matches everything. `last_seq` is the store's arrival number up to which ads have been sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ad_alerts", verbose_name=_("user")
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(
        _("language of the digest"), max_length=2, choices=DigestLanguage.choices, default=DigestLanguage.SV
    )
    areas = models.JSONField(_("competence areas"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    last_seq = models.BigIntegerField(_("last ad sent (store arrival number)"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("job-ad alert")
        verbose_name_plural = _("job-ad alerts")
        ordering = ["email", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(last_seq__gte=0), name="alerts_last_seq_not_negative"),
            models.CheckConstraint(
                condition=models.Q(language__in=["sv", "en"]), name="alerts_language_sv_or_en"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({', '.join(self.areas) or '*'}; {', '.join(self.regions) or '*'})"

    @property
    def digests_sent(self) -> int:
        """Digests that went out (counted from the prefetched deliveries)."""
        return sum(1 for d in self.deliveries.all() if d.status == DeliveryStatus.SENT)


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, sent again next run")


class AlertDelivery(models.Model):
    """One digest: which ads (arrival numbers after `from_seq` up to `to_seq`) and how many.

    The row is written, and the subscription's mark moved, before the e-mail goes out ("sending"); it
    becomes "sent" after, or "failed" when the mail server refused it — the next run sends that range
    again. A row left "sending" means the process stopped while sending: that digest is not resent."""

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("alert")
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    from_seq = models.BigIntegerField(_("after ad number"))
    to_seq = models.BigIntegerField(_("up to ad number"))
    ads = models.PositiveIntegerField(_("ads in the digest"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.SENT
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "to_seq"], name="alerts_one_digest_per_range"),
            models.CheckConstraint(
                condition=models.Q(to_seq__gt=models.F("from_seq")), name="alerts_range_forward"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["sending", "sent", "failed"]), name="alerts_delivery_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.ads} ads after #{self.from_seq}"
