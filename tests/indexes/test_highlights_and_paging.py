"""The snippets both engines make (indexes/highlights.py) and Elasticsearch's page in the embedded engine's order
(indexes/elasticsearch/paging.py): pure functions, checked by their output."""

from __future__ import annotations

from indexes.elasticsearch.paging import PAD, Window, complete, page_of, rounded_score
from indexes.engine import Hit
from indexes.highlights import SNIPPET_BYTES, highlights, snippet


def test_a_snippet_marks_the_searched_words_as_written_and_escapes_the_rest() -> None:
    assert snippet("Mohd. Aslam Ahmad", {"aslam", "ahmad"}) == "Mohd. <b>Aslam</b> <b>Ahmad</b>"
    assert snippet("José's <bike> & car.", {"jose", "bike"}) == "<b>José</b>&#x27;s &lt;<b>bike</b>&gt; &amp; car"
    assert snippet("सविता कुमारी प्रसाद @ मुन्ना", {"कुमारी"}) == "सविता <b>कुमारी</b> प्रसाद @ मुन्ना"
    assert snippet("nothing here", {"motorcycle"}) is None
    assert snippet("", {"a"}) is None and snippet("a", set()) is None


def test_the_snippet_is_the_fragment_with_most_searched_words_the_first_of_equals() -> None:
    filler = " ".join(["word"] * 40)  # 199 bytes: each part below is a fragment of its own
    text = f"stolen once. {filler} stolen bike again. {filler} stolen bike."
    made = snippet(text, {"stolen", "bike"})
    assert made is not None and "<b>stolen</b> <b>bike</b> again." in made, "two words beat one; the first of two"
    assert len(made.replace("<b>", "").replace("</b>", "").encode()) <= SNIPPET_BYTES
    first_of_equals = snippet(f"bike one. {filler} bike two.", {"bike"})
    assert first_of_equals is not None and first_of_equals.startswith("<b>bike</b> one. word")
    assert "two" not in first_of_equals


def test_highlights_give_a_snippet_per_matching_value_of_each_field() -> None:
    document = {"facts": ["A motorcycle stolen."], "names": ["Ram Kumar", "Shyam", "Kumar Singh"]}
    words = {"names": {"kumar"}, "facts": {"bus"}}
    assert highlights(document, words, ("facts", "names")) == {"names": ["Ram <b>Kumar</b>", "<b>Kumar</b> Singh"]}
    assert highlights(document, words, ("facts",)) == {}


def _hit(key: int, score: float) -> Hit:
    return Hit(id=f"person-{key}", score=score, document={"id": f"person-{key}"})


def test_scores_are_rounded_to_six_digits_as_the_embedded_engine_gives_them() -> None:
    assert rounded_score(38.008087) == 38.0081 and rounded_score(38.00807) == 38.0081
    assert rounded_score(0.000123456789) == 0.000123457 and rounded_score(0.0) == 0.0


def test_equal_rounded_scores_come_by_id_and_the_window_grows_until_their_group_is_whole() -> None:
    # Exact-score order as Elasticsearch gives it: 1110 a hair above 1109, which rounds to the same score.
    hits = [_hit(5, 40.0), _hit(1110, 38.008087), _hit(1109, 38.008071), _hit(7, 30.0)]
    window = Window.around(0, 2, PAD, 10_000)
    assert (window.start, window.size) == (0, 2 + PAD)
    assert complete(window, hits, 0, 2, total=4), "the window holds every match"
    assert [hit.id for hit in page_of(window, hits, 0, 2)] == ["person-5", "person-1109"]

    narrow = Window(0, 2)  # ends inside the group of 38.0081: not whole yet
    assert not complete(narrow, hits[:2], 0, 2, total=4)
    wider = narrow.wider(0, 2, 10_000)
    assert wider is not None and wider.size > narrow.size
    assert Window(0, 10_000).wider(0, 20, 10_000) is None, "it cannot grow past the server's result window"

    later = Window.around(10, 2, PAD, 10_000)
    assert later.start == 10 - PAD
    page = [_hit(key, 1.0) for key in range(later.start, later.start + later.size)]
    assert complete(later, page, 10, 2, total=100) is False, "a tie reaching both edges is not whole"
