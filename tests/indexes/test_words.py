"""The word rule of TEXT fields (indexes/words.py), the one both engines index and query by."""

from __future__ import annotations

from indexes.embedded.mapping import TEXT_TOKENIZER
from indexes.words import LONGEST_WORD_BYTES, indexed_words, keyword_words, text_analyzer, text_words


def test_words_are_runs_of_letters_marks_and_digits_lower_cased_and_folded() -> None:
    assert text_words("José's MOTORCYCLE, BR-01-AB-1234!") == ["jose", "s", "motorcycle", "br", "01", "ab", "1234"]
    assert text_words("Straße Ærø") == ["strasse", "aero"]
    assert text_words("कृष्ण यादव। मोटरसाइकिल") == ["कृष्ण", "यादव", "मोटरसाइकिल"], "Devanagari words are kept whole"
    assert text_words("  ,;!  ") == []


def test_words_too_long_to_search_are_dropped() -> None:
    fits, too_long = "a" * (LONGEST_WORD_BYTES - 1), "b" * LONGEST_WORD_BYTES
    assert text_words(f"{fits} {too_long} end") == [fits, "end"]


def test_the_embedded_index_analyser_is_the_same_rule() -> None:
    text = "José's MOTORCYCLE कृष्ण Straße"
    assert text_analyzer().analyze(text) == text_words(text)
    assert TEXT_TOKENIZER == "cctns_text"


def test_indexed_words_are_one_line_separated_by_spaces() -> None:
    assert indexed_words("Ram  KUMAR, s/o Shyam") == "ram kumar s o shyam"


def test_keyword_words_are_the_words_of_every_text_once_devanagari_whole() -> None:
    station = keyword_words("Hajipur Sadar", "हाजीपुर सदर", "VAISHALI-HAJIPUR-SADAR")
    assert station == ["hajipur", "sadar", "हाजीपुर", "सदर", "vaishali"]
    assert keyword_words("औद्योगिक क्षेत्र") == ["औद्योगिक", "क्षेत्र"], "vowel signs and viramas stay in the word"
