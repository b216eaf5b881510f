"""Simulated respondents for the load benchmark and the live-server integration test.

Each respondent is a real HTTP client (stdlib urllib with its own cookie jar): it opens its access link,
loads the form (CSRF cookie), autosaves a few times and submits, recording the latency of every call.
Answers encode the organisation's number, so a check afterwards can tell any lost, duplicated or mixed
answer apart.
"""

from __future__ import annotations

import http.cookiejar
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def answers_for(index: int, step: int) -> dict[str, Any]:
    """The draft answers respondent `index` sends at autosave `step` (each step adds/changes questions)."""
    steps: list[dict[str, Any]] = [
        {"org_type": "company_sme", "org_size": "small"},
        {"atmp_staff": 1000 + index},
        {
            "recruitment_by_area": {
                "cmc": {"hires": str(index + 1)},
                "gmp-production": {"hires": f"{index}–{index + 10}"},
            }
        },
        {"hard_to_find": ["cell-production", "in-vivo-models"], "abroad_share": index % 100},
        {"willing": "yes", "contribution": {"thesis": {"offered": True, "capacity": index + 2}}},
        {"comments": f"respondent {index}"},
    ]
    return steps[step % len(steps)]


def expected_answers(index: int) -> dict[str, Any]:
    """What the stored, cleaned response of respondent `index` must be after all steps and the submit."""
    return {
        "org_type": "company_sme",
        "org_size": "small",
        "atmp_staff": 1000 + index,
        "recruitment_by_area": {
            "cmc": {"hires": {"min": index + 1, "max": index + 1}},
            "gmp-production": {"hires": {"min": index, "max": index + 10}},
        },
        "hard_to_find": ["cell-production", "in-vivo-models"],
        "abroad_share": index % 100,
        "willing": "yes",
        "contribution": {"thesis": {"offered": True, "capacity": index + 2}},
        "comments": f"respondent {index}",
    }


@dataclass
class RespondentResult:
    index: int
    autosave_ms: list[float] = field(default_factory=list)
    submit_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def run_respondent(
    base_url: str,
    link_path: str,
    index: int,
    *,
    autosaves: int = 6,
    start: threading.Barrier | None = None,
    timeout: float = 60.0,
) -> RespondentResult:
    result = RespondentResult(index=index)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    try:
        try:
            opener.open(base_url + link_path, timeout=timeout)
            raise RuntimeError("the link did not redirect to the form")
        except urllib.error.HTTPError as exc:
            if exc.code != 302:
                raise RuntimeError(f"link answered {exc.code}") from exc
            form_path = exc.headers["Location"]
        opener.open(base_url + form_path, timeout=timeout).read()
        csrf = next(c.value or "" for c in jar if c.name == "csrftoken")
        if start is not None:
            start.wait(timeout=timeout)
        for step in range(autosaves):
            body = json.dumps({"answers": answers_for(index, step)}).encode()
            status, payload, ms = _post_json(
                opener, base_url + form_path + "autosave/", body, csrf, base_url, timeout
            )
            result.autosave_ms.append(ms)
            if status != 200 or payload.get("errors"):
                result.errors.append(f"autosave {step}: {status} {payload}")
        status, payload, ms = _post_json(
            opener, base_url + form_path + "submit/", b'{"answers": {}}', csrf, base_url, timeout
        )
        result.submit_ms.append(ms)
        if status != 200 or not payload.get("ok"):
            result.errors.append(f"submit: {status} {payload}")
    except Exception as exc:  # noqa: BLE001 (a benchmark reports every failure instead of stopping)
        result.errors.append(f"{type(exc).__name__}: {exc}")
    return result


def _post_json(
    opener: urllib.request.OpenerDirector, url: str, body: bytes, csrf: str, base_url: str, timeout: float
) -> tuple[int, dict[str, Any], float]:
    request = urllib.request.Request(
        url, data=body, method="POST",
        headers={"Content-Type": "application/json", "X-CSRFToken": csrf, "Referer": base_url + "/"},
    )  # fmt: skip
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    elapsed = (time.perf_counter() - started) * 1000
    try:
        payload = json.loads(raw or b"{}")
    except ValueError:
        payload = {"raw": raw[:200].decode(errors="replace")}
    return status, payload, elapsed


def run_many(
    base_url: str | Sequence[str], link_paths: Sequence[str], *, autosaves: int = 6
) -> list[RespondentResult]:
    """All respondents at once: they load their forms, wait at a barrier, then autosave and submit
    together."""
    bases = [base_url] if isinstance(base_url, str) else list(base_url)
    barrier = threading.Barrier(len(link_paths))
    results: list[RespondentResult | None] = [None] * len(link_paths)

    def work(i: int) -> None:
        # Respondent i talks to server i mod W, as a balancer would spread sessions over W workers.
        results[i] = run_respondent(
            bases[i % len(bases)], link_paths[i], i, autosaves=autosaves, start=barrier
        )

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(link_paths))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r for r in results if r is not None]


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[rank]
