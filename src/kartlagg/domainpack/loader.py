"""Load and validate a domain pack folder. All-or-nothing: any problem refuses the whole pack.

Every problem names the file, the entry (``area <id>``, ``domain``) and, where the YAML parser knows
it, the line, so an editor of the pack can go straight to it. All problems of a pack are reported at
once rather than one per attempt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from kartlagg.domainpack.exceptions import DomainPackError, PackProblem
from kartlagg.domainpack.model import LABEL_LANGUAGES, Area, DomainPack, ExternalLink, Term
from kartlagg.domainpack.reference import resolve
from kartlagg.domainpack.schema import AreaSpec, DomainSpec, TermSpec

DOMAINS_DIR = Path(__file__).resolve().parents[1] / "domains"


def available_domains(root: Path = DOMAINS_DIR) -> list[str]:
    """Every folder under ``root`` that holds a ``domain.yaml``."""
    return sorted(p.parent.name for p in root.glob("*/domain.yaml"))


def load_domain_pack(domain_id: str, root: Path = DOMAINS_DIR) -> DomainPack:
    """The pack ``root/<domain_id>``; its ``domain.yaml`` must carry the same id as the folder."""
    path = root / domain_id
    if not (path / "domain.yaml").is_file():
        known = ", ".join(available_domains(root)) or "none"
        raise DomainPackError([PackProblem(str(path), "", f"no domain pack here (known packs: {known})")])
    pack = load_domain_pack_from(path)
    if pack.id != domain_id:
        raise DomainPackError(
            [
                PackProblem(
                    str(path / "domain.yaml"),
                    "domain",
                    f"id {pack.id!r} differs from its folder {domain_id!r}",
                )
            ]
        )
    return pack


@dataclass(frozen=True)
class _Doc:
    """A parsed YAML file: the data and the node tree that knows where each value stands."""

    data: Any
    node: yaml.Node


@dataclass(frozen=True)
class _Entry:
    file: Path
    spec: AreaSpec
    node: yaml.Node
    single: bool  # the file holds just this area (the usual areas/<id>.yaml layout)

    @property
    def name(self) -> str:
        return f"area {self.spec.id}"

    def problem(self, message: str, *loc: str | int) -> PackProblem:
        return PackProblem(str(self.file), self.name, message, _line(self.node, loc))


def load_domain_pack_from(path: Path) -> DomainPack:
    """Read ``path/domain.yaml`` and ``path/areas/*.yaml``, validate everything, return the pack."""
    problems: list[PackProblem] = []
    domain_file = path / "domain.yaml"
    domain_doc = _read_yaml(domain_file, problems)
    domain: DomainSpec | None = None
    if domain_doc is not None:
        domain = _parse(DomainSpec, domain_doc, domain_file, "domain", problems)

    # Hidden files are editor droppings (".#cmc.yaml"), never areas.
    area_files = sorted(f for f in (path / "areas").glob("*.y*ml") if not f.name.startswith("."))
    if not area_files:
        problems.append(PackProblem(str(path / "areas"), "", "no area files (expected areas/<id>.yaml)"))
    entries: list[_Entry] = []
    unreadable: set[str] = set()
    for area_file in area_files:
        doc = _read_yaml(area_file, problems)
        if doc is None:
            unreadable.add(area_file.stem)
            continue
        nodes = doc.node.value if isinstance(doc.node, yaml.SequenceNode) else [doc.node]
        raws = doc.data if isinstance(doc.data, list) else [doc.data]
        for index, (raw, node) in enumerate(zip(raws, nodes, strict=True)):
            name = raw.get("id") if isinstance(raw, dict) else None
            label = f"area {name}" if isinstance(name, str) else f"entry {index + 1}"
            spec = _parse(AreaSpec, _Doc(raw, node), area_file, label, problems)
            if spec is None:
                unreadable.add(name if isinstance(name, str) else area_file.stem)
            else:
                entries.append(_Entry(area_file, spec, node, single=len(raws) == 1))

    languages = tuple(domain.languages) if domain is not None else ()
    _check_areas(entries, languages, problems)
    if domain is not None and domain_doc is not None:
        _check_order(domain, domain_doc, entries, unreadable, domain_file, problems)
    if problems or domain is None:
        problems.sort(key=lambda p: (p.file, p.line or 0))
        raise DomainPackError(problems)

    order = {area_id: i for i, area_id in enumerate(domain.area_order)}
    areas = [_to_area(entry, path, order) for entry in entries]
    areas.sort(key=lambda a: (a.order, a.id))
    return DomainPack(
        id=domain.id,
        version=domain.version,
        name=_texts(domain.name),
        description=_texts(domain.description),
        languages=languages,
        areas=tuple(areas),
        content_hash=_content_hash(path, [domain_file, *area_files]),
        path=str(path),
    )


def _read_yaml(file: Path, problems: list[PackProblem]) -> _Doc | None:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(PackProblem(str(file), "", "file is missing"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(PackProblem(str(file), "", f"not UTF-8 text (byte {exc.start})"))
        return None
    try:
        # libyaml's parser when PyYAML was built with it (10x faster); both keep line marks.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        column = f" at column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or exc
        problems.append(PackProblem(str(file), "", f"not valid YAML{column}: {problem}", line))
        return None
    if node is None or data is None:
        problems.append(PackProblem(str(file), "", "file is empty"))
        return None
    before = len(problems)
    _check_duplicate_keys(file, node, problems)
    return None if len(problems) > before else _Doc(data, node)


def _check_duplicate_keys(file: Path, node: yaml.Node, problems: list[PackProblem]) -> None:
    """PyYAML keeps the last of two equal keys without a word; a pack editor must hear about it."""
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key, value in node.value:
            if key.value in seen:
                problems.append(
                    PackProblem(str(file), "", f"key {key.value!r} appears twice", key.start_mark.line + 1)
                )
            seen.add(key.value)
            _check_duplicate_keys(file, value, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(file, item, problems)


def _line(node: yaml.Node, loc: Sequence[str | int]) -> int:
    """The 1-based line of the value at ``loc`` (a pydantic-style path), or of the deepest part found.

    A mapping entry is placed at its key ("label:"), where an editor looks for it, even when the
    value starts on the next line.
    """
    line = int(node.start_mark.line)
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if pair is None:
                break
            line, node = int(pair[0].start_mark.line), pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = int(node.start_mark.line)
        else:
            break
    return line + 1


def _parse(model: type[BaseModel], doc: _Doc, file: Path, entry: str, problems: list[PackProblem]) -> Any:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            path = ".".join(str(part) for part in loc)
            if err["type"] == "extra_forbidden":
                message = f"unknown field {path!r}"
            elif err["type"] == "missing":
                message = f"required field {path!r} is missing"
            else:
                message = f"{path}: {err['msg']}" if path else err["msg"]
            problems.append(PackProblem(str(file), entry, message, _line(doc.node, loc)))
        return None


def _check_areas(entries: list[_Entry], languages: tuple[str, ...], problems: list[PackProblem]) -> None:
    seen: dict[str, Path] = {}
    for entry in entries:
        spec = entry.spec
        if entry.single and entry.file.stem != spec.id:
            problems.append(
                entry.problem(f"id differs from the file name (expected {entry.file.stem}.yaml)", "id")
            )
        if spec.id in seen:
            problems.append(entry.problem(f"duplicate id (also in {seen[spec.id]})", "id"))
        seen.setdefault(spec.id, entry.file)
        for lang in LABEL_LANGUAGES:
            if not _texts(spec.label).get(lang, "").strip():
                problems.append(entry.problem(f"label in {lang!r} is missing", "label"))
            if not _texts(spec.definition).get(lang, "").strip():
                problems.append(entry.problem(f"definition in {lang!r} is missing", "definition"))
        _check_terms(entry, languages, problems)
        _check_links(entry, problems)
    parents = {entry.spec.id: entry.spec.parent for entry in entries}
    by_id = {entry.spec.id: entry for entry in entries}
    for area_id, parent in parents.items():
        if parent is not None and parent not in parents:
            problems.append(by_id[area_id].problem(f"unknown parent {parent!r}", "parent"))
    for area_id in parents:
        cycle = _cycle_from(area_id, parents)
        if cycle and cycle[0] == area_id:
            problems.append(by_id[area_id].problem("cycle in parents: " + " -> ".join(cycle), "parent"))


def _check_terms(entry: _Entry, languages: tuple[str, ...], problems: list[PackProblem]) -> None:
    by_lang: dict[str, list[TermSpec]] = {str(lang): terms for lang, terms in entry.spec.terms.items()}
    for lang in languages:
        if not by_lang.get(lang):
            problems.append(
                entry.problem(f"no terms in {lang!r} (the domain lists it in languages)", "terms")
            )
    for lang, terms in by_lang.items():
        if languages and lang not in languages:
            problems.append(
                entry.problem(f"terms in {lang!r}, which domain.yaml does not list", "terms", lang)
            )
        seen: set[tuple[str, bool]] = set()
        for index, term in enumerate(terms):
            text = term.text.strip()
            if not text:
                problems.append(entry.problem(f"empty term in terms.{lang}", "terms", lang, index))
                continue
            key = (text if term.case_sensitive else text.casefold(), term.case_sensitive)
            if key in seen:
                problems.append(
                    entry.problem(f"term {text!r} listed twice in terms.{lang}", "terms", lang, index)
                )
            seen.add(key)


def _check_links(entry: _Entry, problems: list[PackProblem]) -> None:
    seen: set[tuple[str, str]] = set()
    for index, link in enumerate(entry.spec.links):
        if resolve(link.scheme, link.target) is None:
            problems.append(
                entry.problem(
                    f"link to unknown {link.scheme} concept {link.target!r}", "links", index, "target"
                )
            )
        if (link.scheme, link.target) in seen:
            problems.append(
                entry.problem(f"link to {link.scheme} {link.target!r} listed twice", "links", index)
            )
        seen.add((link.scheme, link.target))


def _cycle_from(start: str, parents: dict[str, str | None]) -> list[str]:
    path = [start]
    current = parents.get(start)
    while current is not None and current in parents:
        if current in path:
            return path[path.index(current) :] + [current]
        path.append(current)
        current = parents.get(current)
    return []


def _check_order(
    domain: DomainSpec,
    doc: _Doc,
    entries: list[_Entry],
    unreadable: set[str],
    file: Path,
    problems: list[PackProblem],
) -> None:
    if not domain.area_order:
        return
    ids = {entry.spec.id for entry in entries}
    listed: set[str] = set()
    for index, area_id in enumerate(domain.area_order):
        line = _line(doc.node, ("area_order", index))
        if area_id in listed:
            problems.append(PackProblem(str(file), "area_order", f"lists {area_id!r} twice", line))
        listed.add(area_id)
        # An area whose own file failed is reported there; naming it again here would only add noise.
        if area_id not in ids and area_id not in unreadable:
            problems.append(PackProblem(str(file), "area_order", f"names unknown area {area_id!r}", line))
    for entry in entries:
        if entry.spec.id not in listed:
            problems.append(entry.problem("not listed in domain.yaml area_order", "id"))


def _to_area(entry: _Entry, root: Path, order: dict[str, int]) -> Area:
    spec = entry.spec
    terms = [
        Term(term.text.strip(), lang, term.kind, term.case_sensitive)
        for lang, terms in spec.terms.items()
        for term in terms
    ]
    links = [
        ExternalLink(
            link.scheme, link.target, link.label or resolve(link.scheme, link.target) or "", link.match
        )
        for link in spec.links
    ]
    return Area(
        id=spec.id,
        label=_texts(spec.label),
        definition={lang: " ".join(text.split()) for lang, text in spec.definition.items()},
        parent=spec.parent,
        levels=tuple(spec.levels),
        terms=tuple(terms),
        links=tuple(links),
        order=spec.order if spec.order is not None else order.get(spec.id, 1000),
        source_file=str(entry.file.relative_to(root)),
    )


def _texts(by_lang: Mapping[Any, str]) -> dict[str, str]:
    """A language-keyed mapping from the schema as a plain ``{lang: text}`` dict."""
    return {str(lang): text for lang, text in by_lang.items()}


def _content_hash(root: Path, files: list[Path]) -> str:
    """SHA-256 over the pack's files in a fixed order: the same files give the same hash anywhere."""
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(str(file.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
