"""ReportData + section texts → Document, in one language, in the structure of the 2022 report."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation
from django.utils.translation import gettext as _

from kartlagg.catalogue.models import AtmpShare, OfferingKind
from kartlagg.core.vocab import Country, level_label
from kartlagg.organisations.models import Sector
from kartlagg.reports.builder.charts import BarChart, Series
from kartlagg.reports.builder.data import Hires, ReportData
from kartlagg.reports.builder.document import Document, Figure, Heading, Note, Table, parse_prose

TEXTS_DIR = Path(__file__).resolve().parent.parent / "texts"
SECTIONS = ("lead", "background", "supply", "needs", "interviews", "abroad", "outlook", "appendix")
COMPANY = Sector.INDUSTRY
HEALTHCARE = Sector.HEALTHCARE
NORDIC = ("SE", "NO", "DK", "FI", "IS")
SUPPRESSED = "–"

# Autoescape off: the output is our prose markup, which the renderers escape themselves.
_ENGINE = Engine(autoescape=False)


class SectionTextError(ValueError):
    """An editor's section text is not a valid template (names the edition, section and language)."""


@cache
def default_texts(language: str) -> dict[str, str]:
    with (TEXTS_DIR / f"{language}.yaml").open(encoding="utf-8") as handle:
        texts: dict[str, str] = yaml.safe_load(handle)
    missing = [s for s in SECTIONS if s not in texts]
    if missing:
        raise ValueError(f"{TEXTS_DIR / (language + '.yaml')}: missing sections {', '.join(missing)}")
    return texts


def approx(value: float) -> int:
    """How the report states a survey total: to the nearest ten above 100 ("ca 400")."""
    return int(round(value, -1)) if value >= 100 else int(round(value))


def _spread(h: Hires | None) -> str:
    """A stated range ("350–450"), or nothing when the answers add up to a single number."""
    if h is None or h.suppressed or h.low is None or h.low == h.high:
        return ""
    return f"{h.low}–{h.high}"


def _join(labels: list[str], language: str) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    word = " and " if language == "en" else " samt "
    return ", ".join(labels[:-1]) + word + labels[-1]


def _country(code: str) -> str:
    if code == "NORDIC":
        return _("Nordic countries (total)")
    try:
        return str(Country(code).label)
    except ValueError:
        return code


def _sector(code: str) -> str:
    try:
        return str(Sector(code).label)
    except ValueError:
        return code


