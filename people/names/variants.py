"""Spelling variants of a name token that the phonetic key does not merge: the rules, and the phonetic and fine
keys of the spellings they derive."""

from __future__ import annotations

import functools
import re
import unicodedata

from people.names import CACHED_NAMES
from people.names.phonetic import fine_key, phonetic_key
from people.names.scripts import transliterate_word
from people.names.tokens import FIXED, LATIN

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
    if source in (LATIN, FIXED):
        return ()
    decomposed = unicodedata.normalize("NFD", source)
    if (flapped := _FLAP_NUKTA.sub("", decomposed)) == decomposed:
        return ()
    return (transliterate_word(unicodedata.normalize("NFC", flapped)),)


def _spellings(token: str, source: str) -> list[str]:
    rules = _ANY_SCRIPT_RULES + (_LATIN_RULES if source == LATIN else _DEVANAGARI_RULES)
    spellings = []
    everything = token
    for pattern, replacement in rules:
        changed = pattern.sub(replacement, token)
        if changed != token:
            spellings.append(changed)
            everything = pattern.sub(replacement, everything)
    spellings.extend(other_readings(source))
    if source not in (LATIN, FIXED):
        decomposed = unicodedata.normalize("NFD", source)
        if (oral := _NASALISATION.sub("", decomposed)) != decomposed:
            spellings.append(transliterate_word(unicodedata.normalize("NFC", oral)))
    return [*spellings, everything]


@functools.lru_cache(maxsize=CACHED_NAMES)
def variant_keys(token: str, source: str = LATIN) -> tuple[str, ...]:
    """Phonetic keys of the spellings our rules derive from one token (never its own phonetic key); none for
    initials and expanded abbreviations (``source`` "")."""
    if source in _LETTER_WORDS:
        return (_LETTER_WORDS[source],)
    if len(token) < 2 or source == FIXED:
        return ()
    own = phonetic_key(token)
    keys = dict.fromkeys(phonetic_key(spelling) for spelling in _spellings(token, source))
    return tuple(key for key in keys if key and key != own and len(key) > 1)[:MAX_VARIANTS]


@functools.lru_cache(maxsize=CACHED_NAMES)
def variant_fine_keys(token: str, source: str = LATIN) -> tuple[str, ...]:
    """Fine keys of the spellings our rules derive from one token (never its own fine key): a record found by a
    spelling variant ranks among the records spelt that way, not below them (जड़ी, jadi, beside जुदाई)."""
    if len(token) < 2 or source in (FIXED, *_LETTER_WORDS):
        return ()
    own = fine_key(token)
    keys = dict.fromkeys(fine_key(spelling) for spelling in _spellings(token, source))
    return tuple(key for key in keys if key and key != own and len(key) > 1)[:MAX_VARIANTS]
