"""Searchable forms of Indian person names, computed once in Python for both search engines.

A name arrives in Devanagari or in one of many Latin spellings. We keep it as written and index:

- ``keys``: normalised Latin tokens. Devanagari is transliterated the way Indians romanise names (the
  inherent vowel dropped where speech drops it: राम -> ram, कमला -> kamla); honorifics (Shri, Smt, Late)
  are dropped; common abbreviations are expanded (Md, Mohd -> mohammad; Kr -> kumar).
- ``phonetic``: a script-neutral key per token that common spelling variants share: vowel length and
  vowels after the first letter are ignored, aspirates lose their h, w/v/b, z/j, q/k, sh/s and doubled
  letters are merged (Choudhary, Chaudhari, Chaudhry -> cdr).

The phonetic field also holds the phonetic keys of spelling variants our rules derive (Assamese छ for s,
Tamil zh, English spelling, ड़ read as d, a nasal Latin leaves out), fine keys that keep the vowels spelling
keeps (the token's own and its variants', marked "="), and each part's first letter (marked "^"). A queried
part also carries the phonetic key of itself joined to each neighbour, as records index theirs joined.

The engines match a query term against a name token by exact key, by phonetic key, by a variant's key, or by
a key one edit away (see :class:`indexes.engine.NameClause`).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from indexes.engine import NAME_FINE_MARK, NAME_FIRST_LETTER_MARK, NameTerm

# Names and their parts repeat across millions of records: their forms are computed once per process.
CACHED_NAMES = 1 << 18

# --- Devanagari to Latin ------------------------------------------------------------------------------------

_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n",
    "च": "ch", "छ": "chh", "ज": "j", "झ": "jh", "ञ": "n",
    "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n",
    "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n", "ऩ": "n",
    "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m",
    "य": "y", "र": "r", "ऱ": "r", "ल": "l", "ळ": "l", "व": "v",
    "श": "sh", "ष": "sh", "स": "s", "ह": "h",
    "क़": "q", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "r", "ढ़": "rh", "फ़": "f", "य़": "y",
}  # fmt: skip
_NUKTA_FORMS = {"क": "क़", "ख": "ख़", "ग": "ग़", "ज": "ज़", "ड": "ड़", "ढ": "ढ़", "फ": "फ़", "य": "य़"}
_VOWELS = {
    "अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ऋ": "ri", "ॠ": "ri",
    "ए": "e", "ऐ": "ai", "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e", "ऎ": "e", "ऒ": "o",
}  # fmt: skip
_MATRAS = {
    "ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "ृ": "ri", "ॄ": "ri",
    "े": "e", "ै": "ai", "ो": "o", "ौ": "au", "ॉ": "o", "ॅ": "e", "ॆ": "e", "ॊ": "o",
}  # fmt: skip
_VIRAMA, _NUKTA, _ANUSVARA, _CHANDRABINDU, _VISARGA = "्", "़", "ं", "ँ", "ः"
_LABIALS = set("pbm")
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


def detect_script(text: str) -> str:
    """``deva``, ``latn`` or ``mixed`` (letters of both); text with no letters counts as Latin."""
    deva = any("\u0900" <= char <= "\u097f" for char in text)
    latn = any(char.isascii() and char.isalpha() for char in text)
    return "mixed" if deva and latn else "deva" if deva else "latn"


def _syllables(word: str) -> list[list[str]]:
    """Split one Devanagari word into units [consonant-or-vowel latin, vowel latin or None, kind]."""
    units: list[list[str]] = []  # [letters, vowel, kind] kind: "c" consonant, "v" vowel, "x" other
    chars = list(unicodedata.normalize("NFC", word))
    i = 0
    while i < len(chars):
        char = chars[i]
        if i + 1 < len(chars) and chars[i + 1] == _NUKTA and char in _NUKTA_FORMS:
            char = _NUKTA_FORMS[char]
            i += 1
        if char in _CONSONANTS:
            units.append([_CONSONANTS[char], _INHERENT, "c"])  # inherent vowel until a matra or virama says otherwise
        elif char in _MATRAS and units and units[-1][2] == "c":
            units[-1][1] = _MATRAS[char]
        elif char == _VIRAMA and units and units[-1][2] == "c":
            units[-1][1] = ""
        elif char in _VOWELS:
            units.append([_VOWELS[char], "", "v"])
        elif char in (_ANUSVARA, _CHANDRABINDU):
            units.append(["n", "", "n"])
        elif char == _VISARGA:
            units.append(["h", "", "x"])
        elif char.isascii() and char.isalnum():
            units.append([char.lower(), "", "x"])
        i += 1
    return units


_INHERENT = "ə"  # the vowel a consonant carries when nothing else is written; spoken "a" or silent


@functools.lru_cache(maxsize=CACHED_NAMES)
def _transliterate_word(word: str) -> str:
    units = _syllables(word)
    # Schwa deletion, right to left: the inherent vowel is silent at the end of a word (unless after a
    # conjunct: Narendra) and between a voiced syllable and a consonant that carries a vowel (kamala -> kamla).
    for index in range(len(units) - 1, 0, -1):
        unit = units[index]
        if unit[2] != "c" or unit[1] != _INHERENT:
            continue
        previous = units[index - 1]
        if index == len(units) - 1:
            if not (previous[2] == "c" and previous[1] == ""):
                unit[1] = ""
            continue
        following = units[index + 1]
        previous_voiced = previous[2] == "v" or (previous[2] == "c" and previous[1] != "")
        if previous_voiced and following[2] == "c" and following[1] != "":
            unit[1] = ""
    letters = []
    for index, (latin, vowel, kind) in enumerate(units):
        if kind == "n":  # anusvara: m before a labial, ng before h (Singh), n otherwise
            following = units[index + 1][0] if index + 1 < len(units) else ""
            labial = following[:1] in _LABIALS and following[:1] != "m"  # शंमुगम is Shanmugam
            letters.append("m" if labial else "ng" if following[:1] == "h" else "n")
        else:
            letters.append(latin + vowel.replace(_INHERENT, "a"))
    return "".join(letters)


def transliterate_devanagari(text: str) -> str:
    """Devanagari to the lower-case Latin spelling Indians typically write; Latin passes through unchanged."""
    text = text.translate(_DIGITS)
    if detect_script(text) == "latn":
        return text
    return re.sub(r"[\u0900-\u097f]+", lambda match: _transliterate_word(match.group(0)), text)


# --- normalised tokens --------------------------------------------------------------------------------------

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
    text = name.replace("०", ". ").translate(_DIGITS)
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
    return raw.replace(_NUKTA, "").removesuffix(_VIRAMA).replace("ऍ", "ए")


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
    consonant = _NUKTA_FORMS.get(raw[0]) if raw[1:2] == _NUKTA else raw[0]
    rest = raw[2:] if raw[1:2] == _NUKTA else raw[1:]
    syllable = rest in _INITIAL_SYLLABLE_MATRAS and raw not in _ONE_SYLLABLE_NAMES
    if consonant not in _CONSONANTS or not (rest == "" or (dotted and rest in _MATRAS) or syllable):
        return None
    return _CONSONANTS[consonant][0]


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
    return [token for token, _ in _tokens_with_sources(name)]


_LATIN, _FIXED = "latn", ""
_INITIALS_AFTER_SURNAME = re.compile(r"^[^,]+,\s*[A-Z]{2,4}\s*$")  # "de Silva, DM"


def _tokens_with_sources(name: str) -> list[tuple[str, str]]:
    """Each normalised token with where it came from: the Devanagari word it was transliterated from, "latn" for
    a part written in Latin, "" for an expanded abbreviation or an initial (spelling variants need to know)."""
    tokens: list[tuple[str, str]] = []
    name_in_capitals = name.isupper()
    initials_after_comma = _INITIALS_AFTER_SURNAME.search(name)
    pieces = [piece for piece in _name_pieces(name) if piece[0]]
    several = len(pieces) > 1  # initials and abbreviations stand beside other parts, never alone
    for position, (raw, dotted) in enumerate(pieces):
        last = several and position == len(pieces) - 1
        if detect_script(raw) != "latn":
            if raw in DEVANAGARI_HONORIFICS:
                continue
            raw = unicodedata.normalize("NFC", raw)
            if letters := _devanagari_letter_run(raw):
                tokens.extend((letter, _FIXED) for letter in letters)
                continue
            written = raw
            raw = (
                (None if last and raw in _LEADING_ONLY_DEVANAGARI else DEVANAGARI_ABBREVIATIONS.get(raw))
                or DEVANAGARI_LETTER_NAMES.get(_letter_name_form(raw))
                or (_devanagari_initial(raw, dotted) if several else None)
                or (CONVERTER_INITIALS.get(raw) if several else None)
                or transliterate_devanagari(raw)
            )
            source = written if raw == transliterate_devanagari(written) else _FIXED
        elif _is_run_of_initials(raw, name_in_capitals, last and initials_after_comma is not None):
            tokens.extend((letter, _FIXED) for letter in raw.lower())
            continue
        else:
            source = _LATIN
        token = re.sub(r"[^a-z]", "", _strip_accents(raw.lower()))
        if not token or token in HONORIFICS:
            continue
        expanded = token if last and token in _LEADING_ONLY_ABBREVIATIONS else ABBREVIATIONS.get(token, token)
        tokens.append((expanded, source if expanded == token else _FIXED))
    return tokens


# --- phonetic keys ------------------------------------------------------------------------------------------

_PHONETIC_STEPS: tuple[tuple[str, str], ...] = (
    (r"chh|ch", "C"),
    (r"sh|ss", "s"),
    (r"ph", "f"),  # Latin f and Devanagari फ (ph) alike
    (r"ng(?=h|$)", "n"),  # Singh, Sinha, सिंह
    (r"(?<=[kgjtdbr])h", ""),  # aspirates: kh, gh, jh, th, dh, bh, rh
    (r"(?<=[aeiou])w(?![aeiou])", "u"),  # Nawsad, Nausad; Chowdhury, Choudhury
    (r"c", "k"),
    (r"C", "c"),
    (r"q", "k"),
    (r"x", "ks"),
    (r"z", "j"),
    (r"[wv]", "b"),
    (r"y", "i"),
    (r"(.)\1+", r"\1"),  # doubled letters
)
_COMPILED_STEPS = tuple((re.compile(pattern), replacement) for pattern, replacement in _PHONETIC_STEPS)
_VOWEL = re.compile(r"[aeiou]")


@functools.lru_cache(maxsize=CACHED_NAMES)
def phonetic_key(token: str) -> str:
    """A key that spelling variants of one name token share (first letter, then consonants merged by sound)."""
    text = re.sub(r"[^a-z]", "", token.lower())
    if not text:
        return ""
    for pattern, replacement in _COMPILED_STEPS:
        text = pattern.sub(replacement, text)
    first, rest = text[0], text[1:]
    if first in "aeiou":
        first = "a"  # Islam, Ishlam, इस्लाम; Omar, Umar
    key = first + _VOWEL.sub("", rest)
    key = re.sub(r"(.)\1+", r"\1", key)
    if len(key) > 2 and key.endswith("h"):  # Shah and Sha, Singh and Sing
        key = key[:-1]
    return key


_UNVOICED = str.maketrans("gdbj", "ktpc")


@functools.lru_cache(maxsize=CACHED_NAMES)
def loose_key(phonetic: str) -> str:
    """The phonetic key with voiced and voiceless consonants merged (g/k, d/t, b/p, j/c), for names written
    from scripts that do not tell them apart; single letters (initials) have none."""
    if len(phonetic) < 2:
        return ""
    return re.sub(r"(.)\1+", r"\1", phonetic.translate(_UNVOICED))


# --- spelling variants and fine keys ------------------------------------------------------------------------

# Spellings of one name that the phonetic key does not merge, each rule a class of the misses measured by
# bench/bench_name_recall.py: extra phonetic keys indexed and searched (scored below the phonetic key).
_ANY_SCRIPT_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"zh", "l"),  # Tamil and Malayalam ழ, written ल, ज़ or ष: Ezhilan, एलिलन; Malarvizhi, मलार्विली
        (r"zh", "z"),  # Vetriazhagan, वेट्रायज़गान
        (r"zh", "sh"),  # Malayinkeezhu, मलयिनकीष
        (r"(?<=[aeiou])[nm](?=[bcdfgjklpqstvxz])", ""),  # a nasal written in one script only: Konwar, कोंवर / Kowar
        (r"(?<=[bcdfghjklmnpqrstxz])[wv]", ""),  # Rangaswamy, Rangasamy; Biswas, Bisas
        (r"(?<=[a-z]{4})(?:an|am|en|em)$", ""),  # Tamil endings kept in one script: Loganathan, लोगनाथ
    )
)
_LATIN_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (  # English spelling, as Hindi writes English names and words
        (r"c(?=[eiy])", "s"),  # Vincent, विंसेंट
        (r"g(?=[eiy])", "j"),  # George, जॉर्ज
        (r"[ts]ion", "shan"),  # Nation, नेशन
        (r"^x", "z"),  # Xavier, जेवियर
        (r"ch", "k"),  # Michael, माइकल; Christopher
        (r"^kn", "n"),  # Knock, नॉक
        (r"(?<=[aeiou])w(?=[aeiou])", ""),  # Lewis, लुइस
        (r"(?<=o)h(?=n)", ""),  # John, जॉन
        (r"(?<=[aeiou])h(?=[aeiou])", "k"),  # Tamil writes a k between vowels as h: Prabaharan, प्रभाकरन
        (r"(?<=[aeiou])g(?=[aeiou])", "h"),  # and ह between vowels as g: Latin -agesh, Devanagari -हेश
        (r"(?<=[a-z]{2})[eo]r$", "ar"),  # English -er, -or as Hindi writes them: Peter, पीटर; Victor, विक्टर
        (r"tch", "ch"),  # Mitchell, मिचेल
        (r"(?<=[aeiou][bcdfgklmnprstvz])e$", ""),  # English silent final e: Jade, जेड; Steyne, स्टेन
        (r"(?<=a)o$", "v"),  # a final व after a, written o in Latin: -ao, -आव
        (r"(?<=char)j(?:ee|i)$", "ya"),  # Bengali य said j after r: Latin -charjee, Devanagari -चार्य
        (r"ch(?=elv)|(?<=[aeiou])ch(?=am[iy]$)", "s"),  # Tamil ச written ch or s: chelv-, सेल्व-; -chamy, -सामी
    )
)
# Words that are also the name of a Latin letter: "जी" is the respectful "ji" and the initial G ("राजा जी").
_LETTER_WORDS = {"जी": "g", "जि": "g"}
_DEVANAGARI_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"chh|ch"), "s"),  # Assamese writes s as छ or च: इछलाम, Islam; सामचुल, Samsul
    (re.compile(r"jn"), "gy"),  # ज्ञ as it is said: ज्ञानेश्वर, Gyaneshwar
    (re.compile(r"(?<=char)y+a$"), "jee"),  # Bengali य said j after r: -चार्य, Latin -charjee
    (re.compile(r"(?<=u)v(?=a$)"), ""),  # Assamese ending -ुवा, written -ua or -uah in Latin
)
_FLAP_NUKTA = re.compile("(?<=[डढ])़")  # ड़ and ढ़ read as d and dh: मेवाड़ी, Mewadi; गायकवाड़, Gaikwad
# A nasalised vowel that Latin spelling leaves out: chandrabindu anywhere, anusvara ending a word (मियाँ, Mia;
# गोसाईं, Gosai; उड़ानें, udane).
_NASALISATION = re.compile("ँ|ं$")
MAX_VARIANTS = 4  # per token: each is one more term per queried part and one more indexed key


@functools.lru_cache(maxsize=CACHED_NAMES)
def other_readings(source: str) -> tuple[str, ...]:
    """Latin spellings of a Devanagari word as common as ours, indexed as keys beside it: ड़ and ढ़ written d and
    dh as often as r and rh (जोड़ी: jodi, jori; गायकवाड़: Gaikwad)."""
    if source in (_LATIN, _FIXED):
        return ()
    decomposed = unicodedata.normalize("NFD", source)
    if (flapped := _FLAP_NUKTA.sub("", decomposed)) == decomposed:
        return ()
    return (_transliterate_word(unicodedata.normalize("NFC", flapped)),)


def _spellings(token: str, source: str) -> list[str]:
    rules = _ANY_SCRIPT_RULES + (_LATIN_RULES if source == _LATIN else _DEVANAGARI_RULES)
    spellings = []
    everything = token
    for pattern, replacement in rules:
        changed = pattern.sub(replacement, token)
        if changed != token:
            spellings.append(changed)
            everything = pattern.sub(replacement, everything)
    spellings.extend(other_readings(source))
    if source not in (_LATIN, _FIXED):
        decomposed = unicodedata.normalize("NFD", source)
        if (oral := _NASALISATION.sub("", decomposed)) != decomposed:
            spellings.append(_transliterate_word(unicodedata.normalize("NFC", oral)))
    return [*spellings, everything]


@functools.lru_cache(maxsize=CACHED_NAMES)
def variant_keys(token: str, source: str = _LATIN) -> tuple[str, ...]:
    """Phonetic keys of the spellings our rules derive from one token (never its own phonetic key); none for
    initials and expanded abbreviations (``source`` "")."""
    if source in _LETTER_WORDS:
        return (_LETTER_WORDS[source],)
    if len(token) < 2 or source == _FIXED:
        return ()
    own = phonetic_key(token)
    keys = dict.fromkeys(phonetic_key(spelling) for spelling in _spellings(token, source))
    return tuple(key for key in keys if key and key != own and len(key) > 1)[:MAX_VARIANTS]


_FINE_VOWELS = str.maketrans({"e": "i", "o": "u", "a": None})


@functools.lru_cache(maxsize=CACHED_NAMES)
def variant_fine_keys(token: str, source: str = _LATIN) -> tuple[str, ...]:
    """Fine keys of the spellings our rules derive from one token (never its own fine key): a record found by a
    spelling variant ranks among the records spelt that way, not below them (जड़ी, jadi, beside जुदाई)."""
    if len(token) < 2 or source in (_FIXED, *_LETTER_WORDS):
        return ()
    own = fine_key(token)
    keys = dict.fromkeys(fine_key(spelling) for spelling in _spellings(token, source))
    return tuple(key for key in keys if key and key != own and len(key) > 1)[:MAX_VARIANTS]


@functools.lru_cache(maxsize=CACHED_NAMES)
def fine_key(token: str) -> str:
    """A key finer than the phonetic key: the same consonants, with the vowels that spelling keeps (i/e/y, u/o;
    a dropped, as schwa comes and goes), so Sathish and सतीश share one while Kallol and Kalai do not."""
    text = re.sub(r"[^a-z]", "", token.lower())
    if len(text) < 2:
        return ""
    for pattern, replacement in _COMPILED_STEPS:
        text = pattern.sub(replacement, text)
    first = "a" if text[0] in "aeiou" else text[0]
    key = re.sub(r"(.)\1+", r"\1", first + text[1:].translate(_FINE_VOWELS))
    return key[:-1] if len(key) > 2 and key.endswith("h") else key


# --- names as wholes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameForms:
    as_written: str
    latin: str
    keys: tuple[str, ...]
    phonetic: tuple[str, ...]
    variants: tuple[tuple[str, ...], ...] = ()  # per token: phonetic keys of its spelling variants
    fine: tuple[str, ...] = ()  # per token: its fine key
    variant_fine: tuple[tuple[str, ...], ...] = ()  # per token: fine keys of its spelling variants
    readings: tuple[tuple[str, ...], ...] = ()  # per token: other common Latin spellings of its Devanagari


@functools.lru_cache(maxsize=CACHED_NAMES)
def name_forms(name: str) -> NameForms:
    tokens = _tokens_with_sources(name)
    keys = tuple(token for token, _ in tokens)
    return NameForms(
        as_written=name.strip(),
        latin=" ".join(keys),
        keys=keys,
        phonetic=tuple(phonetic_key(key) for key in keys),
        variants=tuple(variant_keys(token, source) for token, source in tokens),
        fine=tuple(fine_key(key) for key in keys),
        variant_fine=tuple(variant_fine_keys(token, source) for token, source in tokens),
        readings=tuple(other_readings(source) for _, source in tokens),
    )


def _joined_keys(keys: tuple[str, ...], position: int) -> tuple[str, ...]:
    """Phonetic keys of a queried part written together with the part before it and with the part after it:
    "Sulthan Basha" finds a record of "Sultanbasha", "de Mello" one of "डिमेलो" (each part matches the record's
    one part). Records index their own neighbouring parts joined; this is the same for the query's."""
    if len(keys[position]) < 2:
        return ()
    neighbours = (keys[position - 1] + keys[position] if position > 0 else "",)
    neighbours += (keys[position] + keys[position + 1] if position + 1 < len(keys) else "",)
    return tuple(phonetic_key(joined) for joined in neighbours if joined and len(joined) > len(keys[position]) + 1)


