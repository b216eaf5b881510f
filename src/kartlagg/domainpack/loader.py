"""Load and validate a domain pack folder. All-or-nothing: any problem refuses the whole pack."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kartlagg.domainpack.exceptions import DomainPackError, PackProblem
from kartlagg.domainpack.model import LABEL_LANGUAGES, Area, DomainPack, ExternalLink, Term
from kartlagg.domainpack.reference import resolve
from kartlagg.domainpack.schema import AreaSpec, DomainSpec, TermSpec

DOMAINS_DIR = Path(__file__).resolve().parents[1] / "domains"


def available_domains(root: Path = DOMAINS_DIR) -> list[str]:
    """Every folder under ``root`` that holds a ``domain.yaml``."""
    return sorted(p.parent.name for p in root.glob("*/domain.yaml"))


def load_domain_pack(domain_id: str, root: Path = DOMAINS_DIR) -> DomainPack:
    path = root / domain_id
    if not (path / "domain.yaml").is_file():
        known = ", ".join(available_domains(root)) or "none"
        raise DomainPackError([PackProblem(str(path), "", f"no domain pack here (known packs: {known})")])
    return load_domain_pack_from(path)


def load_domain_pack_from(path: Path) -> DomainPack:
    """Read ``path/domain.yaml`` and ``path/areas/*.yaml``, validate everything, return the pack."""
    problems: list[PackProblem] = []
    domain_file = path / "domain.yaml"
    raw_domain = _read_yaml(domain_file, problems)
    domain = _parse(DomainSpec, raw_domain, domain_file, "domain", problems) if raw_domain is not None else None

    area_files = sorted((path / "areas").glob("*.y*ml"))
    if not area_files:
        problems.append(PackProblem(str(path / "areas"), "", "no area files (expected areas/<id>.yaml)"))
    specs: list[tuple[Path, AreaSpec]] = []
    for area_file in area_files:
        raw = _read_yaml(area_file, problems)
        if raw is None:
            continue
        entries = raw if isinstance(raw, list) else [raw]
        for index, entry in enumerate(entries):
            name = entry.get("id", f"entry {index + 1}") if isinstance(entry, dict) else f"entry {index + 1}"
            spec = _parse(AreaSpec, entry, area_file, f"area {name}", problems)
            if spec is not None:
                specs.append((area_file, spec))

    _check_areas(specs, problems, root=path)
    if domain is not None:
        _check_order(domain, specs, domain_file, problems)
    if problems or domain is None:
        raise DomainPackError(problems)

    order = {area_id: i for i, area_id in enumerate(domain.area_order)}
    areas = [_to_area(spec, file, path, order) for file, spec in specs]
    areas.sort(key=lambda a: (a.order, a.id))
    return DomainPack(
        id=domain.id,
        version=domain.version,
        name=dict(domain.name),
        description=dict(domain.description),
        languages=tuple(domain.languages),
        areas=tuple(areas),
        content_hash=_content_hash(path, [domain_file, *area_files]),
        path=str(path),
    )


def _read_yaml(file: Path, problems: list[PackProblem]) -> Any:
    try:
        with file.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except FileNotFoundError:
        problems.append(PackProblem(str(file), "", "file is missing"))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problems.append(PackProblem(str(file), where, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return None
    if data is None:
        problems.append(PackProblem(str(file), "", "file is empty"))
    return data


def _parse(model: Any, raw: Any, file: Path, entry: str, problems: list[PackProblem]) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(part) for part in err["loc"])
            problems.append(PackProblem(str(file), entry, f"{loc}: {err['msg']}"))
        return None


def _check_areas(specs: list[tuple[Path, AreaSpec]], problems: list[PackProblem], root: Path) -> None:
    seen: dict[str, Path] = {}
    for file, spec in specs:
        entry = f"area {spec.id}"
        if spec.id in seen:
            problems.append(PackProblem(str(file), entry, f"duplicate id (also in {seen[spec.id]})"))
        seen.setdefault(spec.id, file)
        for lang in LABEL_LANGUAGES:
            if not spec.label.get(lang, "").strip():
                problems.append(PackProblem(str(file), entry, f"label in {lang!r} is missing"))
            if not spec.definition.get(lang, "").strip():
                problems.append(PackProblem(str(file), entry, f"definition in {lang!r} is missing"))
        for link in spec.links:
            if resolve(link.scheme, link.target) is None:
                problems.append(
                    PackProblem(str(file), entry, f"link to unknown {link.scheme} concept {link.target!r}")
                )
        for lang, terms in spec.terms.items():
            texts = [t.text if isinstance(t, TermSpec) else t for t in terms]
            if any(not t.strip() for t in texts):
                problems.append(PackProblem(str(file), entry, f"empty term in terms.{lang}"))
    parents = {spec.id: spec.parent for _, spec in specs}
    files = {spec.id: file for file, spec in specs}
    for area_id, parent in parents.items():
        if parent is not None and parent not in parents:
            problems.append(PackProblem(str(files[area_id]), f"area {area_id}", f"unknown parent {parent!r}"))
    for area_id in parents:
        cycle = _cycle_from(area_id, parents)
        if cycle and cycle[0] == area_id:
            problems.append(
                PackProblem(str(files[area_id]), f"area {area_id}", "cycle in parents: " + " -> ".join(cycle))
            )


def _cycle_from(start: str, parents: dict[str, str | None]) -> list[str]:
    path = [start]
    current = parents.get(start)
    while current is not None and current in parents:
        if current in path:
            return path[path.index(current) :] + [current]
        path.append(current)
        current = parents.get(current)
    return []


def _check_order(domain: DomainSpec, specs: list[tuple[Path, AreaSpec]], file: Path, problems: list[PackProblem]) -> None:
    ids = {spec.id for _, spec in specs}
    for area_id in domain.area_order:
        if area_id not in ids:
            problems.append(PackProblem(str(file), "area_order", f"names unknown area {area_id!r}"))


def _to_area(spec: AreaSpec, file: Path, root: Path, order: dict[str, int]) -> Area:
    terms: list[Term] = []
    for lang, entries in spec.terms.items():
        for entry in entries:
            if isinstance(entry, TermSpec):
                terms.append(Term(entry.text.strip(), lang, entry.kind, entry.case_sensitive))
            else:
                terms.append(Term(entry.strip(), lang))
    links = [
        ExternalLink(link.scheme, link.target, link.label or resolve(link.scheme, link.target) or "", link.match)
        for link in spec.links
    ]
    return Area(
        id=spec.id,
        label=dict(spec.label),
        definition=dict(spec.definition),
        parent=spec.parent,
        levels=tuple(spec.levels),
        terms=tuple(terms),
        links=tuple(links),
        order=spec.order if spec.order is not None else order.get(spec.id, 1000),
        source_file=str(file.relative_to(root)),
    )


def _content_hash(root: Path, files: list[Path]) -> str:
    """SHA-256 over the pack's files in a fixed order: the same files give the same hash anywhere."""
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(str(file.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
