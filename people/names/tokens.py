"""A name's normalised Latin tokens: honorifics out, abbreviations expanded, initials recognised in either
script (written as letters, as Devanagari letter names, or as a converter's words), Devanagari transliterated."""

from __future__ import annotations

import re
import unicodedata

from people.names.scripts import (
    CONSONANTS,
    MATRAS,
    NUKTA,
    NUKTA_FORMS,
    VIRAMA,
    ascii_digits,
    has_devanagari,
    transliterate_devanagari,
)

HONORIFICS = frozenset(
    [
        "sri",
        "shri",
        "shree",
        "sree",
        "smt",
        "shrimati",
        "srimati",
        "sushri",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "late",
        "lt",
        "km",
        "adv",
        "prof",
        "mst",
        "musammat",
        "mosammat",
    ]
)
DEVANAGARI_HONORIFICS = frozenset(
    {"श्री", "श्रीमती", "सुश्री", "स्व", "स्वर्गीय", "प्रयात", "डॉ", "डा", "डॉक्टर", "डाक्टर", "कु", "मुसम्मात"}
    | {"अडव", "अड्व", "एडव", "एडवो", "ऐड्व", "ऎडिवि", "एडिवि", "एडवोकेट", "अधिवक्ता", "अभिभाषक"}  # Adv. (advocate)
)
# Abbreviations and spellings written for one name, to the key we index (applied to normalised tokens).
ABBREVIATIONS = {
    **dict.fromkeys(
        [
            "md",
            "mohd",
            "mohmd",
            "mohd",
            "mohamad",
            "mohammed",
            "mohamed",
            "muhammad",
            "muhammed",
            "mohmmad",
            "mohmad",
            "mahammad",
            "mahamad",
            "muhamad",
            "mohammad",
            "mohd",
            "mo",
            "mu",
        ],
        "mohammad",
    ),
    **dict.fromkeys(["kr", "kum", "kumaar"], "kumar"),
    **dict.fromkeys(["pd", "prd", "prashad", "parsad"], "prasad"),
    **dict.fromkeys(["sk", "shk", "sheikh", "shaikh", "shekh", "seikh"], "shaikh"),
    **dict.fromkeys(
        ["chy", "choudhary", "chaudhary", "chaudhari", "choudhari", "chaudhry", "chowdhury", "chaudhuri"], "choudhary"
    ),
}
# Mohammad only before a name: ending a (South Indian) name they are an initial ("Muthu Mu.", "मुथु मु").
_LEADING_ONLY_ABBREVIATIONS = frozenset({"mo", "mu"})
_LEADING_ONLY_DEVANAGARI = frozenset({"मो", "मु"})
# Devanagari abbreviations, before transliteration ("मो०" is Mohammad, "कु०" Kumar or Kumari: left out).
DEVANAGARI_ABBREVIATIONS = {
    **dict.fromkeys(["मो", "मु", "मोह", "मह", "मोहा"], "mohammad"),
    "प्र": "prasad",
}
# What a common English-to-Hindi converter writes for an initial beside other name parts: "S." becomes "रों"
# (the plural ending it reads "s" as): "रों. मोहनराज" is S. Mohanraj; "I." and "Y." become the words they spell
# translated, मैं (I) and हाँ (yes). Alone they are left as written.
CONVERTER_INITIALS = {"रों": "s", "मैं": "i", "हाँ": "y", "हां": "y"}
# Initials written out as the names of Latin letters ("ए. के. सिंह" is A. K. Singh). "जी" (G) is left out: it
# is far more often the respectful "ji".
DEVANAGARI_LETTER_NAMES = {
    "ए": "a", "बी": "b", "सी": "c", "डी": "d", "ई": "e", "एफ": "f", "एच": "h", "आई": "i", "जे": "j",
    "के": "k", "एल": "l", "एम": "m", "एन": "n", "ओ": "o", "पी": "p", "क्यू": "q", "आर": "r", "एस": "s",
    "टी": "t", "यू": "u", "वी": "v", "डब्ल्यू": "w", "एक्स": "x", "वाई": "y", "जेड": "z", "ज़ेड": "z",
    "सि": "c", "यस": "s", "ऐ": "i", "ऎं": "m", "ऎम": "m",
}  # fmt: skip
_TOKEN_SPLIT = re.compile(r"[\s.,;:/\\\-_()'\"`@।॥]+|(?<=[A-Za-z])(?=[\u0900-\u097f])|(?<=[\u0900-\u097f])(?=[A-Za-z])")
_ABBREVIATION_MARKS = re.compile(r"[०॰°ः]+$")
_NO_VOWEL = re.compile(r"[^aeiouy]{2,3}")


def _strip_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c) or "\u0900" <= c <= "\u097f"
    )


def _name_pieces(name: str) -> list[tuple[str, bool]]:
    """The raw parts of a name, each with whether a full stop followed it."""
    text = ascii_digits(name.replace("०", ". "))
    pieces, start = [], 0
    for separator in _TOKEN_SPLIT.finditer(text):
        pieces.append((text[start : separator.start()], "." in separator.group()))
        start = separator.end()
    pieces.append((text[start:], False))
    return [(_ABBREVIATION_MARKS.sub("", raw.strip()), dotted) for raw, dotted in pieces]


_NAMES_OF_LETTER_NAMES = frozenset({"बीबी"})  # Bibi, not B. B.
_LETTER_NAME = re.compile("|".join(sorted(DEVANAGARI_LETTER_NAMES, key=len, reverse=True)))
_LETTER_NAME_RUN = re.compile(f"(?:{_LETTER_NAME.pattern}){{2,4}}")