def _letter_run(keys: tuple[str, ...]) -> str:
    """The letters of a name that is nothing but two to four initials ("सी एस आई आर", "C.S.I.R."), written as one
    word: records write such names both ways (CSIR)."""
    if 2 <= len(keys) <= 4 and all(len(key) == 1 for key in keys):
        return "".join(keys)
    return ""


def name_terms(name: str) -> tuple[NameTerm, ...]:
    """What a query puts in a NameClause: one term per token of the name; its variants are its spelling
    variants' phonetic keys and those of the part written together with each neighbouring part."""
    forms = name_forms(name)
    letters = _letter_run(forms.keys)
    terms = []
    for position, (key, phonetic, variants, fine, variant_fine) in enumerate(
        zip(forms.keys, forms.phonetic, forms.variants, forms.fine, forms.variant_fine, strict=True)
    ):
        joined = tuple(code for code in _joined_keys(forms.keys, position) if code != phonetic)
        joined += (phonetic_key(letters),) if letters else ()
        terms.append(
            NameTerm(key, phonetic, loose_key(phonetic), tuple(dict.fromkeys(variants + joined)), fine, variant_fine)
        )
    return tuple(terms)


_RELATIVE_MARKERS = (
    (r"s\s*/\s*o|s\.\s*o\.?|son\s+of", "father"),
    (r"d\s*/\s*o|d\.\s*o\.?|daughter\s+of", "father"),
    (r"w\s*/\s*o|w\.\s*o\.?|wife\s+of", "husband"),
    (r"c\s*/\s*o|c\.\s*o\.?|care\s+of", "guardian"),
    (r"पिता|पुत्र|पुत्री|पु०|पि०|आत्मज|आत्मजा", "father"),
    (r"पत्नी|पति|प०", "husband"),
)
_RELATIVE_PATTERN = re.compile(
    "|".join(
        f"(?P<m{index}>(?<![\\w\u0900-\u097f])(?:{pattern})(?![\\w\u0900-\u097f]))"
        for index, (pattern, _) in enumerate(_RELATIVE_MARKERS)
    ),
    re.IGNORECASE,
)


