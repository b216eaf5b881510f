"""Fixtures for the interop tests: the shipped ATMP instrument, a form using every feature, fixture files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kartlagg.surveys.instrument import Instrument, load_shipped_instrument
from kartlagg.surveys.interop.form import (
    Answered,
    AnyOf,
    Column,
    Compare,
    Form,
    Group,
    Not,
    Option,
    Question,
    Selected,
)

FIXTURES = Path(__file__).parent / "fixtures"


def bi(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def atmp() -> Instrument:
    return load_shipped_instrument()


@pytest.fixture
def every_feature() -> Form:
    """Every question kind, every matrix cell kind, every condition kind, codes no format accepts as-is."""
    areas = [
        Option("cell-molecular-biology", bi("Cell- och molekylärbiologi", "Cell and molecular biology")),
        Option("leadership-project-management", bi("Ledarskap och projektledning", "Leadership")),
        Option("clinical-trials", bi("Kliniska prövningar", "Clinical trials")),
        Option("clinical-implementation", bi("Klinisk implementering", "Clinical implementation")),
    ]
    return Form(
        "every-feature",
        bi("Alla funktioner", "Every feature"),
        ["sv", "en"],
        groups=[
            Group("about-you", bi("Om er", "About you"), bi("Inledning", "Intro")),
            Group("needs", bi("Behov", "Needs")),
        ],
        questions=[
            Question(
                "org-type",
                "single",
                bi("Typ av organisation", "Organisation type"),
                required=True,
                group="about-you",
                choices=[
                    Option("small-medium-company", bi("Litet eller medelstort företag", "SME")),
                    Option("large-pharma", bi("Stort läkemedelsföretag", "Large pharma")),
                    Option("cdmo", bi("CDMO", "CDMO")),
                ],
            ),
            Question(
                "employees",
                "number",
                bi("Anställda", "Employees"),
                group="about-you",
                minimum=Decimal(0),
                maximum=Decimal(100000),
            ),
            Question(
                "share",
                "number",
                bi("Andel", "Share"),
                group="about-you",
                integer=False,
                maximum=Decimal("99.5"),
            ),
            Question(
                "employees-atmp",
                "range",
                bi("Antal inom ATMP", "Number in ATMP"),
                help=bi("Ett tal eller ett intervall", "A number or a range"),
                group="about-you",
                minimum=Decimal(0),
                condition=Compare("org-type", "!=", "cdmo"),
            ),
            Question(
                "recruitment",
                "matrix",
                bi("Rekrytering", "Recruitment"),
                required=True,
                group="needs",
                rows=areas,
                columns=[
                    Column("hires", bi("Antal", "Number"), "range", minimum=Decimal(0), maximum=Decimal(1000))
                ],
            ),
            Question(
                "hard-to-find",
                "multiple",
                bi("Svårt att hitta", "Hard to find"),
                group="needs",
                choices=areas,
                condition=AnyOf(
                    (Compare("employees", ">", Decimal(10)), Not(Compare("org-type", "=", "large-pharma")))
                ),
            ),
            Question(
                "contribution",
                "matrix",
                bi("Bidrag", "Contribution"),
                group="needs",
                rows=areas[:2],
                columns=[
                    Column("offered", bi("Kan bidra", "Can contribute"), "boolean"),
                    Column(
                        "capacity", bi("Kapacitet per år", "Capacity per year"), "number", minimum=Decimal(0)
                    ),
                    Column("how", bi("Hur", "How"), "text"),
                    Column(
                        "agree",
                        bi("Håller med", "Agree"),
                        "single",
                        choices=[Option("yes", bi("Ja", "Yes")), Option("no", bi("Nej", "No"))],
                    ),
                ],
                condition=Selected("hard-to-find", "clinical-trials"),
            ),
            Question(
                "unticked",
                "text",
                bi("Om inte", "If not"),
                group="needs",
                condition=Not(Selected("hard-to-find", "cell-molecular-biology")),
            ),
            Question(
                "comments",
                "text",
                bi("Kommentarer", "Comments"),
                help=bi("Fritt", "Free"),
                multiline=True,
                group="needs",
                condition=Answered("employees"),
            ),
        ],
    )
