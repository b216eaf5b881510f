"""Questionnaires as data: schema (dataclasses), answers (validation, conditions), loader (YAML).

Plain Python: no models, no views. Exporters and importers build on `instrument_to_dict` /
`instrument_from_dict` and the answer shapes documented in `answers`.
"""

from kartlagg.surveys.instrument.answers import (
    AnswerError,
    Validation,
    answers_from_form,
    clean_answer,
    format_range,
    parse_range,
    validate_complete,
    validate_partial,
    visible_questions,
)
from kartlagg.surveys.instrument.loader import (
    ATMP_DEMAND,
    instrument_hash,
    load_instrument_file,
    load_shipped_instrument,
)
from kartlagg.surveys.instrument.schema import (
    CELL_TYPES,
    QUESTION_TYPES,
    Column,
    Condition,
    Instrument,
    InstrumentError,
    Option,
    Question,
    Section,
    Text,
    instrument_from_dict,
    instrument_to_dict,
)

__all__ = [
    "ATMP_DEMAND", "CELL_TYPES", "QUESTION_TYPES", "AnswerError", "Column", "Condition", "Instrument",
    "InstrumentError", "Option", "Question", "Section", "Text", "Validation", "answers_from_form",
    "clean_answer", "format_range", "instrument_from_dict", "instrument_hash", "instrument_to_dict",
    "load_instrument_file", "load_shipped_instrument", "parse_range", "validate_complete",
    "validate_partial", "visible_questions",
]  # fmt: skip
