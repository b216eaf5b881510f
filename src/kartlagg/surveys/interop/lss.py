"""LimeSurvey: survey structure (.lss) out and in, responses (.lsr, .lsa, CSV) in.

Written files follow LimeSurvey 6's layout (DBVersion 630, as in LimeSurvey's own 6.x exports):
<document> with LimeSurveyDocType, DBVersion, languages, answers, answer_l10ns, groups, group_l10ns,
questions, subquestions, question_l10ns, question_attributes, surveys, surveys_languagesettings,
themes, themes_inherited; every table as <fields><fieldname/>...</fields><rows><row/>...</rows>.
Read files may be of any version from 1.9 on (DBVersion 177): older ones keep texts and a language
column in the main tables instead of the *_l10ns tables.

kartlagg -> LimeSurvey question types:
  number N (numerical input); range K (multiple numerical, subquestions min/max, css class
  "kartlagg-range"); single L (list, radio); multiple M; text S or T (multi-line);
  matrix of numbers ":" (array numbers, input boxes), of ranges ":" with columns <col>min/<col>max
  and css class "kartlagg-range"; matrix of single choices F (array).
Conditions become relevance equations (see conditions.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from kartlagg.surveys.interop import conditions
from kartlagg.surveys.interop.answers import Cell, ResponseMapping, assemble
from kartlagg.surveys.interop.codes import LIMESURVEY, CodeMap, apply_code_map, build_code_map
from kartlagg.surveys.interop.exceptions import MalformedFileError, Problem
from kartlagg.surveys.interop.form import Column, Form, Group, ImportedResponse, Option, Question, Texts

DB_VERSION = 630

FROM: Texts = {"sv": "Från", "en": "From"}
TO: Texts = {"sv": "Till", "en": "To"}
RANGE_CLASS = "kartlagg-range"
MATRIX_CLASS = "kartlagg-matrix"
ARRAY_COLUMN = "value"  # the one column of a LimeSurvey array read as a matrix
COLUMN_CLASS = "kartlagg-column"
REQUIRED_CLASS = "kartlagg-required"
# A matrix column's cell kind -> the LimeSurvey question type (and theme) that holds it for every row.
_COLUMN_TYPES = {
    "number": ("K", "multiplenumeric"),
    "range": (":", "arrays/multiflexi"),
    "boolean": ("M", "multiplechoice"),
    "text": ("Q", "multipleshorttext"),
    "single": ("F", "arrays/array"),
}

# Field lists as LimeSurvey 6 (DBVersion 630) writes them.
GROUP_FIELDS = ["gid", "sid", "group_order", "randomization_group", "grelevance"]
GROUP_L10N_FIELDS = [
    "id",
    "gid",
    "group_name",
    "description",
    "language",
    "sid",
    "group_order",
    "randomization_group",
    "grelevance",
]
QUESTION_FIELDS = [
    "qid",
    "parent_qid",
    "sid",
    "gid",
    "type",
    "title",
    "preg",
    "other",
    "mandatory",
    "encrypted",
    "question_order",
    "scale_id",
    "same_default",
    "relevance",
    "question_theme_name",
    "modulename",
    "same_script",
]
QUESTION_L10N_FIELDS = ["id", "qid", "question", "help", "script", "language"]
ATTRIBUTE_FIELDS = ["qid", "attribute", "value", "language"]
ANSWER_FIELDS = ["aid", "qid", "code", "sortorder", "assessment_value", "scale_id"]
ANSWER_L10N_FIELDS = ["id", "aid", "answer", "language"]
SURVEY_FIELDS = [
    "sid",
    "gsid",
    "admin",
    "expires",
    "startdate",
    "adminemail",
    "anonymized",
    "format",
    "savetimings",
    "template",
    "language",
    "additional_languages",
    "datestamp",
    "usecookie",
    "allowregister",
    "allowsave",
    "autonumber_start",
    "autoredirect",
    "allowprev",
    "printanswers",
    "ipaddr",
    "ipanonymize",
    "refurl",
    "showsurveypolicynotice",
    "publicstatistics",
    "publicgraphs",
    "listpublic",
    "htmlemail",
    "sendconfirmation",
    "tokenanswerspersistence",
    "assessments",
    "usecaptcha",
    "usetokens",
    "bounce_email",
    "attributedescriptions",
    "emailresponseto",
    "emailnotificationto",
    "tokenlength",
    "showxquestions",
    "showgroupinfo",
    "shownoanswer",
    "showqnumcode",
    "bouncetime",
    "bounceprocessing",
    "bounceaccounttype",
    "bounceaccounthost",
    "bounceaccountpass",
    "bounceaccountencryption",
    "bounceaccountuser",
    "showwelcome",
    "showprogress",
    "questionindex",
    "navigationdelay",
    "nokeyboard",
    "alloweditaftercompletion",
    "googleanalyticsstyle",
    "googleanalyticsapikey",
    "tokenencryptionoptions",
]
SURVEY_LANG_FIELDS = [
    "surveyls_survey_id",
    "surveyls_policy_error",
    "surveyls_email_invite_subj",
    "surveyls_email_invite",
    "surveyls_email_remind_subj",
    "surveyls_email_remind",
    "surveyls_email_register_subj",
    "surveyls_email_register",
    "surveyls_email_confirm_subj",
    "surveyls_email_confirm",
    "surveyls_dateformat",
    "surveyls_attributecaptions",
    "surveyls_alias",
    "email_admin_notification_subj",
    "email_admin_notification",
    "email_admin_responses_subj",
    "email_admin_responses",
    "surveyls_numberformat",
    "attachments",
    "surveyls_language",
    "surveyls_title",
    "surveyls_description",
    "surveyls_welcometext",
    "surveyls_endtext",
    "surveyls_policy_notice",
    "surveyls_policy_notice_label",
    "surveyls_url",
    "surveyls_urldescription",
]

# Survey settings: "I" = inherit the site default, as LimeSurvey writes a new survey. Tokens are on
# because each organisation answers through its own invitation (the token identifies it on import).
SURVEY_DEFAULTS = {
    "gsid": "1",
    "admin": "inherit",
    "adminemail": "inherit",
    "anonymized": "N",
    "format": "G",
    "savetimings": "I",
    "template": "inherit",
    "datestamp": "Y",
    "usecookie": "I",
    "allowregister": "N",
    "allowsave": "Y",
    "autonumber_start": "0",
    "autoredirect": "I",
    "allowprev": "Y",
    "printanswers": "I",
    "ipaddr": "N",
    "ipanonymize": "Y",
    "refurl": "N",
    "showsurveypolicynotice": "0",
    "publicstatistics": "N",
    "publicgraphs": "N",
    "listpublic": "N",
    "htmlemail": "I",
    "sendconfirmation": "I",
    "tokenanswerspersistence": "Y",
    "assessments": "N",
    "usecaptcha": "N",
    "usetokens": "Y",
    "bounce_email": "inherit",
    "emailresponseto": "inherit",
    "emailnotificationto": "inherit",
    "tokenlength": "-1",
    "showxquestions": "I",
    "showgroupinfo": "I",
    "shownoanswer": "I",
    "showqnumcode": "I",
    "bounceprocessing": "N",
    "showwelcome": "I",
    "showprogress": "I",
    "questionindex": "-1",
    "navigationdelay": "-1",
    "nokeyboard": "I",
    "alloweditaftercompletion": "Y",
}


# ---- writing ----------------------------------------------------------------------------------------


def _cdata(text: str) -> str:
    # "]]>" cannot stand inside CDATA: split it across two sections, as LimeSurvey's XMLWriter does.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


class _XmlOut:
    def __init__(self) -> None:
        self.parts: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n<document>\n']

    def simple(self, tag: str, text: str) -> None:
        self.parts.append(f" <{tag}>{text}</{tag}>\n")

    def languages(self, languages: list[str]) -> None:
        self.parts.append(" <languages>\n")
        for lang in languages:
            self.parts.append(f"  <language>{lang}</language>\n")
        self.parts.append(" </languages>\n")

    def table(self, name: str, fields: list[str], rows: list[dict[str, str]]) -> None:
        if not rows:
            return  # LimeSurvey leaves empty tables out
        out = self.parts
        out.append(f" <{name}>\n  <fields>\n")
        out.extend(f"   <fieldname>{f}</fieldname>\n" for f in fields)
        out.append("  </fields>\n  <rows>\n")
        for row in rows:
            out.append("   <row>\n")
            for f in fields:
                value = row.get(f, "")
                out.append(f"    <{f}>{_cdata(value)}</{f}>\n" if value != "" else f"    <{f}/>\n")
            out.append("   </row>\n")
        out.append(f"  </rows>\n </{name}>\n")

    def raw(self, text: str) -> None:
        self.parts.append(text)

    def done(self) -> bytes:
        self.parts.append("</document>\n")
        return "".join(self.parts).encode("utf-8")


def survey_id_for(form: Form) -> int:
    """A stable six-digit survey id (LimeSurvey renumbers on import if it is taken)."""
    digest = int(hashlib.sha256(form.code.encode()).hexdigest(), 16)
    return 100000 + digest % 900000


def lss_code_map(form: Form) -> CodeMap:
    cmap = build_code_map(form, LIMESURVEY)
    # LimeSurvey groups have no code, only an id: the writer numbers them 1, 2, ... and the reader
    # names them G<id>, so that is the code they carry through a file.
    cmap.groups = {g.code: f"G{i}" for i, g in enumerate(form.groups, start=1)}
    return cmap


def _num(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _text(texts: Texts, lang: str) -> str:
    return texts.get(lang, "")


def write_lss(form: Form) -> bytes:
    """The instrument as a LimeSurvey 6 survey structure file."""
    coded = apply_code_map(form, lss_code_map(form))
    sid = str(survey_id_for(form))
    langs = coded.languages
    out = _XmlOut()
    out.simple("LimeSurveyDocType", "Survey")
    out.simple("DBVersion", str(DB_VERSION))
    out.languages(langs)

    groups = coded.groups or [Group("main", dict(coded.title))]
    gids = {g.code: str(i) for i, g in enumerate(groups, start=1)}
    Rows = list[dict[str, str]]
    group_rows: Rows = []
    group_l10n: Rows = []
    for order, group in enumerate(groups, start=1):
        base = {
            "gid": gids[group.code],
            "sid": sid,
            "group_order": str(order),
            "randomization_group": "",
            "grelevance": "1",
        }
        group_rows.append(base)
        for lang in langs:
            group_l10n.append(
                base
                | {
                    "id": str(len(group_l10n) + 1),
                    "group_name": _text(group.label, lang) or group.code,
                    "description": _text(group.description, lang),
                    "language": lang,
                }
            )

    questions: Rows = []
    subquestions: Rows = []
    l10n: Rows = []
    attributes: Rows = []
    answers: Rows = []
    answer_l10n: Rows = []
    next_qid = 1

    def add_l10n(qid: str, label: Texts, help_: Texts) -> None:
        for lang in langs:
            l10n.append(
                {
                    "id": str(len(l10n) + 1),
                    "qid": qid,
                    "question": _text(label, lang),
                    "help": _text(help_, lang),
                    "script": "",
                    "language": lang,
                }
            )

    def add_attr(qid: str, name: str, value: str) -> None:
        attributes.append({"qid": qid, "attribute": name, "value": value, "language": ""})

    def add_sub(parent: dict[str, str], code: str, label: Texts, order: int, scale: int) -> None:
        nonlocal next_qid
        qid = str(next_qid)
        next_qid += 1
        row = dict(parent) | {
            "qid": qid,
            "parent_qid": parent["qid"],
            "title": code,
            "question_order": str(order),
            "scale_id": str(scale),
            "mandatory": "",
            "relevance": "1",
            "other": "N",
        }
        subquestions.append(row)
        add_l10n(qid, label, {})

    default_gid = gids[groups[0].code]
    order = 0

    def add_question(
        q_code: str,
        ls_type: str,
        theme: str,
        gid: str,
        label: Texts,
        help_: Texts,
        required: bool,
        relevance: str,
    ) -> dict[str, str]:
        nonlocal next_qid, order
        qid = str(next_qid)
        next_qid += 1
        order += 1
        row = {
            "qid": qid,
            "parent_qid": "0",
            "sid": sid,
            "gid": gid,
            "type": ls_type,
            "title": q_code,
            "preg": "",
            "other": "N",
            "mandatory": "Y" if required else "N",
            "encrypted": "N",
            "question_order": str(order),
            "scale_id": "0",
            "same_default": "0",
            "relevance": relevance,
            "question_theme_name": theme,
            "modulename": "",
            "same_script": "0",
        }
        questions.append(row)
        add_l10n(qid, label, help_)
        return row

    def add_answers(qid: str, options: list[Option]) -> None:
        for i, choice in enumerate(options, start=1):
            aid = str(len(answers) + 1)
            answers.append(
                {
                    "aid": aid,
                    "qid": qid,
                    "code": choice.code,
                    "sortorder": str(i),
                    "assessment_value": "0",
                    "scale_id": "0",
                }
            )
            for lang in langs:
                answer_l10n.append(
                    {
                        "id": str(len(answer_l10n) + 1),
                        "aid": aid,
                        "answer": _text(choice.label, lang),
                        "language": lang,
                    }
                )

    def add_bounds(
        qid: str, integer: bool, low: Decimal | None, high: Decimal | None, array: bool = False
    ) -> None:
        if integer:
            add_attr(qid, "num_value_int_only", "1")
        if low is not None:
            add_attr(qid, "multiflexible_min" if array else "min_num_value_n", _num(low))
        if high is not None:
            add_attr(qid, "multiflexible_max" if array else "max_num_value_n", _num(high))

    for q in coded.questions:
        gid = gids.get(q.group, default_gid)
        relevance = conditions.to_limesurvey(q.condition)
        if q.kind == "matrix":
            # A text display carrying the question, then one LimeSurvey question per column: a
            # LimeSurvey array holds one kind of cell, a kartlagg matrix one kind per column.
            head = add_question(q.code, "X", "boilerplate", gid, q.label, q.help, False, relevance)
            add_attr(head["qid"], "cssclass", MATRIX_CLASS + (f" {REQUIRED_CLASS}" if q.required else ""))
            for col in q.columns:
                ls_type, theme = _COLUMN_TYPES[col.cell]
                row = add_question(col.code, ls_type, theme, gid, col.label, {}, False, relevance)
                qid = row["qid"]
                add_attr(qid, "cssclass", COLUMN_CLASS + (f" {RANGE_CLASS}" if col.cell == "range" else ""))
                for i, r in enumerate(q.rows, start=1):
                    add_sub(row, r.code, r.label, i, 0)
                if col.cell == "number":
                    add_bounds(qid, col.integer, col.minimum, col.maximum)
                elif col.cell == "range":
                    add_attr(qid, "input_boxes", "1")
                    add_bounds(qid, col.integer, col.minimum, col.maximum, array=True)
                    add_sub(row, "min", FROM, 1, 1)
                    add_sub(row, "max", TO, 2, 1)
                elif col.cell == "single":
                    add_answers(qid, col.choices)
            continue
        ls_type, theme = _ls_type(q)
        row = add_question(q.code, ls_type, theme, gid, q.label, q.help, q.required, relevance)
        qid = row["qid"]
        if q.kind in ("number", "range"):
            add_bounds(qid, q.integer, q.minimum, q.maximum)
        if q.kind == "range":
            add_attr(qid, "cssclass", RANGE_CLASS)
            add_sub(row, "min", FROM, 1, 0)
            add_sub(row, "max", TO, 2, 0)
        elif q.kind == "multiple":
            for i, choice in enumerate(q.choices, start=1):
                add_sub(row, choice.code, choice.label, i, 0)
        elif q.kind == "single":
            add_answers(qid, q.choices)

    out.table("answers", ANSWER_FIELDS, answers)
    out.table("answer_l10ns", ANSWER_L10N_FIELDS, answer_l10n)
    out.table("groups", GROUP_FIELDS, group_rows)
    out.table("group_l10ns", GROUP_L10N_FIELDS, group_l10n)
    out.table("questions", QUESTION_FIELDS, questions)
    out.table("subquestions", QUESTION_FIELDS, subquestions)
    out.table("question_l10ns", QUESTION_L10N_FIELDS, l10n)
    out.table("question_attributes", ATTRIBUTE_FIELDS, attributes)
    survey = {f: "" for f in SURVEY_FIELDS} | SURVEY_DEFAULTS
    survey |= {"sid": sid, "language": langs[0], "additional_languages": " ".join(langs[1:])}
    out.table("surveys", SURVEY_FIELDS, [survey])
    lang_rows = []
    for lang in langs:
        lang_rows.append(
            {f: "" for f in SURVEY_LANG_FIELDS}
            | {
                "surveyls_survey_id": sid,
                "surveyls_language": lang,
                "surveyls_title": _text(coded.title, lang) or coded.code,
                "surveyls_dateformat": "6" if lang == "sv" else "9",  # 6 = yyyy-mm-dd, 9 = dd.mm.yyyy
                "surveyls_numberformat": "1" if lang == "sv" else "0",  # 1 = decimal comma
                "surveyls_alias": f"{coded.code}-{lang}" if lang != langs[0] else "",
            }
        )
    out.table("surveys_languagesettings", SURVEY_LANG_FIELDS, lang_rows)
    theme = "fruity_twentythree"
    for section in ("themes", "themes_inherited"):
        out.raw(
            f" <{section}>\n  <theme>\n   <sid>{sid}</sid>\n   <template_name>{theme}</template_name>\n"
            f"   <config>\n    <options>inherit</options>\n   </config>\n  </theme>\n </{section}>\n"
        )
    return out.done()


def _ls_type(q: Question) -> tuple[str, str]:
    if q.kind == "number":
        return "N", "numerical"
    if q.kind == "range":
        return "K", "multiplenumeric"
    if q.kind == "single":
        return "L", "listradio"
    if q.kind == "multiple":
        return "M", "multiplechoice"
    if q.kind == "text":
        return ("T", "longfreetext") if q.multiline else ("S", "shortfreetext")
    raise ValueError(f"question {q.code!r} of kind {q.kind!r} cannot be written to LimeSurvey")


# ---- reading structure ------------------------------------------------------------------------------


def _parse_xml(data: bytes, name: str) -> Element:
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise MalformedFileError.single(name, 0, "", f"refused unsafe XML ({type(exc).__name__})") from exc
    except SafeET.ParseError as exc:
        line, col = exc.position
        raise MalformedFileError.single(
            name, 0, "", f"not well-formed XML at line {line}, column {col}"
        ) from exc
    if root.tag != "document":
        raise MalformedFileError.single(
            name, 0, root.tag, "not a LimeSurvey file: the root element is not <document>"
        )
    return root


def _rows(root: Element, section: str) -> list[dict[str, str]]:
    node = root.find(f"{section}/rows")
    if node is None:
        return []
    return [
        {child.tag.lstrip("_") if child.tag.startswith("_") else child.tag: child.text or "" for child in row}
        for row in node.findall("row")
    ]


def _doc_type(root: Element, name: str, expected: str) -> int:
    doc_type = (root.findtext("LimeSurveyDocType") or "").strip()
    if doc_type != expected:
        raise MalformedFileError.single(
            name, 0, "LimeSurveyDocType", f"is {doc_type or 'missing'!r}, expected {expected!r}"
        )
    try:
        return int((root.findtext("DBVersion") or "").strip())
    except ValueError as exc:
        raise MalformedFileError.single(name, 0, "DBVersion", "missing or not a number") from exc


@dataclass
class LssStructure:
    """A parsed .lss: the neutral form plus what response files need (ids behind SGQA column names)."""

    form: Form
    survey_id: str
    db_version: int
    columns: dict[str, tuple[str, str]]  # SGQA response column -> (question code, part)
    code_columns: dict[str, tuple[str, str]]  # question-code CSV heading -> (question code, part)


# Array types whose answers LimeSurvey fixes itself (no <answers> rows).
_FIXED_ANSWERS: dict[str, list[tuple[str, Texts]]] = {
    "A": [(str(i), {"en": str(i)}) for i in range(1, 6)],
    "B": [(str(i), {"en": str(i)}) for i in range(1, 11)],
    "5": [(str(i), {"en": str(i)}) for i in range(1, 6)],
    "C": [
        ("Y", {"en": "Yes", "sv": "Ja"}),
        ("N", {"en": "No", "sv": "Nej"}),
        ("U", {"en": "Uncertain", "sv": "Osäker"}),
    ],
    "E": [
        ("I", {"en": "Increase", "sv": "Öka"}),
        ("S", {"en": "Same", "sv": "Samma"}),
        ("D", {"en": "Decrease", "sv": "Minska"}),
    ],
    "Y": [("Y", {"en": "Yes", "sv": "Ja"}), ("N", {"en": "No", "sv": "Nej"})],
    "G": [("F", {"en": "Female", "sv": "Kvinna"}), ("M", {"en": "Male", "sv": "Man"})],
}
_TYPE_NAMES = {
    "1": "array dual scale",
    ";": "array texts",
    "D": "date",
    "|": "file upload",
    "R": "ranking",
    "Q": "multiple short text",
    "*": "equation",
    "X": "text display",
    "I": "language switch",
    "K": "multiple numerical input",
    "P": "multiple choice with comments",
    "O": "list with comment",
}


def read_lss(data: bytes, *, name: str = "survey.lss") -> LssStructure:
    """Any LimeSurvey survey structure file (DBVersion 177 and later) as a neutral form."""
    root = _parse_xml(data, name)
    db_version = _doc_type(root, name, "Survey")
    languages = [
        (el.text or "").strip() for el in root.findall("languages/language") if (el.text or "").strip()
    ]
    surveys = _rows(root, "surveys")
    if not surveys:
        raise MalformedFileError.single(name, 0, "surveys", "the survey settings table is missing")
    survey = surveys[0]
    sid = survey.get("sid", "")
    base = survey.get("language", "") or (languages[0] if languages else "en")
    languages = [base] + [lang for lang in languages if lang != base]

    titles = {
        r.get("surveyls_language", ""): r.get("surveyls_title", "")
        for r in _rows(root, "surveys_languagesettings")
    }

    # Groups: texts in group_l10ns (LS 4+) or per-language rows in groups (older).
    group_texts: dict[str, tuple[Texts, Texts]] = {}
    group_order: dict[str, int] = {}
    for row in _rows(root, "groups") + _rows(root, "group_l10ns"):
        gid = row.get("gid", "")
        if "group_order" in row and gid not in group_order:
            group_order[gid] = _int(row.get("group_order", "0"))
        if "group_name" in row:
            label, desc = group_texts.setdefault(gid, ({}, {}))
            lang = row.get("language", base) or base
            label[lang] = row.get("group_name", "")
            if row.get("description"):
                desc[lang] = row["description"]

    # Questions and subquestions: one table (old) or two (LS 4+); texts inline (old) or in question_l10ns.
    q_rows: dict[str, dict[str, str]] = {}
    texts: dict[str, tuple[Texts, Texts]] = {}
    for row in _rows(root, "questions") + _rows(root, "subquestions"):
        qid = row.get("qid", "")
        q_rows.setdefault(qid, row)
        if "question" in row:
            label, help_ = texts.setdefault(qid, ({}, {}))
            lang = row.get("language", base) or base
            label[lang] = row.get("question", "")
            if row.get("help"):
                help_[lang] = row["help"]
    for row in _rows(root, "question_l10ns"):
        label, help_ = texts.setdefault(row.get("qid", ""), ({}, {}))
        lang = row.get("language", base) or base
        label[lang] = row.get("question", "")
        if row.get("help"):
            help_[lang] = row["help"]

    attrs: dict[str, dict[str, str]] = {}
    for row in _rows(root, "question_attributes"):
        attrs.setdefault(row.get("qid", ""), {})[row.get("attribute", "")] = row.get("value", "")

    # Answers: label inline (old) or in answer_l10ns by aid (LS 4+).
    answer_labels: dict[str, Texts] = {}
    for row in _rows(root, "answer_l10ns"):
        answer_labels.setdefault(row.get("aid", ""), {})[row.get("language", base) or base] = row.get(
            "answer", ""
        )
    answers: dict[str, dict[str, tuple[int, Texts]]] = {}  # qid -> code -> (order, labels)
    for row in _rows(root, "answers"):
        if row.get("scale_id", "0") not in ("", "0"):
            continue  # second scale of a dual-scale array: not something kartlagg asks
        entry = answers.setdefault(row.get("qid", ""), {})
        order, label = entry.get(row.get("code", ""), (_int(row.get("sortorder", "0")), {}))
        if "aid" in row:
            label = label | answer_labels.get(row["aid"], {})
        if "answer" in row:
            label[row.get("language", base) or base] = row.get("answer", "")
        entry[row.get("code", "")] = (order, label)

    parents = sorted(
        (r for r in q_rows.values() if r.get("parent_qid", "0") in ("", "0")),
        key=lambda r: (group_order.get(r.get("gid", ""), 0), _int(r.get("question_order", "0"))),
    )
    children: dict[str, list[dict[str, str]]] = {}
    for row in q_rows.values():
        if row.get("parent_qid", "0") not in ("", "0"):
            children.setdefault(row["parent_qid"], []).append(row)
    for subs in children.values():
        subs.sort(key=lambda r: _int(r.get("question_order", "0")))

    form = Form(code=sid, title={k: v for k, v in titles.items() if v}, languages=languages)
    for gid in sorted(group_texts, key=lambda g: group_order.get(g, 0)):
        label, desc = group_texts[gid]
        form.groups.append(Group(f"G{gid}", label, desc))
    columns: dict[str, tuple[str, str]] = {}
    code_columns: dict[str, tuple[str, str]] = {}
    relevance: dict[str, str] = {}
    matrix: Question | None = None  # the kartlagg matrix whose column questions follow
    for row in parents:
        qid = row.get("qid", "")
        label, help_ = texts.get(qid, ({}, {}))
        css = attrs.get(qid, {}).get("cssclass", "").split()
        subs = children.get(qid, [])
        sgqa = f"{sid}X{row.get('gid', '')}X{qid}"
        if COLUMN_CLASS in css and matrix is not None:
            column = _column_from_row(row, label, attrs.get(qid, {}), subs, answers.get(qid, {}), texts)
            matrix.columns.append(column)
            if not matrix.rows:
                matrix.rows = _options([s for s in subs if s.get("scale_id", "0") in ("", "0")], texts)
            for r in matrix.rows:
                ends = ("min", "max") if column.cell == "range" else ("",)
                for end in ends:
                    suffix = f"{r.code}_{end}" if end else r.code
                    part = f"{r.code}/{column.code}" + (f"/{end}" if end else "")
                    columns[sgqa + suffix] = (matrix.code, part)
                    code_columns[f"{column.code}[{suffix}]"] = (matrix.code, part)
            continue
        question = _question_from_row(
            row, label, help_, attrs.get(qid, {}), subs, answers.get(qid, {}), texts
        )
        relevance[question.code] = row.get("relevance", "")
        form.questions.append(question)
        matrix = question if MATRIX_CLASS in css else None
        if matrix is not None:
            question.kind, question.required = "matrix", REQUIRED_CLASS in css
            continue
        for suffix, heading, part in _response_columns(question, row.get("other", "N") == "Y"):
            columns[sgqa + suffix] = (question.code, part)
            code_columns[question.code + heading] = (question.code, part)
    kinds = {q.code: q.kind for q in form.questions}
    for question in form.questions:
        source = relevance.get(question.code, "")
        question.condition_source = source
        try:
            question.condition = conditions.parse(source, "limesurvey", kinds.get)
        except conditions.ConditionSyntaxError as exc:
            form.warnings.append(f"{question.code}: relevance {source!r} kept as text only ({exc})")
    return LssStructure(form, sid, db_version, columns, code_columns)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _dec(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _options(rows: list[dict[str, str]], texts: dict[str, tuple[Texts, Texts]]) -> list[Option]:
    return [Option(s.get("title", ""), dict(texts.get(s.get("qid", ""), ({}, {}))[0])) for s in rows]


def _bounds(attrs: dict[str, str]) -> tuple[bool, Decimal | None, Decimal | None]:
    return (
        attrs.get("num_value_int_only", "0") == "1",
        _dec(attrs.get("min_num_value_n") or attrs.get("multiflexible_min")),
        _dec(attrs.get("max_num_value_n") or attrs.get("multiflexible_max")),
    )


def _ordered_answers(answer_map: dict[str, tuple[int, Texts]]) -> list[Option]:
    return [Option(code, dict(lbl)) for code, (_, lbl) in sorted(answer_map.items(), key=lambda kv: kv[1][0])]


def _column_from_row(
    row: dict[str, str],
    label: Texts,
    attrs: dict[str, str],
    subs: list[dict[str, str]],
    answer_map: dict[str, tuple[int, Texts]],
    texts: dict[str, tuple[Texts, Texts]],
) -> Column:
    """One column of a kartlagg matrix, written as a LimeSurvey question of its own."""
    cell = {"K": "number", ":": "range", "M": "boolean", "Q": "text", "F": "single"}.get(
        row.get("type", ""), "text"
    )
    integer, low, high = _bounds(attrs)
    column = Column(row.get("title", ""), dict(label), cell)  # type: ignore[arg-type]
    if cell in ("number", "range"):
        column.integer, column.minimum, column.maximum = integer, low, high
    if cell == "single":
        column.choices = _ordered_answers(answer_map)
    return column


def _question_from_row(
    row: dict[str, str],
    label: Texts,
    help_: Texts,
    attrs: dict[str, str],
    subs: list[dict[str, str]],
    answer_map: dict[str, tuple[int, Texts]],
    texts: dict[str, tuple[Texts, Texts]],
) -> Question:
    ls_type = row.get("type", "")
    q = Question(
        code=row.get("title", ""),
        kind="unsupported",
        label=dict(label),
        help=dict(help_),
        required=row.get("mandatory", "N") == "Y",
        group=f"G{row.get('gid', '')}",
        source_type=ls_type,
    )
    css = attrs.get("cssclass", "").split()
    integer, low, high = _bounds(attrs)
    if ls_type in ("N", "K"):
        q.integer, q.minimum, q.maximum = integer, low, high
    scale0 = [s for s in subs if s.get("scale_id", "0") in ("", "0")]
    scale1 = [s for s in subs if s.get("scale_id", "0") == "1"]
    if ls_type == "N":
        q.kind = "number"
    elif ls_type == "K" and (RANGE_CLASS in css or {s.get("title") for s in scale0} == {"min", "max"}):
        q.kind = "range"
    elif ls_type in ("L", "!", "O"):
        q.kind, q.choices = "single", _ordered_answers(answer_map)
    elif ls_type in ("5", "Y", "G"):
        q.kind, q.choices = "single", [Option(c, dict(lbl)) for c, lbl in _FIXED_ANSWERS[ls_type]]
    elif ls_type in ("M", "P"):
        q.kind, q.choices = "multiple", _options(scale0, texts)
    elif ls_type in ("S", "T", "U"):
        q.kind, q.multiline = "text", ls_type != "S"
    elif ls_type == ":":
        # An array of numbers: each LimeSurvey column a number column.
        q.kind, q.rows = "matrix", _options(scale0, texts)
        q.columns = [Column(c.code, c.label, "number", integer, low, high) for c in _options(scale1, texts)]
    elif ls_type in ("F", "H", "A", "B", "C", "E"):
        choices = (
            _ordered_answers(answer_map)
            if ls_type in ("F", "H")
            else [Option(c, dict(lbl)) for c, lbl in _FIXED_ANSWERS[ls_type]]
        )
        q.kind, q.rows = "matrix", _options(scale0, texts)
        q.columns = [Column(ARRAY_COLUMN, {}, "single", choices=choices)]
    elif ls_type == "K":
        q.kind, q.rows = "matrix", _options(scale0, texts)
        q.columns = [Column(ARRAY_COLUMN, {}, "number", integer, low, high)]
    elif ls_type == "Q":
        q.kind, q.rows = "matrix", _options(scale0, texts)
        q.columns = [Column(ARRAY_COLUMN, {}, "text")]
    else:
        q.rows = _options(scale0, texts)
    if q.kind == "unsupported" and ls_type != "X":
        q.source_type = f"{ls_type} ({_TYPE_NAMES.get(ls_type, 'unknown type')})"
    return q


def _response_columns(q: Question, other: bool) -> Iterable[tuple[str, str, str]]:
    """(SGQA suffix, question-code heading suffix, part) for each response column of a question."""
    if q.kind in ("number", "single", "text"):
        yield "", "", ""
    elif q.kind == "range":
        yield "min", "[min]", "min"
        yield "max", "[max]", "max"
    elif q.kind == "multiple":
        for choice in q.choices:
            yield choice.code, f"[{choice.code}]", choice.code
    elif q.kind == "matrix":
        for r in q.rows:
            for col in q.columns:
                if col.code == ARRAY_COLUMN:  # one LimeSurvey column per row: Q1[SQ001]
                    yield r.code, f"[{r.code}]", f"{r.code}/{col.code}"
                else:  # array of numbers: Q1[SQ001_SQ002]
                    yield f"{r.code}_{col.code}", f"[{r.code}_{col.code}]", f"{r.code}/{col.code}"
    elif q.source_type.startswith("*"):
        yield "", "", "computed"  # an equation's value is computed by LimeSurvey, not answered
    elif q.source_type.startswith("X"):
        return  # text display has no column
    else:
        yield "", "", "?"
        for r in q.rows:
            yield r.code, f"[{r.code}]", "?"
    if other:
        yield "other", "[other]", "other"
    if q.source_type.startswith(("O", "P")):
        yield "comment", "[comment]", "comment"


# ---- reading responses ------------------------------------------------------------------------------

# Columns LimeSurvey adds to every response table; never answers.
SYSTEM_COLUMNS = {
    "id",
    "token",
    "submitdate",
    "lastpage",
    "startlanguage",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
    "seed",
    "interviewtime",
    "lastname",
    "firstname",
    "email",
}


def _responses_from_rows(
    rows: list[dict[str, str]],
    mapping: ResponseMapping,
    *,
    name: str,
    id_column: str,
    problems: list[Problem] | None = None,
) -> list[ImportedResponse]:
    """Read rows; faults go to `problems` when given (the caller raises), else raise here."""
    collect = problems is not None
    problems = problems if problems is not None else []
    form, columns = mapping.form, mapping.columns
    kinds = {q.code: q for q in form.questions}
    responses: list[ImportedResponse] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        cells: list[Cell] = []
        for column, value in row.items():
            if column in SYSTEM_COLUMNS or (column not in columns and column.lower().endswith("time")):
                continue  # LimeSurvey's own bookkeeping and timing columns
            key = columns.get(column)
            if key is None:
                if value.strip():
                    problems.append(
                        Problem(name, number, column, "this column matches no question of the instrument")
                    )
                continue
            question = kinds.get(key[0])
            if key[1] == "computed":
                continue
            if question is None or key[1] in ("?", "other", "comment") or question.kind == "unsupported":
                if value.strip():
                    what = {"other": "an 'other' text", "comment": "a comment"}.get(key[1], "an answer")
                    problems.append(Problem(name, number, column, f"{what} the instrument has no place for"))
                continue
            cells.append(mapping.cell(column, key[0], key[1], value))
        sources: dict[str, str] = {}
        answers = assemble(form, cells, file=name, row=number, problems=problems, sources=sources)
        respondent = (row.get(id_column) or "").strip()
        if not respondent:
            problems.append(
                Problem(
                    name,
                    number,
                    id_column,
                    "no respondent identifier (each organisation answers with its own token)",
                )
            )
        elif respondent in seen:
            problems.append(
                Problem(name, number, id_column, f"{respondent!r} already answered in row {seen[respondent]}")
            )
        else:
            seen[respondent] = number
        responses.append(
            ImportedResponse(
                row=number,
                respondent=respondent,
                answers=answers,
                submitted=bool((row.get("submitdate") or "").strip()),
                language=(row.get("startlanguage") or "").strip(),
                sources=sources,
                respondent_field=id_column,
            )
        )
    if problems and not collect:
        raise MalformedFileError(problems)
    return responses


def read_lsr(
    data: bytes,
    structure: LssStructure,
    *,
    name: str = "responses.lsr",
    id_column: str = "token",
    mapping: ResponseMapping | None = None,
    problems: list[Problem] | None = None,
) -> list[ImportedResponse]:
    """A LimeSurvey response file (.lsr): columns are named {sid}X{gid}X{qid}{sub} after the structure.

    Without `mapping` the answers keep the structure's own codes; services pass one that lands them on
    the instrument's (see codes.file_to_instrument_map)."""
    root = _parse_xml(data, name)
    _doc_type(root, name, "Responses")
    fields = [(f.text or "").strip() for f in root.findall("responses/fields/fieldname")]
    unknown_sid = [
        f for f in fields if re.fullmatch(r"\d+X\d+X.*", f) and not f.startswith(structure.survey_id + "X")
    ]
    if unknown_sid:
        raise MalformedFileError.single(
            name,
            0,
            unknown_sid[0],
            f"belongs to another survey than {structure.survey_id} (give the matching .lss)",
        )
    rows = []
    for row in root.findall("responses/rows/row"):
        values = {f: "" for f in fields}
        for child in row:
            tag = child.tag[1:] if child.tag.startswith("_") else child.tag
            values[tag] = child.text or ""
        rows.append(values)
    mapping = mapping or ResponseMapping(structure.form, structure.columns)
    return _responses_from_rows(rows, mapping, name=name, id_column=id_column, problems=problems)


