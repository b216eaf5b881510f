"""The report pages, the coordinator's build action and the `kartlagg report build` contract."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.urls import reverse

from kartlagg.cli.main import cli
from kartlagg.reports.demo import reports_load_demo
from kartlagg.reports.models import ReportBuild


@pytest.fixture
def edition(seeded_catalogue):
    return reports_load_demo()


def test_report_page_links_html_and_pdf_in_both_languages(client, edition):
    page = client.get(reverse("reports:list")).content.decode()
    for language in ("sv", "en"):
        assert reverse("reports:html", args=[edition.key, language]) in page
        assert reverse("reports:pdf", args=[edition.key, language]) in page
    html = client.get(reverse("reports:html", args=[edition.key, "en"]))
    assert html["Content-Type"] == "text/html; charset=utf-8" and b'<html lang="en">' in html.content
    pdf = client.get(reverse("reports:pdf", args=[edition.key, "sv"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


def test_only_coordinators_build_from_the_web(client, edition):
    url = reverse("reports:build", args=[edition.key])
    assert client.post(url).status_code == 403
    assert not ReportBuild.objects.exists()
    coordinator = User.objects.create_superuser("coord", "c@example.org", "pw-for-tests")
    client.force_login(coordinator)
    assert client.get(reverse("reports:list")).content.decode().count('action="' + url + '"') == 1
    response = client.post(url)
    assert response.status_code == 302
    assert ReportBuild.objects.filter(edition=edition, built_by="coord").count() == 4


def test_a_survey_coordinator_may_build_a_plain_user_may_not(client, edition):
    from kartlagg.surveys.models import SurveyMembership, SurveyRole

    url = reverse("reports:build", args=[edition.key])
    user = User.objects.create_user("someone", "s@example.org", "pw-for-tests")
    client.force_login(user)
    assert client.post(url).status_code == 403
    SurveyMembership.objects.create(user=user, role=SurveyRole.COORDINATOR)
    assert client.post(url).status_code == 302
    assert ReportBuild.objects.filter(edition=edition, built_by="someone").count() == 4


def test_compare_page_shows_both_editions(client, edition):
    from kartlagg.reports.services import edition_upsert

    edition_upsert(
        key="atmp-2023",
        year=2023,
        title_sv="Kartläggning 2023",
        title_en="Mapping 2023",
        previous_key=edition.key,
    )
    response = client.get(reverse("reports:compare", args=["atmp-2023"]), {"lang": "en"})
    assert response.status_code == 200
    assert response.context["changed"] > 0


def test_cli_build_contract(tmp_path, edition):
    runner = CliRunner()
    for language in ("sv", "en"):
        for fmt in ("html", "pdf"):
            out = tmp_path / f"report-{language}.{fmt}"
            result = runner.invoke(
                cli, ["report", "build", "--lang", language, "--format", fmt, "--output", str(out)]
            )
            assert result.exit_code == 0, result.output
            assert out.read_bytes().startswith(b"%PDF" if fmt == "pdf" else b"<!doctype html>")
    html = (tmp_path / "report-sv.html").read_bytes()
    again = tmp_path / "again.html"
    runner.invoke(cli, ["report", "build", "--lang", "sv", "--format", "html", "--output", str(again)])
    assert again.read_bytes() == html


def test_cli_refuses_unknown_language_and_edition(tmp_path, edition):
    runner = CliRunner()
    bad = runner.invoke(
        cli, ["report", "build", "--lang", "de", "--format", "html", "--output", str(tmp_path / "x")]
    )
    assert bad.exit_code == 2 and "'de' is not one of 'sv', 'en'" in bad.output
    unknown = runner.invoke(
        cli,
        [
            "report",
            "build",
            "--lang",
            "sv",
            "--format",
            "html",
            "--output",
            str(tmp_path / "x"),
            "--edition",
            "nope",
        ],
    )
    assert unknown.exit_code == 1 and "unknown edition 'nope' (known: atmp-2022)" in unknown.output


def test_editions_and_section_texts_are_edited_in_the_admin(client, edition):
    client.force_login(User.objects.create_superuser("admin", "a@example.org", "pw-for-tests"))
    assert client.get(reverse("admin:reports_edition_changelist")).status_code == 200
    page = client.get(reverse("admin:reports_edition_change", args=[edition.pk]))
    assert page.status_code == 200 and b"texts-TOTAL_FORMS" in page.content
    assert client.get(reverse("admin:reports_reportbuild_changelist")).status_code == 200
    assert client.get(reverse("admin:gaps_scenario_changelist")).status_code == 200
    assert client.get(reverse("admin:gaps_plan_changelist")).status_code == 200
