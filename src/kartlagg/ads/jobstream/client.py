"""HTTP client for JobTech JobStream: timeouts, retries with backoff, and a request-rate limit.

JobStream (https://jobstream.api.jobtechdev.se) answers `GET /stream?date=<from>&updated-before-date=<to>`
with a JSON array of every ad published, changed or removed in that window. A removed ad comes as a
short object with `"removed": true` and `removed_date`. The service asks clients to go easy on it; we
keep at least `min_interval` seconds between requests and honour `Retry-After` on 429/503.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from kartlagg.ads.exceptions import AdsError

BASE_URL = "https://jobstream.api.jobtechdev.se"
RETRY_STATUS = {429, 500, 502, 503, 504}


class JobStreamError(AdsError):
    """The feed could not be read (after the retries); nothing of the window was stored."""


@dataclass(frozen=True)
class ClientConfig:
    base_url: str = BASE_URL
    timeout: float = 30.0  # seconds, connect and read
    retries: int = 4  # attempts after the first one
    backoff: float = 2.0  # seconds before the first retry, doubled each time (capped at max_backoff)
    max_backoff: float = 60.0
    min_interval: float = 1.0  # seconds between two requests: the source's rate limit, kept by us


def stream_time(moment: dt.datetime) -> str:
    """The feed's time format: local naive ISO seconds (JobStream takes and gives Swedish local time)."""
    return moment.replace(tzinfo=None, microsecond=0).isoformat(timespec="seconds")


class JobStreamClient:
    def __init__(
        self,
        config: ClientConfig | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config or ClientConfig()
        self.sleep = sleep
        self.clock = clock
        self._last_request: float | None = None
        self.requests = 0
        self.http = httpx.Client(
            base_url=self.config.base_url,
            timeout=httpx.Timeout(self.config.timeout),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "kartlagg-jobstream/1"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> JobStreamClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def changes(self, since: dt.datetime, until: dt.datetime) -> list[dict[str, Any]]:
        """Every ad published, changed or removed in [since, until)."""
        params = {"date": stream_time(since), "updated-before-date": stream_time(until)}
        body = self._get("/stream", params)
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise JobStreamError(f"JobStream {params}: the answer is not JSON ({exc})") from None
        if not isinstance(data, list):
            raise JobStreamError(f"JobStream {params}: expected a JSON array, got {type(data).__name__}")
        return [item for item in data if isinstance(item, dict)]

    def _wait_for_rate_limit(self) -> None:
        if self._last_request is not None:
            gap = self.config.min_interval - (self.clock() - self._last_request)
            if gap > 0:
                self.sleep(gap)
        self._last_request = self.clock()

    def _get(self, path: str, params: dict[str, str]) -> bytes:
        delay = self.config.backoff
        last_error = ""
        for attempt in range(self.config.retries + 1):
            self._wait_for_rate_limit()
            self.requests += 1
            try:
                response = self.http.get(path, params=params)
            except httpx.TransportError as exc:  # timeouts, refused connections, dropped sockets
                last_error = f"{type(exc).__name__}: {exc}"
                wait = delay
            else:
                if response.status_code == 200:
                    return response.content
                if response.status_code not in RETRY_STATUS:
                    raise JobStreamError(
                        f"JobStream {path} {params}: HTTP {response.status_code}: {response.text[:200]}"
                    )
                last_error = f"HTTP {response.status_code}"
                wait = _retry_after(response) or delay
            if attempt == self.config.retries:
                break
            self.sleep(min(wait, self.config.max_backoff))
            delay = min(delay * 2, self.config.max_backoff)
        raise JobStreamError(
            f"JobStream {path} {params}: gave up after {self.config.retries + 1} attempts ({last_error})"
        )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
