"""Exporting instruments and importing foreign responses into a survey round.

Export: `instrument_export(instrument=..., format="lss"|"redcap"|"xlsform")` -> file bytes (export.py).

Import: `responses_import_file(round=..., path=...)` reads a LimeSurvey (.lsa, .lsr + structure, CSV)
or REDCap (CSV) export, checks every value against the round's instrument, finds each respondent's
organisation (by slug, then organisation number) and stores the answers through the surveys app's
own services (response_save_draft / response_submit, audited as "import"). All or nothing: the first
pass collects every fault (row and column named) and raises before anything is written; the writes
run in one transaction. Importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.db import transaction
from django.utils import translation

from kartlagg.organisations.models import Organisation
from kartlagg.surveys.instrument import Instrument, validate_complete, validate_partial
from kartlagg.surveys.interop import lss, redcap
from kartlagg.surveys.interop.answers import ResponseMapping
from kartlagg.surveys.interop.codes import CodeMap, apply_code_map, file_to_instrument_map, translate_columns
from kartlagg.surveys.interop.exceptions import MalformedFileError, Problem
from kartlagg.surveys.interop.export import EXPORT_FORMATS, SUFFIX, instrument_export
from kartlagg.surveys.interop.form import Form, ImportedResponse
from kartlagg.surveys.interop.instrument import answer_to_instrument, form_from_instrument

__all__ = [
    "EXPORT_FORMATS",
    "SUFFIX",
    "ImportResult",
    "guess_source",
    "instrument_export",
    "responses_import",
    "responses_import_file",
    "responses_read",
]

from kartlagg.surveys.models import ResponseStatus, Round, SurveyResponse
from kartlagg.surveys.policy import Actor
from kartlagg.surveys.services import response_save_draft, response_submit, round_invite

Source = Literal["limesurvey", "redcap"]
MAX_BYTES = 50 * 1024 * 1024  # a response export of a few dozen organisations is kilobytes


# ---- reading foreign responses (no database) --------------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MalformedFileError.single(name, 0, "", f"not UTF-8 text (line {line})") from exc


def guess_source(name: str, data: bytes) -> Source:
    suffix = Path(name).suffix.lower()
    if suffix in (".lsr", ".lsa"):
        return "limesurvey"
    if suffix == ".csv":
        header = next(csv.reader(io.StringIO(_decode(data[:65536], name).split("\n", 1)[0])), [])
        if {"submitdate", "startlanguage"} & set(header) or "token" in header:
            return "limesurvey"
        return "redcap"
    raise MalformedFileError.single(
        name, 0, "", "unknown kind of file: give a LimeSurvey .lsa/.lsr/.csv or a REDCap .csv"
    )


def _mapping(
    found: Form, columns: dict[str, tuple[str, str]], target: Form, cmap: CodeMap
) -> ResponseMapping:
    fmap = file_to_instrument_map(found, target, cmap)
    mapped_columns, values = translate_columns(columns, found, fmap)
    return ResponseMapping(apply_code_map(found, fmap), mapped_columns, values)


def responses_read(
    *,
    instrument: Instrument,
    data: bytes,
    name: str,
    source: Source | None = None,
    structure: bytes | None = None,
    structure_name: str = "structure",
    id_column: str = "",
    problems: list[Problem] | None = None,
) -> list[ImportedResponse]:
    """Responses from a foreign export, answers keyed by the instrument's codes (not yet checked by it).

    LimeSurvey: an .lsa archive holds its own structure; an .lsr needs the survey's .lss (`structure`);
    a CSV with question-code headings is read against the structure, or against the instrument's own
    export when none is given. REDCap: records CSV, read against the data dictionary given, or the
    instrument's own.
    """
    if len(data) > MAX_BYTES:
        raise MalformedFileError.single(name, 0, "", f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    target = form_from_instrument(instrument)
    source = source or guess_source(name, data)
    if source == "limesurvey":
        cmap = lss.lss_code_map(target)
        lsr_bytes: bytes | None = None
        if name.lower().endswith(".lsa"):
            lss_bytes, lsr_bytes = lss.open_lsa(data, name=name)
            parsed = lss.read_lss(lss_bytes, name=f"{name} (structure)")
        elif structure is not None:
            parsed = lss.read_lss(structure, name=structure_name)
        elif name.lower().endswith(".lsr"):
            raise MalformedFileError.single(
                name,
                0,
                "",
                "a .lsr names its columns by LimeSurvey ids: give the survey's .lss too, or the .lsa",
            )
        else:
            parsed = lss.read_lss(lss.write_lss(target), name=f"{instrument.id} (exported structure)")
        id_col = id_column or "token"
        if lsr_bytes is not None or name.lower().endswith(".lsr"):
            mapping = _mapping(parsed.form, parsed.columns, target, cmap)
            return lss.read_lsr(
                lsr_bytes if lsr_bytes is not None else data,
                parsed,
                name=name,
                id_column=id_col,
                mapping=mapping,
                problems=problems,
            )
        mapping = _mapping(parsed.form, parsed.code_columns | parsed.columns, target, cmap)
        return lss.read_response_csv(
            _decode(data, name), parsed, name=name, id_column=id_col, mapping=mapping, problems=problems
        )
    rc_map = redcap.redcap_code_map(target)
    dictionary = (
        _decode(structure, structure_name) if structure is not None else redcap.write_dictionary(target)
    )
    parsed_rc = redcap.read_dictionary(
        dictionary, name=structure_name if structure is not None else f"{instrument.id} (exported dictionary)"
    )
    mapping = _mapping(parsed_rc.form, parsed_rc.columns, target, rc_map)
    return redcap.read_records(
        _decode(data, name), parsed_rc, name=name, id_column=id_column, mapping=mapping, problems=problems
    )


# ---- storing them in a round ------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0  # responses that had no answers before
    updated: int = 0
    unchanged: int = 0
    submitted: int = 0
    drafts: int = 0
    organisations: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.organisations)} responses: {self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.submitted} submitted, {self.drafts} drafts"
        )


def _organisations(keys: Iterable[str]) -> dict[str, Organisation]:
    wanted = set(keys)
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=wanted)}
    missing = wanted - set(found)
    if missing:
        for org in Organisation.objects.filter(org_number__in=missing).exclude(org_number=""):
            found.setdefault(org.org_number, org)
    return found


def _field(response: ImportedResponse, path: str) -> str:
    source = response.sources.get(path) or response.sources.get(path.split(".")[0])
    return f"{source} ({path})" if source else path


def responses_import(
    *,
    round: Round,
    responses: list[ImportedResponse],
    name: str,
    actor: Actor | None = None,
    problems: list[Problem] | None = None,
) -> ImportResult:
    """Store checked responses in the round; refused whole (MalformedFileError) on any fault.

    `problems` may bring faults the reader already found, so that one refusal lists them all.
    """
    instrument = round.instrument.instrument
    problems = list(problems or [])
    if not round.accepts_answers:
        problems.append(Problem(name, 0, "", f"round {round.pk} ({round}) is not open for answers"))
    orgs = _organisations(r.respondent for r in responses if r.respondent)
    existing = {r.organisation_id: r for r in SurveyResponse.objects.filter(round=round)}
    plans: list[tuple[ImportedResponse, Organisation, dict[str, Any]]] = []
    seen: dict[int, int] = {}
    for response in responses:
        org = orgs.get(response.respondent)
        if org is None:
            problems.append(
                Problem(
                    name,
                    response.row,
                    response.respondent_field or "respondent",
                    f"{response.respondent!r} is no organisation's slug or organisation number",
                )
            )
            continue
        if org.pk in seen:
            problems.append(
                Problem(
                    name,
                    response.row,
                    response.respondent_field or "respondent",
                    f"{org.slug} already answers in row {seen[org.pk]}",
                )
            )
            continue
        seen[org.pk] = response.row
        raw = {q: answer_to_instrument(v) for q, v in response.answers.items()}
        # The refusal is written in English like the rest of the interop messages (not a mix).
        with translation.override("en"):
            check = validate_partial(instrument, raw)
        for path, message in check.errors.items():
            problems.append(Problem(name, response.row, _field(response, path), message))
        cleaned = {q: v for q, v in check.cleaned.items() if v is not None}
        if response.submitted and check.ok:
            with translation.override("en"):
                complete = validate_complete(instrument, cleaned)
            for path, message in complete.errors.items():
                problems.append(
                    Problem(
                        name, response.row, _field(response, path), f"{message} (the row is marked complete)"
                    )
                )
            cleaned = complete.cleaned
        stored = existing.get(org.pk)
        if (
            stored is not None
            and stored.status == ResponseStatus.SUBMITTED
            and (stored.answers != cleaned or not response.submitted)
        ):
            problems.append(
                Problem(
                    name,
                    response.row,
                    response.respondent_field or "respondent",
                    f"{org.slug} already submitted other answers in this round; reopen that response first",
                )
            )
        plans.append((response, org, cleaned))
    if problems:
        raise MalformedFileError(sorted(problems, key=lambda p: p.row))  # stable: file order within a row
    actor = actor or Actor(label=f"import {Path(name).name}"[:250], via="import")
    result = ImportResult()
    with transaction.atomic():
        round_invite(
            round=round, organisations=[org for _, org, _ in plans], base_url="", contacts=[], send=False
        )
        for response, org, cleaned in plans:
            stored = SurveyResponse.objects.get(round=round, organisation=org)
            result.organisations.append(org.slug)
            if stored.status == ResponseStatus.SUBMITTED:
                result.unchanged += 1  # identical answers, already submitted: checked above
                result.submitted += 1
                continue
            before = dict(stored.answers)
            updates = {q.id: cleaned.get(q.id) for q in instrument.questions}
            language = response.language if response.language in ("sv", "en") else ""
            response_save_draft(response=stored, raw_answers=updates, actor=actor, language=language)
            if response.submitted:
                validation = response_submit(response=stored, actor=actor)
                if not validation.ok:  # checked above; a change in the instrument code would land here
                    raise MalformedFileError(
                        [Problem(name, response.row, k, v) for k, v in validation.errors.items()]
                    )
            changed = before != cleaned or response.submitted
            if not before:
                result.created += 1
            elif changed:
                result.updated += 1
            else:
                result.unchanged += 1
            result.submitted += int(response.submitted)
            result.drafts += int(not response.submitted)
    return result


def responses_import_file(
    *,
    round: Round,
    path: Path,
    source: Source | None = None,
    structure_path: Path | None = None,
    id_column: str = "",
    actor: Actor | None = None,
) -> ImportResult:
    """Read, check and store a foreign response export (see `responses_read` and `responses_import`)."""
    try:
        data = path.read_bytes()
        structure = structure_path.read_bytes() if structure_path is not None else None
    except OSError as exc:
        raise MalformedFileError.single(str(path), 0, "", f"cannot read ({exc.strerror})") from exc
    problems: list[Problem] = []
    responses = responses_read(
        instrument=round.instrument.instrument,
        data=data,
        name=path.name,
        source=source,
        structure=structure,
        structure_name=structure_path.name if structure_path else "structure",
        id_column=id_column,
        problems=problems,
    )
    if not responses and not problems:
        raise MalformedFileError.single(path.name, 0, "", "no responses in the file")
    return responses_import(round=round, responses=responses, name=path.name, actor=actor, problems=problems)
