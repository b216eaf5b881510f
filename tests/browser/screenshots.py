"""Take the README's screenshots from a running kartlagg (after `kartlagg up --no-serve` and a server).

    KARTLAGG_VAR_DIR=/tmp/x kartlagg up --no-serve && KARTLAGG_VAR_DIR=/tmp/x kartlagg serve --port 8109 &
    .venv/bin/python tests/browser/screenshots.py --base http://127.0.0.1:8109 --user anna --password ... \
        --survey-link http://127.0.0.1:8109/surveys/l/<token>/

Uses Debian's /usr/bin/chromium through Playwright (never `playwright install`). Writes PNGs into
docs/screenshots/: desktop width 1280 and, with the suffix -phone, 390 (an ordinary phone).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PAGES = [
    ("dashboard", "/"),
    ("catalogue", "/catalogue/?area=gmp-production"),
    ("gaps", "/gaps/"),
    ("report", "/reports/atmp-2022/sv.html"),
    ("suggestions", "/coordination/suggestions/"),
    ("jobs", "/jobs/"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8109")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--survey-link", default="")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, height, suffix in ((1280, 900, ""), (390, 844, "-phone")):
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            page = context.new_page()
            if args.survey_link and (not args.only or "survey" in args.only):
                page.goto(args.survey_link)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=OUT / f"survey{suffix}.png", full_page=False)
            page.goto(f"{args.base}/admin/login/?next=/")
            page.fill("#id_username", args.user)
            page.fill("#id_password", args.password)
            page.click("input[type=submit]")  # the admin login: the screenshot user must be staff
            page.wait_for_load_state()
            for name, path in PAGES:
                if args.only and name not in args.only.split(","):
                    continue
                page.goto(args.base + path)
                page.wait_for_load_state("networkidle")
                whole = name == "dashboard" and not suffix  # the phone shots show the first screen only
                page.screenshot(path=OUT / f"{name}{suffix}.png", full_page=whole)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
