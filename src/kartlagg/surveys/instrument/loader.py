"""Reading instruments from YAML files; the shipped ones live in kartlagg/data/instruments/."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

from kartlagg.surveys.instrument.schema import (
    Instrument,
    InstrumentError,
    instrument_from_dict,
    instrument_to_dict,
)

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "data" / "instruments"
ATMP_DEMAND = "atmp-demand-2026"


def instrument_hash(instrument: Instrument) -> str:
    """A stable fingerprint of the definition (canonical JSON), used to tell versions apart."""
    canonical = json.dumps(
        instrument_to_dict(instrument), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_instrument_file(path: Path) -> Instrument:
    """Parse and check an instrument file (YAML or JSON); errors name the file and the line or field."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(f"{path}: cannot read ({exc})") from exc
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark is not None else str(path)
        raise InstrumentError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    return instrument_from_dict(raw, source=path.name)


def shipped_instrument_paths() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))


def load_shipped_instrument(instrument_id: str = ATMP_DEMAND) -> Instrument:
    path = SHIPPED_DIR / f"{instrument_id}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in shipped_instrument_paths())
        raise InstrumentError(f"no shipped instrument {instrument_id!r} (known: {known})")
    return load_instrument_file(path)