def open_lsa(data: bytes, *, name: str = "survey.lsa") -> tuple[bytes, bytes]:
    """The .lss and .lsr inside a LimeSurvey survey archive (.lsa, a zip)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise MalformedFileError.single(name, 0, "", "not a LimeSurvey archive (not a zip file)") from exc
    names = archive.namelist()
    lss = [n for n in names if n.endswith(".lss")]
    lsr = [n for n in names if n.endswith(".lsr")]
    if len(lss) != 1 or len(lsr) != 1:
        raise MalformedFileError.single(name, 0, "", f"expected one .lss and one .lsr inside, found {names}")
    for member in (lss[0], lsr[0]):
        if archive.getinfo(member).file_size > 200 * 1024 * 1024:
            raise MalformedFileError.single(name, 0, member, "too large (over 200 MB unpacked)")
    return archive.read(lss[0]), archive.read(lsr[0])


def read_response_csv(
    text: str,
    structure: LssStructure,
    *,
    name: str = "responses.csv",
    id_column: str = "token",
    mapping: ResponseMapping | None = None,
    problems: list[Problem] | None = None,
) -> list[ImportedResponse]:
    """LimeSurvey's CSV export with "question code" headings (Q1, Q2[SQ001], Q3[row_col]) and answer codes.

    SGQA headings ({sid}X{gid}X{qid}...) are read too. Full-text headings are refused: they are not unique.
    """
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    if reader.fieldnames is None:
        raise MalformedFileError.single(name, 0, "", "empty file")
    if mapping is None:
        mapping = ResponseMapping(structure.form, dict(structure.code_columns) | dict(structure.columns))
    rows = []
    for number, row in enumerate(reader, start=1):
        if None in row:
            raise MalformedFileError.single(name, number, "", "more values than headings")
        rows.append({k: v or "" for k, v in row.items()})
    return _responses_from_rows(rows, mapping, name=name, id_column=id_column, problems=problems)