def _letter_name_form(raw: str) -> str:
    """A word as DEVANAGARI_LETTER_NAMES spells it: no nukta, no final virama, ऍ (the English e) written ए."""
    return raw.replace(NUKTA, "").removesuffix(VIRAMA).replace("ऍ", "ए")


def _devanagari_letter_run(raw: str) -> list[str]:
    """Initials written as one word of letter names ("एचएच" is H. H., "केएच" K. H.): the letters."""
    plain = _letter_name_form(raw)
    if plain in _NAMES_OF_LETTER_NAMES or not _LETTER_NAME_RUN.fullmatch(plain):
        return []
    return [DEVANAGARI_LETTER_NAMES[name] for name in _LETTER_NAME.findall(plain)]


# Vowel signs after which one consonant beside other name parts is an initial written as the syllable the
# letter begins ("तरेश पि" is Taresh P.); with the English-loan ॉ or ॅ it is a name (शॉ reads sho).
_INITIAL_SYLLABLE_MATRAS = frozenset("ािीुूृेैोौ")
# One-syllable parts that are names, not initials: झा and दे are surnames; "जी" is the respectful ji (see
# _LETTER_WORDS).
_ONE_SYLLABLE_NAMES = frozenset({"झा", "दे", "जी", "जि"})


def _devanagari_initial(raw: str, dotted: bool) -> str | None:
    """A lone consonant ("र", "क"), or one syllable with a full stop after it ("वि.") or with a vowel sign (see
    _INITIAL_SYLLABLE_MATRAS), is an initial in a name ("र. मुरुगन" is R. Murugan): its Latin first letter.
    "झा" (Jha) is a name."""
    consonant = NUKTA_FORMS.get(raw[0]) if raw[1:2] == NUKTA else raw[0]
    rest = raw[2:] if raw[1:2] == NUKTA else raw[1:]
    syllable = rest in _INITIAL_SYLLABLE_MATRAS and raw not in _ONE_SYLLABLE_NAMES
    if consonant not in CONSONANTS or not (rest == "" or (dotted and rest in MATRAS) or syllable):
        return None
    return CONSONANTS[consonant][0]


def _is_run_of_initials(raw: str, name_in_capitals: bool, after_surname: bool = False) -> bool:
    """ "HV", "PWH" or "KS" after a surname: letters each standing for a name, unless a known abbreviation;
    four capitals with no vowel after the first ("Silva, BKTN"; "Fernando, ARPM") in a name not all capitals.
    Capitals ending a name written "Surname, initials" are initials even when they spell an abbreviation
    ("Soren, MD" is M. D. Soren, not Mohammad)."""
    lower = raw.lower()
    if not (2 <= len(raw) <= 4 and raw.isascii() and raw.isalpha()) or lower in HONORIFICS:
        return False
    if after_surname and raw.isupper() and not name_in_capitals:
        return len(raw) < 4 or bool(_NO_VOWEL.fullmatch(lower[1:]))
    if lower in ABBREVIATIONS:
        return False
    if len(raw) == 4:
        return raw.isupper() and not name_in_capitals and bool(_NO_VOWEL.fullmatch(lower[1:]))
    return bool(_NO_VOWEL.fullmatch(lower)) or (raw.isupper() and not name_in_capitals)


def name_tokens(name: str) -> list[str]:
    """Normalised Latin tokens of a name written in any script (honorifics out, abbreviations expanded)."""
    return [token for token, _ in tokens_with_sources(name)]


# Where a token came from (see tokens_with_sources): a part written in Latin, or an expansion or initial.
LATIN, FIXED = "latn", ""
_INITIALS_AFTER_SURNAME = re.compile(r"^[^,]+,\s*[A-Z]{2,4}\s*$")  # "de Silva, DM"


def tokens_with_sources(name: str) -> list[tuple[str, str]]:
    """Each normalised token with where it came from: the Devanagari word it was transliterated from, "latn" for
    a part written in Latin, "" for an expanded abbreviation or an initial (spelling variants need to know)."""
    tokens: list[tuple[str, str]] = []
    name_in_capitals = name.isupper()
    initials_after_comma = _INITIALS_AFTER_SURNAME.search(name)
    pieces = [piece for piece in _name_pieces(name) if piece[0]]
    several = len(pieces) > 1  # initials and abbreviations stand beside other parts, never alone
    for position, (raw, dotted) in enumerate(pieces):
        last = several and position == len(pieces) - 1
        if has_devanagari(raw):
            if raw in DEVANAGARI_HONORIFICS:
                continue
            raw = unicodedata.normalize("NFC", raw)
            if letters := _devanagari_letter_run(raw):
                tokens.extend((letter, FIXED) for letter in letters)
                continue
            written = raw
            raw = (
                (None if last and raw in _LEADING_ONLY_DEVANAGARI else DEVANAGARI_ABBREVIATIONS.get(raw))
                or DEVANAGARI_LETTER_NAMES.get(_letter_name_form(raw))
                or (_devanagari_initial(raw, dotted) if several else None)
                or (CONVERTER_INITIALS.get(raw) if several else None)
                or transliterate_devanagari(raw)
            )
            source = written if raw == transliterate_devanagari(written) else FIXED
        elif _is_run_of_initials(raw, name_in_capitals, last and initials_after_comma is not None):
            tokens.extend((letter, FIXED) for letter in raw.lower())
            continue
        else:
            source = LATIN
        token = re.sub(r"[^a-z]", "", _strip_accents(raw.lower()))
        if not token or token in HONORIFICS:
            continue
        expanded = token if last and token in _LEADING_ONLY_ABBREVIATIONS else ABBREVIATIONS.get(token, token)
        tokens.append((expanded, source if expanded == token else FIXED))
    return tokens
