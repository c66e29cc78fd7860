"""Keys that spelling variants of one name token share: the phonetic key (consonants merged by sound), the loose
key (voiced and voiceless merged too) and the fine key (the vowels spelling keeps)."""

from __future__ import annotations

import functools
import re

from people.names import CACHED_NAMES

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


_FINE_VOWELS = str.maketrans({"e": "i", "o": "u", "a": None})


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
