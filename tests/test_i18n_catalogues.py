"""The interface is Swedish by default and English one click away, with complete Swedish catalogues.

Covers EVERY django.po under src/kartlagg (the project's and each app's, also apps added later):
every entry translated, none fuzzy, placeholders kept, and the compiled .mo beside it holding exactly
the same translations, readable by Python's gettext as Django reads it.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kartlagg"
CATALOGUES = sorted(PACKAGE.rglob("locale/*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def _entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def _translation(entry: polib.POEntry | polib.MOEntry) -> object:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return entry.msgstr


def test_the_foundation_catalogues_exist():
    names = {_name(p) for p in CATALOGUES}
    assert {
        "locale/sv/LC_MESSAGES/django.po",
        "catalogue/locale/sv/LC_MESSAGES/django.po",
        "organisations/locale/sv/LC_MESSAGES/django.po",
    } <= names


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_name)
def test_every_entry_is_translated_and_none_is_fuzzy(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in _entries(po) if not e.translated()]
    fuzzy = [e.msgid for e in _entries(po) if "fuzzy" in e.flags]
    empty_plurals = [
        e.msgid for e in _entries(po) if e.msgid_plural and not all(v for v in e.msgstr_plural.values())
    ]
    assert untranslated == [], f"{_name(po_path)}: untranslated entries"
    assert fuzzy == [], f"{_name(po_path)}: fuzzy entries"
    assert empty_plurals == [], f"{_name(po_path)}: plural forms left empty"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_name)
def test_translations_keep_every_placeholder(po_path):
    wrong = []
    for entry in _entries(polib.pofile(str(po_path))):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        targets = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        # A Swedish singular may spell the number out, so only the last plural form must keep them all.
        if sorted(PLACEHOLDER.findall(targets[-1])) != wanted:
            wrong.append(entry.msgid)
    assert wrong == [], f"{_name(po_path)}: placeholders differ"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_name)
def test_the_compiled_mo_holds_the_same_translations(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{_name(mo_path)} is missing: run msgfmt -o django.mo django.po"
    po = {_key(e): _translation(e) for e in _entries(polib.pofile(str(po_path)))}
    mo = {_key(e): _translation(e) for e in polib.mofile(str(mo_path)) if e.msgid}
    stale = sorted(k[1] for k in po.keys() & mo.keys() if po[k] != mo[k])
    assert sorted(k[1] for k in po.keys() - mo.keys()) == [], f"{_name(mo_path)} lacks entries: recompile"
    assert sorted(k[1] for k in mo.keys() - po.keys()) == [], f"{_name(mo_path)} has extra entries: recompile"
    assert stale == [], f"{_name(mo_path)} differs from the .po: recompile"

    # And Python's gettext, which Django uses, reads it (charset declared, text decodable).
    with mo_path.open("rb") as handle:
        reader = gettext.GNUTranslations(handle)
    for (context, msgid), translated in po.items():
        if context is None and isinstance(translated, str):
            assert reader.gettext(msgid) == translated


# --- catalogues in step with the source -------------------------------------------------------------
# The foundation's own catalogues must list every string its code and templates mark; otherwise a
# new string would silently stay English. Re-extracting needs GNU gettext's xgettext.

OWN = {
    "locale/sv/LC_MESSAGES/django.po": ("core", "templates", "config"),
    "catalogue/locale/sv/LC_MESSAGES/django.po": ("catalogue",),
    "organisations/locale/sv/LC_MESSAGES/django.po": ("organisations",),
}


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext) to extract strings"
)
@pytest.mark.parametrize("po_name", sorted(OWN))
def test_the_foundation_catalogues_list_every_marked_string(po_name, tmp_path):
    for folder in OWN[po_name]:
        shutil.copytree(PACKAGE / folder, tmp_path / folder, ignore=shutil.ignore_patterns("locale", "tests"))
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [str(Path(__import__("sys").executable).with_name("django-admin")), "makemessages", "-l", "sv"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": __import__("os").environ["PATH"]},
    )
    extracted = {_key(e) for e in polib.pofile(str(tmp_path / "locale/sv/LC_MESSAGES/django.po"))}
    committed = {_key(e) for e in _entries(polib.pofile(str(PACKAGE / po_name)))}
    assert sorted(k[1] for k in extracted - committed) == [], f"{po_name} misses strings: run makemessages"


# --- the language switch ----------------------------------------------------------------------------


def switch_links(html: str) -> list[tuple[str, str, str]]:
    """(href, language, text) of each link in the language switch."""
    nav = html.split('<nav class="lang"', 1)[1].split("</nav>", 1)[0]
    return re.findall(
        r'<a class="button secondary" href="([^"]*)" lang="(\w+)" hreflang="\w+">([^<]+)</a>', nav
    )


@pytest.mark.django_db
def test_home_is_swedish_at_the_root_and_english_under_en(client):
    sv = client.get("/")
    assert sv.status_code == 200
    html = sv.content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html
    assert "Översikt" in html
    # The switch offers the other language in its own name, one click away.
    assert switch_links(html) == [("/en/", "en", "English")]

    en = client.get("/en/").content.decode()
    assert '<html lang="en">' in en
    assert "Skip to content" in en
    assert "Overview" in en
    assert switch_links(en) == [("/", "sv", "Svenska")]


@pytest.mark.django_db
def test_swedish_is_the_default_whatever_the_browser_asks(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="sv">' in html


@pytest.mark.django_db
def test_the_switch_leads_to_the_same_page_in_the_other_language(client):
    sv = client.get("/catalogue/", {"country": "SE", "q": "GMP"}).content.decode()
    assert switch_links(sv) == [("/en/catalogue/?country=SE&amp;q=GMP", "en", "English")]
    assert '<link rel="alternate" hreflang="en" href="/en/catalogue/?country=SE&amp;q=GMP">' in sv

    en = client.get("/en/organisations/").content.decode()
    assert switch_links(en) == [("/organisations/", "sv", "Svenska")]
    assert client.get("/organisations/").status_code == 200


@pytest.mark.django_db
def test_a_missing_page_offers_the_other_languages_home(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert switch_links(html) == [("/", "sv", "Svenska")]
    assert "<h1>Sidan finns inte</h1>" in client.get("/no-such-page/").content.decode()
