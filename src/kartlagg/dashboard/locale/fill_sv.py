# ruff: noqa: E501  (a translation table: long strings read better unbroken)
"""Swedish for the dashboard and jobs catalogues: run after `makemessages`; fails on a missing entry,
clears fuzzy flags and compiles the .mo beside each .po. Usage: python src/kartlagg/dashboard/locale/fill_sv.py"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUES = [PACKAGE / app / "locale" / "sv" / "LC_MESSAGES" / "django.po" for app in ("dashboard", "jobs")]

SV: dict[str, str] = {
    "Dashboard": "Översiktspanel",
    "Overview": "Översikt",
    "ATMP competence needs and education supply": "Kompetensbehov och utbildningsutbud inom ATMP",
    "kartlagg maps what Sweden and the Nordics need in advanced therapy medicinal products (cell, gene and "
    "tissue therapies) and what education exists to meet it.": "kartlagg kartlägger vad Sverige och Norden "
    "behöver inom läkemedel för avancerad terapi (cell-, gen- och vävnadsterapier) och vilken utbildning "
    "som finns för att möta behoven.",
    "Key figures of the latest mapping": "Nyckeltal från den senaste kartläggningen",
    "education offerings": "utbildningar",
    "of them in Sweden": "av dem i Sverige",
    "in other countries": "i andra länder",
    "providers": "utbildningsanordnare",
    "expected recruitment over five years: hidden, too few organisations answered": "förväntad rekrytering "
    "under fem år: dold, för få organisationer svarade",
    "expected recruitment over five years (%(unit)s, range)": "förväntad rekrytering under fem år "
    "(%(unit)s, intervall)",
    "responding organisations (of %(n)s invited)": "organisationer som svarat (av %(n)s inbjudna)",
    "Survey figures: %(title)s.": "Enkätsiffror: %(title)s.",
    "Illustrative data": "Illustrativa data",
    "Figures from too few organisations are hidden to protect respondents.": "Siffror från för få "
    "organisationer döljs för att skydda de svarande.",
    "The survey figures could not be computed; the error has been logged.": "Enkätsiffrorna kunde inte "
    "beräknas; felet har loggats.",
    "No survey round has been published yet, so there are no survey figures.": "Inga enkätomgångar har "
    "publicerats ännu, så det finns inga enkätsiffror.",
    "Top gaps": "Största gapen",
    "%(hires)s hires expected, %(offerings)s offerings": "%(hires)s väntade rekryteringar, "
    "%(offerings)s utbildningar",
    "All gaps": "Alla gap",
    "The gaps could not be computed; the error has been logged.": "Gapen kunde inte beräknas; felet har loggats.",
    "No gaps yet: load survey answers, job ads or plans to see where demand exceeds supply.": "Inga gap ännu: "
    "läs in enkätsvar, platsannonser eller planer för att se var efterfrågan överstiger utbudet.",
    "Job ads per year": "Platsannonser per år",
    "ATMP and related job ads per year": "Platsannonser inom ATMP och närliggande områden per år",
    "ATMP": "ATMP",
    "related": "närliggande",
    "The figures as a table": "Siffrorna som tabell",
    "Year": "År",
    "Job ads": "Platsannonser",
    "The job-ad store is being updated; try again in a minute.": "Annonslagret uppdateras; försök igen om "
    "en minut.",
    "The ad trend could not be computed; the error has been logged.": "Annonstrenden kunde inte beräknas; "
    "felet har loggats.",
    "No job ads have been collected yet.": "Inga platsannonser har samlats in ännu.",
    "Survey progress": "Enkätens framsteg",
    "%(title)s is open.": "%(title)s är öppen.",
    "Closes %(date)s.": "Stänger %(date)s.",
    "answered: %(submitted)s of %(invited)s invited organisations have submitted, %(drafts)s have a draft.": "svarat: %(submitted)s av %(invited)s inbjudna organisationer har skickat in, %(drafts)s har ett utkast.",
    "Survey progress could not be computed; the error has been logged.": "Enkätens framsteg kunde inte "
    "beräknas; felet har loggats.",
    "No survey round is open right now.": "Ingen enkätomgång är öppen just nu.",
    "Coordination": "Samordning",
    "The coordination figures could not be computed; the error has been logged.": "Samordningssiffrorna "
    "kunde inte beräknas; felet har loggats.",
    "Offerings and demand by region": "Utbud och efterfrågan per region",
    "Schematic map of Sweden's counties": "Schematisk karta över Sveriges län",
    "One square per county, placed roughly where it lies. The darker the square, the more offerings and "
    "offers; the number is the demand (open needs and ATMP job ads). The table beside the map has every "
    "figure.": "En ruta per län, ungefär där länet ligger. Ju mörkare ruta, desto fler utbildningar och "
    "erbjudanden; talet är efterfrågan (öppna behov och ATMP-annonser). Tabellen bredvid kartan har alla siffror.",
    "supply %(s)s, demand %(d)s": "utbud %(s)s, efterfrågan %(d)s",
    "Supply (offerings and offers):": "Utbud (utbildningar och erbjudanden):",
    "few → many": "få → många",
    "Number: demand.": "Tal: efterfrågan.",
    "Per county": "Per län",
    "County": "Län",
    "Offerings": "Utbildningar",
    "Open offers": "Öppna erbjudanden",
    "Open needs": "Öppna behov",
    "ATMP ads": "ATMP-annonser",
    "Without a known county: %(o)s offerings, %(f)s offers, %(n)s needs.": "Utan känt län: %(o)s "
    "utbildningar, %(f)s erbjudanden, %(n)s behov.",
    "The regional figures could not be computed; the error has been logged.": "De regionala siffrorna "
    "kunde inte beräknas; felet har loggats.",
    "No offerings, offers, needs or job ads with a Swedish region yet.": "Inga utbildningar, erbjudanden, "
    "behov eller platsannonser med en svensk region ännu.",
    "Background work": "Bakgrundsarbete",
    "Imports and report builds": "Importer och rapportbyggen",
    "Import a catalogue file": "Importera en katalogfil",
    "Education supply per competence area": "Utbildningsutbud per kompetensområde",
    "How many offerings in the catalogue cover each area, in Sweden and in other countries. Choose a number "
    "to see the offerings.": "Hur många utbildningar i katalogen som täcker varje område, i Sverige och i "
    "andra länder. Välj ett tal för att se utbildningarna.",
    "Offerings per competence area, Sweden and other countries": "Utbildningar per kompetensområde, Sverige "
    "och andra länder",
    "Competence area": "Kompetensområde",
    "Sweden": "Sverige",
    "Other countries": "Andra länder",
    "%(area)s: %(n)s in Sweden": "%(area)s: %(n)s i Sverige",
    "%(area)s: %(n)s in other countries": "%(area)s: %(n)s i andra länder",
    "No competence areas are loaded yet.": "Inga kompetensområden är inlästa ännu.",
    # jobs
    "Background jobs": "Bakgrundsjobb",
    "Catalogue file": "Katalogfil",
    "CSV or XLSX (also JSON or YAML) with one offering per row, as the catalogue export writes it.": "CSV "
    "eller XLSX (även JSON eller YAML) med en utbildning per rad, som katalogexporten skriver den.",
    "Choose a .csv, .xlsx, .json or .yaml file.": "Välj en fil av typen .csv, .xlsx, .json eller .yaml.",
    "The file is larger than 20 MB.": "Filen är större än 20 MB.",
    "Waiting": "Väntar",
    "Running": "Pågår",
    "Done": "Klart",
    "Failed": "Misslyckades",
    "kind": "typ",
    "title": "titel",
    "status": "status",
    "parameters": "parametrar",
    "done": "klart",
    "total": "totalt",
    "message": "meddelande",
    "error": "fel",
    "problems": "problem",
    "result": "resultat",
    "created": "skapat",
    "started": "startat",
    "finished": "avslutat",
    "background job": "bakgrundsjobb",
    "background jobs": "bakgrundsjobb",
    "The whole file is checked first. If any row has a problem, nothing is imported and every problem is "
    "listed with its row and field. Offerings are matched by their key, so importing the same file again "
    "changes nothing.": "Hela filen kontrolleras först. Har någon rad ett problem importeras ingenting, och "
    "varje problem listas med rad och fält. Utbildningar känns igen på sin nyckel, så att importera samma "
    "fil igen ändrar ingenting.",
    "Download the current catalogue as CSV (a template)": "Ladda ned den nuvarande katalogen som CSV (en mall)",
    "Import in the background": "Importera i bakgrunden",
    "Status": "Status",
    "Progress": "Förlopp",
    "%(done)s of %(total)s": "%(done)s av %(total)s",
    "Message": "Meddelande",
    "Started": "Startat",
    "Finished": "Avslutat",
    "This page updates itself until the job is done.": "Sidan uppdaterar sig själv tills jobbet är klart.",
    "Error:": "Fel:",
    "Problems found in the file (nothing was imported)": "Problem i filen (ingenting importerades)",
    "Row": "Rad",
    "Field": "Fält",
    "Problem": "Problem",
    "See the result": "Se resultatet",
    "Imports, report builds and job-ad classification run in the background; their progress is shown "
    "here.": "Importer, rapportbyggen och klassificering av platsannonser körs i bakgrunden; här syns hur långt "
    "de har kommit.",
    "Catalogue import": "Katalogimport",
    "Report builds": "Rapportbyggen",
    "Build %(title)s in the background": "Bygg %(title)s i bakgrunden",
    "No report editions yet.": "Inga rapportutgåvor ännu.",
    "Recent jobs": "Senaste jobben",
    "Job": "Jobb",
    "No jobs have been run yet.": "Inga jobb har körts ännu.",
    "Only coordinators may run and follow background jobs.": "Endast samordnare får köra och följa "
    "bakgrundsjobb.",
    "Build report: %(edition)s": "Bygg rapport: %(edition)s",
    "Import catalogue file %(name)s": "Importera katalogfilen %(name)s",
    "Checking %(name)s": "Kontrollerar %(name)s",
    "Importing %(n)s rows": "Importerar %(n)s rader",
    "%(name)s: %(n)s problem(s), nothing imported": "%(name)s: %(n)s problem, ingenting importerades",
    "%(name)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged": "%(name)s: %(created)s nya, %(updated)s ändrade, %(unchanged)s oförändrade",
    "No report edition %(key)s.": "Ingen rapportutgåva %(key)s.",
    "Building %(title)s": "Bygger %(title)s",
    "%(file)s built": "%(file)s byggd",
    "%(n)s files of %(title)s built (data snapshot %(hash)s)": "%(n)s filer av %(title)s byggda (dataögonblick %(hash)s)",
    "Job-ad classification": "Klassificering av platsannonser",
    "Classify the job ads not yet classified": "Klassificera de platsannonser som inte är klassificerade än",
    "Classify every job ad again": "Klassificera om alla platsannonser",
    "Counting the ads to classify": "Räknar annonserna som ska klassificeras",
    "Classifying %(n)s ads": "Klassificerar %(n)s annonser",
    "%(n)s ads classified by %(version)s. Stored now: %(atmp)s ATMP, %(related)s related, %(none)s not ATMP.": "%(n)s annonser klassificerade av %(version)s. Lagrat nu: %(atmp)s ATMP, %(related)s närliggande, %(none)s inte ATMP.",
}


def main() -> int:
    missing = []
    for path in CATALOGUES:
        po = polib.pofile(str(path))
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid not in SV:
                missing.append(f"{path.parent.parent.parent.parent.name}: {entry.msgid!r}")
                continue
            entry.msgstr = SV[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(path))
        po.save_as_mofile(str(path.with_suffix(".mo")))
    for line in missing:
        print("missing:", line, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