def split_relative(text: str) -> tuple[str, str | None, str | None]:
    """Split "Ram Kumar s/o Shyam Lal" into ("Ram Kumar", "Shyam Lal", "father"); no marker: (text, None, None).

    Relation kinds: father (s/o, d/o, पिता, पुत्र, पुत्री), husband (w/o, पत्नी, पति), guardian (c/o).
    """
    match = _RELATIVE_PATTERN.search(text)
    if not match:
        return text.strip(), None, None
    kind = next(_RELATIVE_MARKERS[int(name[1:])][1] for name, value in match.groupdict().items() if value)
    name, relative = text[: match.start()].strip(" ,;:-"), text[match.end() :].strip(" ,;:-")
    if not name or not relative:
        return text.strip(), None, None
    return name, relative, kind


_NAME_FIELD_SUFFIXES = ("keys", "phonetic", "loose")


# Name parts that records write joined to the part before ("Sathishkumar", "Radheshyam") as often as apart.
JOINED_NAME_PARTS = (
    "kumar", "kumari", "nath", "devi", "das", "prasad", "chandra", "chand", "lal", "raj", "rani",
    "shyam", "swamy", "swami", "samy", "sami", "murthy", "moorthy", "murti", "selvan", "selvi", "kannan",
    "uddin", "uddeen", "ullah", "rahman", "babu", "bhai", "ben",
)  # fmt: skip
_JOINED_PART = re.compile(f"^([a-z]{{4,}}?)({'|'.join(JOINED_NAME_PARTS)})$")


