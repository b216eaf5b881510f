"""Any label an instrument may hold survives every format: quotes, commas, pipes, brackets, markup."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kartlagg.surveys.interop import codes, lss, redcap, xlsform
from kartlagg.surveys.interop.form import Column, Form, Group, Option, Question

# Instrument texts are stripped when loaded, so labels never start or end with white space.
ALPHABET = st.sampled_from(
    list("abcXYZåäöÅ 019,.;:|'\"[]()<>&=-_/\\{}$*#%!?\n") + ["]]>", ": ", "–", "€", "漢"]
)
LABEL = st.lists(ALPHABET, min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)


def texts(label: str) -> dict[str, str]:
    return {"sv": label, "en": label[::-1].strip() or "x"}


@st.composite
def forms(draw: st.DrawFn) -> Form:
    labels = [draw(LABEL) for _ in range(9)]
    options = [Option(f"opt-{i}", texts(labels[i])) for i in range(3)]
    return Form(
        "prop",
        texts(labels[3]),
        ["sv", "en"],
        groups=[Group("g-1", texts(labels[4]), texts(labels[5]))],
        questions=[
            Question(
                "single-q", "single", texts(labels[6]), help=texts(labels[7]), group="g-1", choices=options
            ),
            Question("multi-q", "multiple", texts(labels[8]), group="g-1", choices=options),
            Question("range-q", "range", texts(labels[0]), group="g-1", minimum=Decimal(0)),
            Question(
                "matrix-q",
                "matrix",
                texts(labels[1]),
                group="g-1",
                rows=[Option("r-1", texts(labels[2])), Option("r-2", texts(labels[5]))],
                columns=[
                    Column("c-1", texts(labels[6]), "range"),
                    Column("c-2", texts(labels[7]), "single", choices=options),
                ],
            ),
        ],
    )


def _labels(form: Form) -> list[object]:
    out: list[object] = [form.title, [(g.label, g.description) for g in form.groups]]
    for q in form.questions:
        out.append((q.label, q.help, [c.label for c in q.choices], [r.label for r in q.rows]))
        out.append([(c.label, [o.label for o in c.choices]) for c in q.columns])
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms())
def test_labels_survive_limesurvey(form: Form) -> None:
    back = codes.decode(lss.read_lss(lss.write_lss(form)).form, lss.lss_code_map(form))
    assert _labels(back) == _labels(form)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms())
def test_labels_survive_redcap(form: Form) -> None:
    back = codes.decode(
        redcap.read_dictionary(redcap.write_dictionary(form)).form, redcap.redcap_code_map(form)
    )
    assert _labels(back) == _labels(form)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms())
def test_labels_survive_xlsform(form: Form) -> None:
    back = codes.decode(
        xlsform.read_xlsform(xlsform.write_xlsform(form)).form, xlsform.xlsform_code_map(form)
    )
    assert _labels(back) == _labels(form)
