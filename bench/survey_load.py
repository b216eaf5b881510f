"""Survey load: N respondents (default 50) autosaving and submitting at once against a real server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kartlagg_bench python bench/survey_load.py
        [--respondents 50] [--autosaves 6] [--port 8105] [--server runserver|wsgi] [--workers 1] [--json]

Migrates the database named by DATABASE_URL (PostgreSQL is the point; SQLite works but locks), creates
a fresh round with N organisations and one access link each, starts the server on 127.0.0.1 in a
subprocess (`runserver`: Django's threaded development server, what `kartlagg up` runs; `wsgi`: Django's
threaded WSGI server with a deep listen backlog, as a production server would have; --workers W
starts W such processes on consecutive ports and spreads respondents over them, like a multi-worker
deployment behind a balancer), then lets N
respondents open their links, load the form, wait at a common barrier and autosave/submit together.
Afterwards every response is checked against what its respondent sent: none lost, duplicated or mixed.
Reports p50/p95/max latency of autosave and submit. With --json the last line is one object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# Django's threaded WSGI server (a thread per request, database connection closed after each request,
# as the live-server test uses), with a listen backlog like gunicorn's instead of the dev server's 10.
SERVE_WSGI = """
import sys
from django.core.servers.basehttp import ThreadedWSGIServer, run
from django.core.wsgi import get_wsgi_application
import django
django.setup()

class DeepBacklog(ThreadedWSGIServer):
    request_queue_size = 1024

run("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), threading=False, server_cls=DeepBacklog)
"""


def _setup(respondents: int) -> tuple[int, list[str]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kartlagg.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from kartlagg.organisations.models import Contact, Organisation
    from kartlagg.surveys import services

    call_command("migrate", interactive=False, verbosity=0)
    version = services.instrument_install_shipped()
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    round_ = services.round_create(
        title=f"bench {stamp}", instrument=version, closes_at=timezone.now() + dt.timedelta(hours=2)
    )
    services.round_open(round=round_)
    orgs = []
    for i in range(respondents):
        org = Organisation.objects.create(
            slug=f"bench-{stamp}-{i:03d}", name=f"Bench {stamp} {i:03d}", kind="company_sme"
        )
        Contact.objects.create(organisation=org, name=f"Bench {i}", email=f"bench{i}@example.org")
        orgs.append(org)
    issued = services.round_invite(round=round_, organisations=orgs, base_url="", send=False)
    by_org = {link.organisation.pk: link.url for link in issued.links}
    return round_.pk, [by_org[o.pk] for o in orgs]


def _verify(round_id: int, respondents: int) -> dict[str, int]:
    from kartlagg.surveys.loadsim import expected_answers
    from kartlagg.surveys.models import AuditEntry, SurveyResponse

    responses = list(
        SurveyResponse.objects.filter(round_id=round_id)
        .select_related("organisation")
        .order_by("organisation__slug")
    )
    wrong = sum(r.answers != expected_answers(i) for i, r in enumerate(responses))
    audit = AuditEntry.objects.filter(response__round_id=round_id, kind="answer").count()
    return {
        "responses": len(responses),
        "submitted": sum(r.status == "submitted" for r in responses),
        "wrong_answers": wrong,
        "audit_entries": audit,
        "audit_expected": 9 * respondents,
    }


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not come up")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--respondents", type=int, default=50)
    parser.add_argument("--autosaves", type=int, default=6)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--server", choices=["runserver", "wsgi"], default="wsgi")
    parser.add_argument("--workers", type=int, default=1, help="wsgi server processes (consecutive ports)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from kartlagg.surveys.loadsim import percentile, run_many

    round_id, links = _setup(args.respondents)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "kartlagg.config.settings",
    }
    workers = 1 if args.server == "runserver" else max(1, args.workers)
    ports = [args.port + i for i in range(workers)]
    log = open(os.environ.get("SURVEY_LOAD_SERVER_LOG", os.devnull), "w")  # noqa: SIM115 (closed at exit)
    servers = []
    for port in ports:
        if args.server == "runserver":
            cmd = [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"]
        else:
            cmd = [sys.executable, "-c", SERVE_WSGI, str(port)]
        servers.append(subprocess.Popen(cmd, env=env, stdout=log, stderr=log))
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            _wait_for(base + "/about/")
        started = time.perf_counter()
        results = run_many(bases, links, autosaves=args.autosaves)
        wall = time.perf_counter() - started
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        log.close()

    autosave = [ms for r in results for ms in r.autosave_ms]
    submit = [ms for r in results for ms in r.submit_ms]
    errors = [e for r in results for e in r.errors]
    summary = {
        "server": args.server,
        "workers": workers,
        "database": os.environ.get("DATABASE_URL", "sqlite (default)").split("@")[-1],
        "respondents": args.respondents,
        "autosaves_each": args.autosaves,
        "wall_seconds": round(wall, 2),
        "autosave_p50_ms": round(percentile(autosave, 50), 1),
        "autosave_p95_ms": round(percentile(autosave, 95), 1),
        "autosave_max_ms": round(max(autosave, default=float("nan")), 1),
        "submit_p50_ms": round(percentile(submit, 50), 1),
        "submit_p95_ms": round(percentile(submit, 95), 1),
        "submit_max_ms": round(max(submit, default=float("nan")), 1),
        "errors": len(errors),
        **_verify(round_id, args.respondents),
    }
    for line in errors[:5]:
        print("error:", line, file=sys.stderr)
    if args.json:
        print(json.dumps(summary))
    else:
        for key, value in summary.items():
            print(f"{key:18} {value}")
    ok = not errors and summary["wrong_answers"] == 0 and summary["submitted"] == args.respondents
    ok = ok and summary["audit_entries"] == summary["audit_expected"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
