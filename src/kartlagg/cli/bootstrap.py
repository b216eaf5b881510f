"""The steps `kartlagg up` runs before serving: each domain adds the loading it needs, in order.

A step is a (name, dotted path to a function taking no arguments and returning a one-line summary).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

# The bundled catalogue seed and every demo below are written for the ATMP domain; another domain
# pack gets its taxonomy loaded and nothing else (its catalogue and surveys are its users' own data).
DEMO_DOMAIN = "atmp"
DOMAIN_STEP = "domain pack"

STEPS: list[tuple[str, str]] = [
    ("domain pack", "kartlagg.cli.bootstrap_steps.load_domain"),
    ("catalogue", "kartlagg.cli.bootstrap_steps.load_catalogue"),
    ("coordination demo (illustrative)", "kartlagg.coordination.demo.load_demo"),
    ("survey demo (illustrative 2022 round)", "kartlagg.surveys.demo.load_demo"),
    ("interviews demo (illustrative)", "kartlagg.interviews.demo.load_demo"),
    ("job ads (illustrative sample)", "kartlagg.jobads.services.load_demo"),
    ("status report", "kartlagg.reports.demo.build_demo_report"),  # keep last: it reports on every demo above
]


def steps_for(domain: str) -> list[tuple[str, str]]:
    if domain == DEMO_DOMAIN:
        return list(STEPS)
    return [step for step in STEPS if step[0] == DOMAIN_STEP]


def resolve(path: str) -> Callable[[], str]:
    module, _, name = path.rpartition(".")
    func: Callable[[], str] = getattr(importlib.import_module(module), name)
    return func
