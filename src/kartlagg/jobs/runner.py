"""Runs registered job functions in a small thread pool inside the web process.

Good enough for a coordinator's imports and report builds (a handful a day, seconds to minutes each);
no broker to install. ``KARTLAGG_JOBS_SYNC = True`` (the test settings) runs a job inside the request
instead, so tests see the finished job. A job that was running when its process stopped would stay
"running": ``runner_start`` — called where a serving process loads the WSGI application
(kartlagg/config/wsgi.py: ``kartlagg serve``/``up`` through runserver, gunicorn, mod_wsgi), never from
``AppConfig.ready`` (which also runs for every management command and test) — marks such jobs failed.
Each job records the process that runs it (``host:pid``), so a process starting beside others (several
workers, a restarted worker) marks only the jobs of processes that are gone on this host.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from kartlagg.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

JobFunc = Callable[[Job, "Progress"], str]  # returns a one-line summary
_REGISTRY: dict[str, JobFunc] = {}
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
WRITE_EVERY_SECONDS = 0.5


class JobFailed(Exception):
    """A job function's expected refusal: message for the page, problems for the table."""

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def register(kind: str) -> Callable[[JobFunc], JobFunc]:
    def wrap(func: JobFunc) -> JobFunc:
        _REGISTRY[kind] = func
        return func

    return wrap


def kinds() -> list[str]:
    return sorted(_REGISTRY)


class Progress:
    """Counts done/total and writes them to the job row at most twice a second (and at the end)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last = 0.0

    def start(self, total: int, message: str = "") -> None:
        self.job.total, self.job.done = total, 0
        self.job.message = message or self.job.message
        self._write(force=True)

    def advance(self, n: int = 1, message: str = "") -> None:
        self.job.done = min(self.job.done + n, self.job.total) if self.job.total else self.job.done + n
        if message:
            self.job.message = message
        self._write()

    def _write(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= WRITE_EVERY_SECONDS:
            Job.objects.filter(pk=self.job.pk).update(
                done=self.job.done, total=self.job.total, message=self.job.message[:300]
            )
            self._last = now


def job_submit(*, kind: str, title: str, params: dict[str, Any] | None = None, user: Any = None) -> Job:
    """Create the job row and start it (in the pool, or right now when KARTLAGG_JOBS_SYNC)."""
    if kind not in _REGISTRY:
        raise ValueError(f"unknown job kind {kind!r}; known: {', '.join(kinds())}")
    job = Job.objects.create(
        kind=kind,
        title=title[:200],
        params=params or {},
        created_by=user if getattr(user, "is_authenticated", False) else None,
        runner=runner_id(),
    )
    if getattr(settings, "KARTLAGG_JOBS_SYNC", False):
        run_job(job.pk)
        job.refresh_from_db()
    else:
        _pool().submit(_run_in_thread, job.pk)
    return job


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            workers = int(getattr(settings, "KARTLAGG_JOBS_WORKERS", 2))
            _POOL = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kartlagg-job")
        return _POOL


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run_job(job_id)
    finally:
        connection.close()  # a pool thread must not keep a connection open forever


def run_job(job_id: int) -> None:
    """Run one job to its end; the row says how it ended, the function's exceptions never escape."""
    job = Job.objects.get(pk=job_id)
    func = _REGISTRY[job.kind]
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), runner=runner_id()
    )
    job.status = JobStatus.RUNNING
    progress = Progress(job)
    try:
        summary = func(job, progress)
    except JobFailed as exc:
        _finish(job, JobStatus.FAILED, error=str(exc), problems=exc.problems)
    except Exception as exc:  # noqa: BLE001 — stored on the job for the coordinator; the log has the trace
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
    else:
        _finish(job, JobStatus.SUCCEEDED, message=summary)


def _finish(
    job: Job, status: str, *, message: str = "", error: str = "", problems: list | None = None
) -> None:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error}
    if message:
        fields["message"] = message[:300]
    if problems is not None:
        fields["problems"] = problems
    if status == JobStatus.SUCCEEDED and job.total:
        fields["done"] = job.total
    fields["result_url"] = job.result_url
    Job.objects.filter(pk=job.pk).update(**fields)


def runner_id() -> str:
    """This process, as "host:pid" (asked each time: a forked worker has its own pid)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, under another user
        return False
    return False


def _orphaned(runner: str) -> bool:
    """Whether the process named by `runner` cannot be running the job any more. Jobs of other hosts
    are left alone: this process cannot see their processes."""
    if not runner:
        return True  # recorded before jobs named their process
    host, _, pid_text = runner.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    return pid == os.getpid() or _process_gone(pid)  # our own pid: a previous process's, reused


def jobs_mark_orphans() -> str:
    """Jobs left running or waiting by a process that is gone are marked failed (their thread is gone
    with it). Jobs of live processes on this host, and of other hosts, are not touched."""
    unfinished = Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    runners = {r for r in unfinished.values_list("runner", flat=True).distinct() if _orphaned(r)}
    n = unfinished.filter(runner__in=runners).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), error="interrupted: the server stopped"
    )
    return f"{n} interrupted job(s) marked failed"


def runner_start() -> None:
    """At the start of a serving process: mark the jobs of stopped processes failed. A database not
    migrated yet (or not reachable) must not stop the server from starting: it is logged."""
    try:
        message = jobs_mark_orphans()
    except DatabaseError as exc:
        log.warning("background jobs: could not check for interrupted jobs (%s)", exc)
        return
    log.info("background jobs: %s", message)
