"""Swedish translations for the foundation's catalogues (project, catalogue, organisations).

Run after `makemessages` (see README.md beside this file): it fills every entry from the table below,
fails on an entry the table lacks, clears fuzzy flags and compiles the .mo beside each .po.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parents[1]
CATALOGUES = [
    PACKAGE / "locale" / "sv" / "LC_MESSAGES" / "django.po",
    PACKAGE / "catalogue" / "locale" / "sv" / "LC_MESSAGES" / "django.po",
    PACKAGE / "organisations" / "locale" / "sv" / "LC_MESSAGES" / "django.po",
]

SV: dict[str, str] = {
    # base template, core
    "Swedish": "Svenska",
    "English": "Engelska",
    "Overview": "Översikt",
    "About the data": "Om underlaget",
    'The competence taxonomy and the seeded catalogue follow the 2022 status report "Kartläggning av '
    'utbildning och kompetensbehov inom ATMP" (Innovationsmiljön ATMP 2030). Where the report gives no '
    "fact, the field is left empty.": "Kompetenstaxonomin och den förifyllda katalogen följer lägesrapporten "
    '"Kartläggning av utbildning och kompetensbehov inom ATMP" från 2022 (Innovationsmiljön ATMP 2030). '
    "Där rapporten inte anger en uppgift lämnas fältet tomt.",
    "Links to the Swedish labour-market taxonomy use JobTech (Arbetsförmedlingen) open data; links to ESCO "
    "use ESCO v1.1 (European Commission, CC BY 4.0).": "Kopplingar till den svenska arbetsmarknadstaxonomin "
    "använder JobTechs öppna data (Arbetsförmedlingen); kopplingar till ESCO använder ESCO v1.1 "
    "(Europeiska kommissionen, CC BY 4.0).",
    "ATMP competence needs and education supply": "Kompetensbehov och utbildningsutbud inom ATMP",
    "kartlagg maps what Sweden and the Nordics need in advanced therapy medicinal products (cell, gene and "
    "tissue therapies) and what education exists to meet it.": "kartlagg kartlägger vilka kompetenser "
    "Sverige och Norden behöver inom läkemedel för avancerad terapi (cell-, gen- och vävnadsterapier) och "
    "vilken utbildning som finns för att möta behovet.",
    "competence areas": "kompetensområden",
    "education offerings": "utbildningsinsatser",
    "of them in Sweden": "av dem i Sverige",
    "providers": "utbildningsanordnare",
    "Education supply per competence area": "Utbildningsutbud per kompetensområde",
    "How many offerings in the catalogue cover each area, in Sweden and in other countries. Choose a number "
    "to see the offerings.": "Hur många utbildningsinsatser i katalogen som täcker varje område, i Sverige "
    "och i andra länder. Välj en siffra för att se insatserna.",
    "Offerings per competence area, Sweden and other countries": "Utbildningsinsatser per kompetensområde, "
    "Sverige och andra länder",
    "Competence area": "Kompetensområde",
    "Sweden": "Sverige",
    "Other countries": "Andra länder",
    "%(area)s: %(n)s in Sweden": "%(area)s: %(n)s i Sverige",
    "%(area)s: %(n)s in other countries": "%(area)s: %(n)s i andra länder",
    "Vocational (YH)": "Yrkeshögskola (YH)",
    "First cycle (bachelor)": "Grundnivå (kandidat)",
    "Second cycle (master)": "Avancerad nivå (master)",
    "Third cycle (PhD)": "Forskarnivå (doktorand)",
    "Professional development": "Fort- och vidareutbildning",
    "Awareness": "Översiktlig kännedom",
    "Working knowledge": "Praktisk kunskap",
    "Expert": "Expert",
    "Norway": "Norge",
    "Denmark": "Danmark",
    "Finland": "Finland",
    "Iceland": "Island",
    "United Kingdom": "Storbritannien",
    "United States": "USA",
    "Canada": "Kanada",
    "Germany": "Tyskland",
    "Netherlands": "Nederländerna",
    "European Union (multinational)": "Europeiska unionen (flera länder)",
    "Skip to content": "Hoppa till innehållet",
    "ATMP competence and education map": "Karta över ATMP-kompetens och utbildning",
    "Main navigation": "Huvudmeny",
    "Language": "Språk",
    "Page not found": "Sidan finns inte",
    "There is no page at this address.": "Det finns ingen sida på den här adressen.",
    "Go to the overview": "Gå till översikten",
    "kartlagg %(version)s — open source.": "kartlagg %(version)s — öppen källkod.",
    # catalogue
    "Where and how": "Var och hur",
    "Extent, fee and dates": "Omfattning, avgift och datum",
    "Description": "Beskrivning",
    "Education catalogue": "Utbildningskatalog",
    "Degree programme": "Utbildningsprogram",
    "Course": "Kurs",
    "E-learning": "E-learning",
    "Hands-on training": "Praktisk träning",
    "Apprenticeship": "Lärlingsutbildning",
    "Webinar series": "Webinarserie",
    "Seminar series": "Seminarieserie",
    "Conference course": "Konferenskurs",
    "Training network or programme": "Utbildningsnätverk eller -initiativ",
    "Campus": "Campus",
    "Online": "Distans (online)",
    "Blended": "Blandat",
    "Students": "Studenter",
    "PhD students": "Doktorander",
    "Healthcare staff": "Vårdpersonal",
    "Industry staff": "Personal i industrin",
    "None": "Inget",
    "Some elements": "Vissa inslag",
    "Substantial": "Betydande",
    "Dedicated to ATMP": "Helt inriktad på ATMP",
    "credits (hp/ECTS)": "högskolepoäng (hp/ECTS)",
    "hours": "timmar",
    "days": "dagar",
    "weeks": "veckor",
    "key": "nyckel",
    "title (Swedish)": "titel (svenska)",
    "title (English)": "titel (engelska)",
    "kind": "typ",
    "provider": "anordnare",
    "country": "land",
    "city": "ort",
    "languages": "språk",
    "ISO 639-1 codes": "ISO 639-1-koder",
    "format": "form",
    "level": "nivå",
    "target groups": "målgrupper",
    "extent": "omfattning",
    "extent unit": "enhet för omfattning",
    "fee": "avgift",
    "capacity (seats per year)": "kapacitet (platser per år)",
    "start date": "startdatum",
    "end date": "slutdatum",
    "URL": "Webbadress",
    "description (Swedish)": "beskrivning (svenska)",
    "description (English)": "beskrivning (engelska)",
    "ATMP share": "ATMP-andel",
    "source": "källa",
    "updated": "uppdaterad",
    "offering": "utbildningsinsats",
    "offerings": "utbildningsinsatser",
    "A list of target groups, each one of: %(allowed)s.": "En lista med målgrupper, var och en någon av: "
    "%(allowed)s.",
    'A list of two-letter language codes, e.g. ["sv", "en"].': "En lista med språkkoder på två bokstäver, "
    't.ex. ["sv", "en"].',
    "A two-letter country code in capitals, e.g. SE.": "En landskod med två versaler, t.ex. SE.",
    "Give the unit of the extent.": "Ange enhet för omfattningen.",
    "competence area": "kompetensområde",
    "depth": "djup",
    "covered competence area": "täckt kompetensområde",
    "covered competence areas": "täckta kompetensområden",
    "Breadcrumb": "Brödsmulor",
    "Provider": "Anordnare",
    "Kind": "Typ",
    "Country": "Land",
    "not stated": "ej angivet",
    "Format": "Form",
    "Level": "Nivå",
    "Target group": "Målgrupp",
    "Extent": "Omfattning",
    "Fee": "Avgift",
    "Capacity (seats per year)": "Kapacitet (platser per år)",
    "Dates": "Datum",
    "Web page": "Webbsida",
    "Source": "Källa",
    "Competence areas covered": "Kompetensområden som täcks",
    "Not mapped to competence areas: the source does not describe the content.": "Inte kopplad till "
    "kompetensområden: källan beskriver inte innehållet.",
    "Programmes, courses, e-learning, hands-on training and other offerings in Sweden and abroad, with the "
    "competence areas they cover. Filter to compare what Sweden offers with other countries.": "Program, "
    "kurser, e-learning, praktisk träning och andra utbildningsinsatser i Sverige och utomlands, med de "
    "kompetensområden de täcker. Filtrera för att jämföra vad Sverige erbjuder med andra länder.",
    "Filter the catalogue": "Filtrera katalogen",
    "Search": "Sök",
    "Words in title, description, provider or competence area.": "Ord i titel, beskrivning, anordnare "
    "eller kompetensområde.",
    "All": "Alla",
    "Filter": "Filtrera",
    "Clear filters": "Rensa filter",
    "Compare countries for this competence area": "Jämför länder för detta kompetensområde",
    "Offerings matching the filters": "Utbildningsinsatser som matchar filtren",
    "Offering": "Utbildningsinsats",
    "Competence areas": "Kompetensområden",
    "No offering matches these filters.": "Ingen utbildningsinsats matchar filtren.",
    "Download the whole catalogue": "Ladda ner hela katalogen",
    # organisations
    "Organisations": "Organisationer",
    "Small or medium company": "Litet eller medelstort företag",
    "Large pharmaceutical company": "Stort läkemedelsföretag",
    "Contract development and manufacturing organisation (CDMO)": "Kontraktsutvecklings- och "
    "tillverkningsföretag (CDMO)",
    "Other company": "Annat företag",
    "University-hospital region": "Region med universitetssjukhus",
    "University or college": "Universitet eller högskola",
    "Academic unit": "Akademisk enhet",
    "Authority": "Myndighet",
    "Network or association": "Nätverk eller förening",
    "Infrastructure": "Infrastruktur",
    "Funder": "Finansiär",
    "Training provider": "Utbildningsföretag",
    "Other": "Övrigt",
    "Industry": "Näringsliv",
    "Healthcare": "Hälso- och sjukvård",
    "Academia": "Akademi",
    "Public sector": "Offentlig sektor",
    "slug": "kortnamn (slug)",
    "name": "namn",
    "organisation number": "organisationsnummer",
    "ISO 3166-1 alpha-2, e.g. SE": "ISO 3166-1 alfa-2, t.ex. SE",
    "region": "region",
    "website": "webbplats",
    "Where this record comes from.": "Varifrån uppgiften kommer.",
    "created": "skapad",
    "organisation": "organisation",
    "organisations": "organisationer",
    "e-mail": "e-post",
    "role": "roll",
    "preferred language": "föredraget språk",
    "contact": "kontaktperson",
    "contacts": "kontaktpersoner",
    "Sector": "Sektor",
    "Region": "Region",
    "City": "Ort",
    "Website": "Webbplats",
    "Education offerings": "Utbildningsinsatser",
    "No offering in the catalogue.": "Ingen utbildningsinsats i katalogen.",
    "Providers of education and other actors kartlagg refers to.": "Utbildningsanordnare och andra "
    "aktörer som kartlagg hänvisar till.",
    "Filter the organisations": "Filtrera organisationerna",
    "Name": "Namn",
    "Offerings": "Utbildningsinsatser",
    "No organisations yet.": "Inga organisationer ännu.",
}

SV_PLURAL: dict[str, tuple[str, str]] = {
    "%(counter)s offering": ("%(counter)s utbildningsinsats", "%(counter)s utbildningsinsatser"),
    "%(counter)s organisation": ("%(counter)s organisation", "%(counter)s organisationer"),
}


def main() -> int:
    missing: list[str] = []
    for path in CATALOGUES:
        po = polib.pofile(str(path))
        po.metadata_is_fuzzy = False
        po.metadata["Project-Id-Version"] = "kartlagg"
        po.metadata["Last-Translator"] = "kartlagg maintainers"
        po.metadata["Language-Team"] = "Swedish"
        po.metadata["PO-Revision-Date"] = po.metadata.get("POT-Creation-Date", "")
        po.metadata["Language"] = "sv"
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                if entry.msgid in SV_PLURAL:
                    one, many = SV_PLURAL[entry.msgid]
                    entry.msgstr_plural = {0: one, 1: many}
                else:
                    missing.append(f"{path}: {entry.msgid!r} (plural)")
            elif entry.msgid in SV:
                entry.msgstr = SV[entry.msgid]
            else:
                missing.append(f"{path}: {entry.msgid!r}")
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
        po.save(str(path))
        mo = path.with_suffix(".mo")
        if shutil.which("msgfmt"):  # GNU msgfmt also checks that placeholders match
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(path)], check=True)
        else:
            po.save_as_mofile(str(mo))
    for line in missing:
        print("no Swedish translation for", line, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
