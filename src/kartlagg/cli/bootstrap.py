"""The steps `kartlagg up` runs before serving: each domain adds the loading it needs, in order.

A step is a (name, dotted path to a function taking no arguments and returning a one-line summary).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

STEPS: list[tuple[str, str]] = [
    ("domain pack", "kartlagg.cli.bootstrap_steps.load_domain"),
    ("catalogue", "kartlagg.cli.bootstrap_steps.load_catalogue"),
    ("coordination demo (illustrative)", "kartlagg.coordination.demo.load_demo"),
    ("survey demo (illustrative 2022 round)", "kartlagg.surveys.demo.load_demo"),
    ("interviews demo (illustrative)", "kartlagg.interviews.demo.load_demo"),
    ("job ads (illustrative sample)", "kartlagg.jobads.services.load_demo"),
    ("status report", "kartlagg.reports.demo.build_demo_report"),  # keep last: it reports on every demo above
]


def resolve(path: str) -> Callable[[], str]:
    module, _, name = path.rpartition(".")
    func: Callable[[], str] = getattr(importlib.import_module(module), name)
    return func
