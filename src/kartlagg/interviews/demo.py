"""The interviews the 2022 report lists in its appendix, as an ILLUSTRATIVE demo.

The report names the four people interviewed and summarises the interviews without attributing any
sentence to anyone. So: no quotes. Each interview gets paraphrases of the report's summary for the
interviewee's kind of organisation, flagged illustrative, and consent "none": the report shows the
names were published, but not what the people agreed to, and a quote needs consent on record.
"""

from __future__ import annotations

from django.db import transaction

from kartlagg.interviews.models import Consent, StatementKind
from kartlagg.interviews.services import interview_record, statement_add, theme_get_or_create
from kartlagg.organisations.models import OrganisationKind
from kartlagg.organisations.services import organisation_get_or_create

SOURCE = "Appendix 'Intervjuade personer', ATMP 2030 report 2022-04-28 (illustrative demo)"

THEMES = {
    "recruitment-abroad": ("Rekrytering från utlandet", "Recruitment from abroad"),
    "salaries": ("Lönekonkurrens", "Competing on salaries"),
    "internal-training": ("Intern upplärning", "Internal training"),
    "staff-turnover": ("Personal som går till andra sektorer", "Staff lost to other sectors"),
    "specialist-shortage": ("Brist på specialister", "Shortage of specialists"),
}

# (person, role, organisation, kind, [(paraphrase, area codes, theme slugs)])
INTERVIEWS: list[tuple[str, str, str, str, list[tuple[str, list[str], list[str]]]]] = [
    (
        "Alex Karlsson-Parra", "Chief Scientific Officer", "Immunicum AB", OrganisationKind.COMPANY_SME,
        [(
            "Illustrativ parafras av rapportens sammanfattning för mindre bolag: rekrytering är en betydande "
            "utmaning; bolagen rekryterar främst nationellt och har svårt att erbjuda internationellt "
            "konkurrenskraftiga löner.",
            ["cell-production", "gmp-production"], ["salaries", "specialist-shortage"],
        )],
    ),
    (
        "Johan Hyllner", "Senior Director and Head of Cell Therapy, BioPharmaceuticals R&D", "AstraZeneca",
        OrganisationKind.COMPANY_LARGE_PHARMA,
        [(
            "Illustrativ parafras av rapportens sammanfattning för stora läkemedelsbolag: tillgången på rätt "
            "kompetens tycks inte vara en stor utmaning i dag; rekryteringen sker i hög grad från utlandet "
            "och "
            "gäller etablerade, erfarna experter.",
            [], ["recruitment-abroad"],
        )],
    ),
    (
        "Karin Agerman", "Chief Research and Development Officer", "CombiGene AB",
        OrganisationKind.COMPANY_SME,
        [(
            "Illustrativ parafras av rapportens sammanfattning för mindre bolag: bristen på specialister "
            "gör att "
            "bolagen lägger betydande resurser på att själva utbilda nyanställda.",
            ["viral-vector-production", "process-development"], ["internal-training", "specialist-shortage"],
        )],
    ),
    (
        "Pontus Blomberg", "Verksamhetschef, Karolinska Centrum för Cellterapi",
        "Karolinska Universitetssjukhuset",
        OrganisationKind.HOSPITAL_REGION,
        [(
            "Illustrativ parafras av rapportens sammanfattning för sjukvården: det är svårt att hitta rätt "
            "expertis, upplärningen är lång och lönerna kan inte konkurrera med industrins, så personal som "
            "tränats upp går ofta vidare till andra sektorer.",
            ["cell-production", "quality-assurance"], ["internal-training", "salaries", "staff-turnover"],
        )],
    ),
]  # fmt: skip


@transaction.atomic
def load_demo() -> str:
    """`kartlagg up` step: the four interviews of the 2022 report (idempotent)."""
    themes = {
        slug: theme_get_or_create(slug=slug, label_sv=sv, label_en=en) for slug, (sv, en) in THEMES.items()
    }
    created = 0
    for person, role, org_name, kind, statements in INTERVIEWS:
        organisation = organisation_get_or_create(name=org_name, kind=kind, source=SOURCE)
        interview = interview_record(
            organisation=organisation,
            person_name=person,
            person_role=role,
            consent=Consent.NONE,
            consent_note="Named in the published report; consent to quotes not shown there.",
            is_illustrative=True,
            source=SOURCE,
        )
        if interview.statements.exists():
            continue
        created += 1
        for text, areas, theme_slugs in statements:
            statement_add(
                interview=interview,
                text=text,
                kind=StatementKind.PARAPHRASE,
                area_codes=areas,
                themes=[themes[s] for s in theme_slugs],
                is_illustrative=True,
            )
    return f"{len(INTERVIEWS)} illustrative interviews ({created} new)"
