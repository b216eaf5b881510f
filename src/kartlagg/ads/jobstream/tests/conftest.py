from __future__ import annotations

from pathlib import Path

import httpx
import pytest

FIXTURES = Path(__file__).parent / "fixtures"


class RecordedJobStream:
    """An httpx transport answering /stream from the recorded pages; windows without a page get `[]`.
    Failures can be queued (status codes answered before the real page)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.failures: list[httpx.Response] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.host == "jobstream.api.jobtechdev.se" and request.url.path == "/stream"
        since = request.url.params["date"]
        until = request.url.params["updated-before-date"]
        self.calls.append((since, until))
        if self.failures:
            return self.failures.pop(0)
        page = FIXTURES / f"stream_{since.replace(':', '-')}_{until.replace(':', '-')}.json"
        body = page.read_bytes() if page.exists() else b"[]"
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


@pytest.fixture
def recorded() -> RecordedJobStream:
    return RecordedJobStream()


@pytest.fixture
def transport(recorded: RecordedJobStream) -> httpx.MockTransport:
    return httpx.MockTransport(recorded)
