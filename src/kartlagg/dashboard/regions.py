"""Sweden's 21 counties (län) and a schematic tile layout for the dashboard map.

Regions are free text in the data (organisation.region, offer.region, job-ad region), written as
"Region Stockholm", "Stockholms län", "Västerbotten", "Västra Götalandsregionen"... ``county_for``
reduces such a text (or, failing that, a city) to a county code; anything else is "unknown".
The tile layout is schematic on purpose: one square per county, placed roughly where it lies, so the
map needs no external tiles and every county is equally readable and clickable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class County:
    code: str  # the ISO 3166-2:SE letter code
    name: str
    col: int
    row: int


COUNTIES: tuple[County, ...] = (
    County("BD", "Norrbotten", 2, 0),
    County("AC", "Västerbotten", 2, 1),
    County("Z", "Jämtland", 1, 2),
    County("Y", "Västernorrland", 2, 2),
    County("W", "Dalarna", 1, 3),
    County("X", "Gävleborg", 2, 3),
    County("S", "Värmland", 0, 4),
    County("T", "Örebro", 1, 4),
    County("U", "Västmanland", 2, 4),
    County("C", "Uppsala", 3, 4),
    County("O", "Västra Götaland", 0, 5),
    County("D", "Södermanland", 2, 5),
    County("AB", "Stockholm", 3, 5),
    County("F", "Jönköping", 1, 6),
    County("E", "Östergötland", 2, 6),
    County("N", "Halland", 0, 7),
    County("G", "Kronoberg", 1, 7),
    County("H", "Kalmar", 2, 7),
    County("I", "Gotland", 3, 7),
    County("M", "Skåne", 0, 8),
    County("K", "Blekinge", 1, 8),
)
BY_CODE = {c.code: c for c in COUNTIES}

# Name stems as they occur in region texts (genitive "s län" and "regionen" forms contain them).
_STEMS: dict[str, str] = {c.name.lower(): c.code for c in COUNTIES}
_STEMS.update({"jämtland härjedalen": "Z", "sörmland": "D", "västra götalandsregionen": "O"})
# Cities for records that give a city but no region (university and company towns in the data).
_CITIES: dict[str, str] = {
    "göteborg": "O",
    "gothenburg": "O",
    "mölndal": "O",
    "borås": "O",
    "trollhättan": "O",
    "skövde": "O",
    "lund": "M",
    "malmö": "M",
    "helsingborg": "M",
    "umeå": "AC",
    "luleå": "BD",
    "linköping": "E",
    "norrköping": "E",
    "solna": "AB",
    "huddinge": "AB",
    "södertälje": "AB",
    "stockholm": "AB",
    "sundsvall": "Y",
    "östersund": "Z",
    "falun": "W",
    "gävle": "X",
    "karlstad": "S",
    "västerås": "U",
    "eskilstuna": "D",
    "nyköping": "D",
    "växjö": "G",
    "kalmar": "H",
    "visby": "I",
    "karlskrona": "K",
    "halmstad": "N",
    "jönköping": "F",
    "örebro": "T",
    "uppsala": "C",
}
_ORDERED_STEMS = sorted(_STEMS.items(), key=lambda kv: -len(kv[0]))


# Well-known institutions whose name says where they are.
_NAMES: dict[str, str] = {"karolinska": "AB", "chalmers": "O", "kth": "AB", "sahlgrenska": "O"}


def county_for(region: str, city: str = "", name: str = "") -> str:
    """The county code a region text, a city or an organisation's name ("Uppsala universitet") names;
    "" when none says."""
    text = (region or "").strip().lower()
    if text:
        for stem, code in _ORDERED_STEMS:
            if stem in text:
                return code
    place = (city or "").strip().lower()
    if place in _CITIES:
        return _CITIES[place]
    for word in (name or "").lower().replace(",", " ").split():
        stem = word.removesuffix("s")  # "Lunds universitet", "Göteborgs universitet"
        for candidate in (word, stem):
            if candidate in _CITIES:
                return _CITIES[candidate]
            if candidate in _NAMES:
                return _NAMES[candidate]
    return ""