def text_context(data: ReportData, language: str) -> dict[str, Any]:
    """The names a section text can use (docs/report.md lists them)."""
    survey = data.survey
    by_sector = {h.key: h for h in survey.hires_by_sector}
    company, healthcare = by_sector.get(COMPANY), by_sector.get(HEALTHCARE)
    published = [h for h in survey.hires_by_sector if not h.suppressed and h.mid is not None]
    total_low = sum(h.low or 0 for h in published) + sum(p.low for p in data.plans)
    top = sorted(
        (h for h in survey.hires_by_area if not h.suppressed and h.mid),
        key=lambda h: (-(h.mid or 0), h.key),
    )[:4]
    hard = sorted(
        (v for v in survey.hard_to_find if not v.suppressed and v.votes),
        key=lambda v: (-(v.votes or 0), v.key),
    )[:3]
    willing = {w.sector: w for w in survey.willingness}
    regions_w, companies_w = willing.get(HEALTHCARE), willing.get(COMPANY)
    ads = _ads_context(data)
    se = [o for o in data.offerings if o.country == "SE"]
    abroad = [o for o in data.offerings if o.country not in NORDIC]
    abroad_codes = sorted({o.country for o in abroad if o.country != "EU"})
    responded = {s: sum(1 for r in survey.respondents if r.sector == s) for s in (COMPANY, HEALTHCARE)}
    plans = [
        {"name": p.name_en if language == "en" else p.name_sv, "low": p.low, "high": p.high}
        for p in data.plans
    ]
    total_mid = sum(h.mid or 0 for h in published) + sum((p.low + p.high) / 2 for p in data.plans)
    return {
        "year": data.year,
        "title": data.title_en if language == "en" else data.title_sv,
        "company_hires": approx(company.mid) if company and not company.suppressed and company.mid else None,
        "company_hires_range": _spread(company),
        "healthcare_hires": approx(healthcare.mid)
        if healthcare and not healthcare.suppressed and healthcare.mid
        else None,
        "healthcare_hires_range": _spread(healthcare),
        "total_hires": approx(total_mid) if total_mid else None,
        "total_hires_floor": (total_low // 100) * 100 if total_low >= 100 else total_low,
        "plans": plans,
        "companies_asked": survey.invited.get(COMPANY, 0),
        "regions_asked": survey.invited.get(HEALTHCARE, 0),
        "companies_responded": responded[COMPANY],
        "regions_responded": responded[HEALTHCARE],
        "top_areas": _join([data.area_label(h.key, language) for h in top], language),
        "hard_areas": _join([data.area_label(v.key, language) for v in hard], language),
        "willing_regions_pct": regions_w.percent if regions_w and not regions_w.suppressed else None,
        "willing_companies_pct": companies_w.percent if companies_w and not companies_w.suppressed else None,
        **ads,
        "se_offerings": len(se),
        "se_dedicated": sum(1 for o in se if o.atmp_share == AtmpShare.DEDICATED),
        "se_hands_on": sum(1 for o in se if o.hands_on),
        "abroad_offerings": len(abroad),
        "abroad_countries": _join([_country(c) for c in abroad_codes], language),
        "top_gaps": _join([data.area_label(g.area, language) for g in data.gaps[:3] if g.gap > 0], language),
    }


def _ads_context(data: ReportData) -> dict[str, Any]:
    year = data.ads.year

    def pair(counts: list[Any]) -> tuple[int | None, int | None]:
        rows = [c for c in counts if c.year == year]
        if not rows:
            return None, None
        se = sum(c.count for c in rows if c.country == "SE")
        nordic_total = [c.count for c in rows if c.country == "NORDIC"]
        nordic = nordic_total[0] if nordic_total else sum(c.count for c in rows if c.country in NORDIC)
        return se, nordic

    stored_se, stored_nordic = pair(data.ads.counts)
    reported_se, reported_nordic = pair(data.ads.carried)
    return {
        "ads_year": year,
        "ads_from_store": stored_se is not None,
        "ads_se": stored_se,
        "ads_nordic": stored_nordic,
        "ads_reported_se": reported_se,
        "ads_reported_nordic": reported_nordic,
        "ads_source": data.ads.source_note,
    }


def render_text(template: str, context: dict[str, Any], *, where: str) -> str:
    try:
        return _ENGINE.from_string(template).render(Context(context))
    except TemplateSyntaxError as exc:
        raise SectionTextError(f"{where}: {exc}") from exc


def build_document(
    *, data: ReportData, language: str, overrides: dict[str, str], meta: dict[str, str]
) -> Document:
    with translation.override(language):
        return _build(data, language, overrides, meta)


def _build(data: ReportData, language: str, overrides: dict[str, str], meta: dict[str, str]) -> Document:
    texts = {**default_texts(language), **overrides}
    context = text_context(data, language)

    def prose(section: str) -> list[Any]:
        return list(
            parse_prose(
                render_text(texts[section], context, where=f"{data.edition_key}/{section}/{language}")
            )
        )

    title = data.title_en if language == "en" else data.title_sv
    subtitle = _("Status report, %(year)s mapping") % {"year": data.year}
    if data.published_on:
        subtitle += f" ({data.published_on})"
    doc = Document(language=language, title=title, subtitle=subtitle, meta=meta)
    if data.illustrative:
        doc.add(
            Note(
                _(
                    "Illustrative data: this edition is built from a demo data set reconstructed from the "
                    "published 2022 report. The survey answers are constructed, not real answers."
                )
            )
        )
    doc.add(*prose("lead"))
    doc.add(Heading(2, _("Background"), "background"), *prose("background"))

    doc.add(Heading(2, _("Swedish education supply"), "supply"), *prose("supply"))
    se = [o for o in data.offerings if o.country == "SE"]
    if se:
        doc.add(
            Table(
                caption=_("Swedish offerings in the catalogue"),
                headers=[_("Offering"), _("Provider"), _("Kind"), _("Level"), _("ATMP share")],
                rows=[
                    [
                        (o.title_en or o.title_sv) if language == "en" else (o.title_sv or o.title_en),
                        o.provider,
                        str(OfferingKind(o.kind).label) if o.kind in OfferingKind.values else o.kind,
                        level_label(o.level) if o.level else SUPPRESSED,
                        str(AtmpShare(o.atmp_share).label)
                        if o.atmp_share in AtmpShare.values
                        else o.atmp_share,
                    ]
                    for o in sorted(se, key=lambda o: (o.provider, o.key))
                ],
            )
        )

    doc.add(
        Heading(2, _("Expected recruitment needs in Sweden over the next five years"), "needs"),
        *prose("needs"),
    )
    _needs_figures(doc, data, language)
    doc.add(Heading(3, _("What the interviews tell"), "interviews"), *prose("interviews"))
    quotes = [q for q in data.quotes if q.language == language]
    if quotes:
        doc.add(
            *parse_prose(
                "\n".join(f"- *”{' '.join(q.text.split())}”* — {q.person}, {q.organisation}" for q in quotes)
            )
        )

    doc.add(Heading(2, _("Examples of education initiatives abroad"), "abroad"), *prose("abroad"))
    abroad = [o for o in data.offerings if o.country not in NORDIC]
    for country in sorted({o.country for o in abroad}):
        doc.add(Heading(3, _country(country)))
        doc.add(
            Table(
                caption="",
                headers=[_("Initiative"), _("Provider"), _("Kind")],
                rows=[
                    [
                        (o.title_en or o.title_sv) if language == "en" else (o.title_sv or o.title_en),
                        o.provider,
                        str(OfferingKind(o.kind).label) if o.kind in OfferingKind.values else o.kind,
                    ]
                    for o in abroad
                    if o.country == country
                ],
            )
        )

    doc.add(Heading(2, _("Summary and outlook"), "outlook"), *prose("outlook"))
    _appendix(doc, data, language, prose("appendix"))
    return doc


def _needs_figures(doc: Document, data: ReportData, language: str) -> None:
    survey = data.survey
    note = _("– = suppressed: fewer than %(n)s organisations behind the figure.") % {"n": survey.min_cell}
    if survey.hires_by_sector or data.plans:
        rows = [*survey.hires_by_sector]
        labels = [_sector(h.key) for h in rows] + [
            p.name_en if language == "en" else p.name_sv for p in data.plans
        ]
        values = [None if h.suppressed else h.mid for h in rows] + [(p.low + p.high) / 2 for p in data.plans]
        ranges: list[tuple[float, float] | None] = [
            None if h.suppressed or h.low is None or h.high is None else (float(h.low), float(h.high))
            for h in rows
        ] + [(float(p.low), float(p.high)) for p in data.plans]
        doc.add(
            Figure(
                BarChart(
                    key="hires-by-sector",
                    title=_("Expected hires over five years, by sector"),
                    categories=labels,
                    series=[Series(_("Expected hires"), values, ranges)],
                ),
                caption=note,
            )
        )
    if survey.hires_by_area or survey.hard_to_find:
        votes = {v.key: v for v in survey.hard_to_find}
        hires = {h.key: h for h in survey.hires_by_area}
        codes = [a.code for a in data.areas if a.code in hires or a.code in votes]
        codes.sort(key=lambda c: -((hires[c].mid or 0) if c in hires and not hires[c].suppressed else 0))
        doc.add(
            Figure(
                BarChart(
                    key="demand-by-area",
                    title=_("Demand by competence area: expected hires and hard-to-find votes"),
                    categories=[data.area_label(c, language) for c in codes],
                    series=[
                        Series(
                            _("Expected hires"),
                            [
                                0.0 if c not in hires else (None if hires[c].suppressed else hires[c].mid)
                                for c in codes
                            ],
                            [
                                None
                                if c not in hires or hires[c].suppressed or hires[c].low is None
                                else (hires[c].low or 0, hires[c].high or 0)
                                for c in codes
                            ],
                        ),
                        Series(
                            _("Hard to find (votes)"),
                            # An area nobody named is a known zero; only a suppressed count shows "–".
                            [
                                0.0
                                if c not in votes
                                else (None if votes[c].suppressed else float(votes[c].votes or 0))
                                for c in codes
                            ],
                        ),
                    ],
                ),
                caption=note,
            )
        )
    gaps = [g for g in data.gaps if g.demand_index > 0 or g.offerings > 0]
    if gaps:
        doc.add(
            Figure(
                BarChart(
                    key="supply-vs-demand",
                    title=_("Supply against demand per competence area (index 0–100)"),
                    categories=[data.area_label(g.area, language) for g in gaps],
                    series=[
                        Series(_("Demand index"), [round(100 * g.demand_index) for g in gaps]),
                        Series(_("Supply index"), [round(100 * g.supply_index) for g in gaps]),
                    ],
                ),
                caption=_("Ranked by gap = demand index × (1 - supply index)."),
            )
        )
        doc.add(
            Table(
                caption=_("Gap ranking"),
                headers=[
                    "#",
                    _("Competence area"),
                    _("Expected hires"),
                    _("Hard to find (votes)"),
                    _("Job ads"),
                    _("Swedish offerings"),
                    _("Gap"),
                ],
                rows=[
                    [
                        str(g.rank),
                        data.area_label(g.area, language),
                        f"{g.hires_low}–{g.hires_high}" if g.hires_low != g.hires_high else str(g.hires_low),
                        str(g.hard_votes),
                        str(g.ads),
                        str(g.offerings),
                        f"{g.gap:.2f}".replace(".", "," if language == "sv" else "."),
                    ]
                    for g in gaps
                ],
                numeric=frozenset({0, 2, 3, 4, 5, 6}),
            )
        )
    if data.ads.counts or data.ads.carried:
        lookup = {(c.year, c.country): c.count for c in data.ads.counts}
        published = {(c.year, c.country): c.count for c in data.ads.carried}
        years = sorted({y for y, _c in lookup} | {y for y, _c in published})
        order = lambda c: (c != "SE", c == "NORDIC", c)  # noqa: E731
        series = [
            Series(
                _country(country),
                [float(lookup[(y, country)]) if (y, country) in lookup else None for y in years],
            )
            for country in sorted({c for _y, c in lookup}, key=order)
        ]
        series += [
            Series(
                _("%(country)s, published by the %(source)s mapping")
                % {"country": _country(country), "source": data.ads.source_note},
                [float(published[(y, country)]) if (y, country) in published else None for y in years],
            )
            for country in sorted({c for _y, c in published}, key=order)
        ]
        caption = _("ATMP and related ads in kartlagg's job-ad store (duplicates excluded); – = no data.")
        doc.add(
            Figure(
                BarChart(
                    key="ads-per-year",
                    title=_("Job ads in or close to the ATMP field, per year and country"),
                    categories=[str(y) for y in years],
                    series=series,
                    suppressed_label="–",
                ),
                caption=caption,
            )
        )
    if survey.willingness:
        doc.add(
            Figure(
                BarChart(
                    key="willingness",
                    title=_("Willing to contribute to education (per cent of responding organisations)"),
                    categories=[_sector(w.sector) for w in survey.willingness],
                    series=[
                        Series(
                            _("Willing"),
                            [
                                None if w.suppressed or w.percent is None else float(w.percent)
                                for w in survey.willingness
                            ],
                        )
                    ],
                    value_format="{:.0f} %",
                ),
                caption=note,
            )
        )


def _appendix(doc: Document, data: ReportData, language: str, intro: list[Any]) -> None:
    doc.add(Heading(2, _("Appendix"), "appendix"), *intro)
    survey = data.survey
    if survey.respondents:
        doc.add(Heading(3, _("Organisations that answered the questionnaire")))
        for sector in sorted({r.sector for r in survey.respondents}):
            names = sorted(r.name for r in survey.respondents if r.sector == sector)
            doc.add(*parse_prose(f"**{_sector(sector)}:** " + ", ".join(names) + "."))
    if data.interviewees:
        doc.add(Heading(3, _("Interviewees")))
        doc.add(
            *parse_prose(
                "\n".join(
                    f"- {p.name}, {p.role}, {p.organisation}".replace(", ,", ",") for p in data.interviewees
                )
            )
        )
    if data.working_group:
        doc.add(Heading(3, _("Working group")))
        doc.add(
            *parse_prose(
                "\n".join(
                    f"- {p.name}, {p.organisation}" if p.organisation else f"- {p.name}"
                    for p in data.working_group
                )
            )
        )
    doc.add(Heading(3, _("About this report")))
    doc.add(
        Table(
            caption="",
            headers=[_("Property"), _("Value")],
            rows=[
                [_("Data snapshot (SHA-256)"), doc.meta.get("data_hash", "")],
                [_("Taxonomy version"), f"{data.taxonomy_version} ({data.taxonomy_hash[:12]})"],
                [_("Code version"), doc.meta.get("code_version", "")],
                [_("Survey round"), survey.round_title or SUPPRESSED],
                [_("Gap scenario"), data.scenario_key or SUPPRESSED],
            ],
        )
    )
