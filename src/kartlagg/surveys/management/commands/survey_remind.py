"""Recurring job: remind organisations that have not submitted, in every open round."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kartlagg.surveys.models import Round, RoundStatus
from kartlagg.surveys.services import round_send_reminders


class Command(BaseCommand):
    help = "Remind (fresh link by e-mail) every invited organisation that has not submitted in open rounds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        rounds = [r for r in Round.objects.filter(status=RoundStatus.OPEN) if r.accepts_answers]
        orgs = mails = 0
        for round_ in rounds:
            result = round_send_reminders(round=round_, base_url=options["base_url"])
            orgs += len(result.organisations)
            mails += result.emails_sent
        self.stdout.write(f"{len(rounds)} open rounds: reminded {orgs} organisations, {mails} e-mails sent")
