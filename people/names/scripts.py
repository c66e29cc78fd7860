"""Scripts of names: which script a text is written in, Devanagari digits, and Devanagari to Latin the way
Indians romanise names (the inherent vowel dropped where speech drops it: राम -> ram, कमला -> kamla)."""

from __future__ import annotations

import functools
import re
import unicodedata

from people.names import CACHED_NAMES
from records.models import Script

# --- Devanagari to Latin ------------------------------------------------------------------------------------

CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n",
    "च": "ch", "छ": "chh", "ज": "j", "झ": "jh", "ञ": "n",
    "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n",
    "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n", "ऩ": "n",
    "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m",
    "य": "y", "र": "r", "ऱ": "r", "ल": "l", "ळ": "l", "व": "v",
    "श": "sh", "ष": "sh", "स": "s", "ह": "h",
    "क़": "q", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "r", "ढ़": "rh", "फ़": "f", "य़": "y",
}  # fmt: skip
NUKTA_FORMS = {"क": "क़", "ख": "ख़", "ग": "ग़", "ज": "ज़", "ड": "ड़", "ढ": "ढ़", "फ": "फ़", "य": "य़"}
_VOWELS = {
    "अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ऋ": "ri", "ॠ": "ri",
    "ए": "e", "ऐ": "ai", "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e", "ऎ": "e", "ऒ": "o",
}  # fmt: skip
MATRAS = {
    "ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "ृ": "ri", "ॄ": "ri",
    "े": "e", "ै": "ai", "ो": "o", "ौ": "au", "ॉ": "o", "ॅ": "e", "ॆ": "e", "ॊ": "o",
}  # fmt: skip
VIRAMA, NUKTA, _ANUSVARA, _CHANDRABINDU, _VISARGA = "्", "़", "ं", "ँ", "ः"
_LABIALS = set("pbm")
DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")  # common in Hindi forms


def ascii_digits(text: str) -> str:
    """Devanagari digits to ASCII digits; everything else unchanged."""
    return text.translate(DEVANAGARI_DIGITS)


def has_devanagari(text: str) -> bool:
    """Whether any character is of the Devanagari block (letters, signs, digits): such text is transliterated."""
    return any("\u0900" <= char <= "\u097f" for char in text)


def detect_script(text: str) -> Script:
    """Which script a name is written in (stored with it): Devanagari, Latin, a mix, or another script."""
    if text.isascii():
        return Script.LATIN  # ASCII letters are Latin; no letters at all counts as Latin too (below)
    devanagari = latin = other = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("DEVANAGARI"):
            devanagari += 1
        elif name.startswith("LATIN"):
            latin += 1
        else:
            other += 1
    if devanagari and not latin and not other:
        return Script.DEVANAGARI
    if latin and not devanagari and not other:
        return Script.LATIN
    if devanagari and latin:
        return Script.MIXED
    return Script.OTHER if other else Script.LATIN


def _syllables(word: str) -> list[list[str]]:
    """Split one Devanagari word into units [consonant-or-vowel latin, vowel latin or None, kind]."""
    units: list[list[str]] = []  # [letters, vowel, kind] kind: "c" consonant, "v" vowel, "x" other
    chars = list(unicodedata.normalize("NFC", word))
    i = 0
    while i < len(chars):
        char = chars[i]
        if i + 1 < len(chars) and chars[i + 1] == NUKTA and char in NUKTA_FORMS:
            char = NUKTA_FORMS[char]
            i += 1
        if char in CONSONANTS:
            units.append([CONSONANTS[char], _INHERENT, "c"])  # inherent vowel until a matra or virama says otherwise
        elif char in MATRAS and units and units[-1][2] == "c":
            units[-1][1] = MATRAS[char]
        elif char == VIRAMA and units and units[-1][2] == "c":
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
def transliterate_word(word: str) -> str:
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
    text = ascii_digits(text)
    if not has_devanagari(text):
        return text
    return re.sub(r"[\u0900-\u097f]+", lambda match: transliterate_word(match.group(0)), text)
