"""Domain packs: versioned, data-driven competence taxonomies (plain Python, no Django).

A pack is a folder under ``kartlagg/domains/<id>/`` with ``domain.yaml`` and one YAML file per
competence area in ``areas/``. Loading validates the whole pack; nothing is returned from a pack that
fails, and every error names the file and the entry.
"""

from kartlagg.domainpack.exceptions import DomainPackError
from kartlagg.domainpack.loader import available_domains, load_domain_pack, load_domain_pack_from
from kartlagg.domainpack.model import Area, DomainPack, ExternalLink, Term

__all__ = [
    "Area",
    "DomainPack",
    "DomainPackError",
    "ExternalLink",
    "Term",
    "available_domains",
    "load_domain_pack",
    "load_domain_pack_from",
]
