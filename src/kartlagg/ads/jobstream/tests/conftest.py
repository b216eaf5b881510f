from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

FIXTURES = Path(__file__).parent / "fixtures"


class RecordedJobStream:
    """An httpx transport answering /stream from the recorded pages; windows without a page get `[]`.
    Failures can be queued (status codes answered before the real page). `pages` holds pages a test
    constructs itself, by (date, updated-before-date); they win over the files."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.failures: list[httpx.Response] = []
        self.pages: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.host == "jobstream.api.jobtechdev.se" and request.url.path == "/stream"
        since = request.url.params["date"]
        until = request.url.params["updated-before-date"]
        self.calls.append((since, until))
        if self.failures:
            return self.failures.pop(0)
        if (since, until) in self.pages:
            return httpx.Response(200, content=orjson.dumps(self.pages[since, until]))
        page = FIXTURES / f"stream_{since.replace(':', '-')}_{until.replace(':', '-')}.json"
        body = page.read_bytes() if page.exists() else b"[]"
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


@pytest.fixture
def recorded() -> RecordedJobStream:
    return RecordedJobStream()


@pytest.fixture
def transport(recorded: RecordedJobStream) -> httpx.MockTransport:
    return httpx.MockTransport(recorded)