def _split_parts(key: str) -> tuple[str, ...]:
    """A token ending in a common name part, as two parts: "sathishkumar" -> ("sathish", "kumar")."""
    match = _JOINED_PART.match(key)
    return match.groups() if match else ()


@functools.lru_cache(maxsize=CACHED_NAMES)
def _indexed_forms(name: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """What one name adds to a document: how it is shown (as written, and its Latin form when different), and
    its keys, phonetic keys and loose keys (each without repeats or blanks), with each two neighbouring parts
    joined too: a record of "Rabindra Nath" is found by "Ravindranath", one of "Deo Prasad" by "Deoprasad"; a
    part ending in a common name part split: "Sathishkumar" is found by "सतीश कुमार". The phonetic field also
    holds the spelling variants' phonetic keys, the fine keys (marked "=") and each part's first letter ("^")."""
    forms = name_forms(name)
    shown = (forms.as_written,) if forms.as_written else ()
    if forms.latin and forms.latin != forms.as_written.lower():
        shown += (forms.latin,)
    keys = forms.keys + tuple(
        first + second for first, second in itertools.pairwise(forms.keys) if len(first) > 1 and len(second) > 1
    )
    keys += tuple(part for key in forms.keys for part in _split_parts(key))
    keys += tuple(reading for readings in forms.readings for reading in readings)
    keys += (letters,) if (letters := _letter_run(forms.keys)) else ()
    phonetic = tuple(phonetic_key(key) for key in keys)
    loose = tuple(loose_key(code) for code in phonetic)
    phonetic += tuple(variant for variants in forms.variants for variant in variants)
    phonetic += tuple(NAME_FINE_MARK + fine for fine in forms.fine if fine)
    phonetic += tuple(NAME_FINE_MARK + fine for fines in forms.variant_fine for fine in fines)
    phonetic += tuple(NAME_FINE_MARK + fine_key(reading) for readings in forms.readings for reading in readings)
    phonetic += tuple(NAME_FIRST_LETTER_MARK + key[0] for key in forms.keys if len(key) > 1)
    return shown, tuple(tuple(dict.fromkeys(v for v in values if v)) for values in (keys, phonetic, loose))


WRITTEN_MARK = "~"  # before a name_whole value that is the name as written, not its keys


def whole_name(name: str) -> str:
    """A name's keys joined by spaces, the same for every way of writing it ("Md Islam", "मोहम्मद इस्लाम": "mohammad
    islam"): the ``name_whole`` a query equal to a recorded name matches."""
    return name_forms(name).latin


def written_name(name: str) -> str:
    """A name as written, in its own script, only case, punctuation and spacing ignored ("Mohd. Islam" is
    "~mohd islam"), marked WRITTEN_MARK: the ``name_whole`` a query typed exactly as recorded matches."""
    kept = "".join(" " if unicodedata.category(char)[0] in "PSZC" else char for char in name.casefold())
    words = kept.split()
    return WRITTEN_MARK + " ".join(words) if words else ""


def index_name_fields(names: Iterable[str], relatives: Iterable[str]) -> dict[str, list[str]]:
    """The name fields of a search document: names as written with their Latin form, each name whole, keys and
    phonetic keys."""
    fields: dict[str, list[str]] = {"names": [], "name_whole": []}
    for prefix, values in (("name", names), ("relative", relatives)):
        merged: list[list[str]] = [[], [], []]
        several = False
        for value in values:
            if not value:
                continue
            written, forms = _indexed_forms(value)
            if prefix == "name":
                fields["names"] += written
                if whole := whole_name(value):  # a name of nothing but an honorific has no whole
                    fields["name_whole"] += (whole, written_name(value))
            several = several or bool(merged[0])
            for into, found in zip(merged, forms, strict=True):
                into += found
        for suffix, found in zip(_NAME_FIELD_SUFFIXES, merged, strict=True):
            fields[f"{prefix}_{suffix}"] = list(dict.fromkeys(found)) if several else found
    fields["names"] = list(dict.fromkeys(fields["names"]))
    fields["name_whole"] = [whole for whole in dict.fromkeys(fields["name_whole"]) if whole]
    return fields
