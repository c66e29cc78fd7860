"""Names in any script: the tokens, transliteration and keys both engines index and query."""

from __future__ import annotations

import pytest

from people.names.forms import name_forms
from people.names.indexed import index_name_fields
from people.names.phonetic import fine_key, loose_key, phonetic_key
from people.names.scripts import detect_script, transliterate_devanagari
from people.names.terms import name_terms
from people.names.tokens import name_tokens
from people.names.variants import variant_fine_keys, variant_keys
from records.models import Script


def test_scripts_are_told_apart() -> None:
    assert detect_script("Ram Kumar") is Script.LATIN
    assert detect_script("राम कुमार") is Script.DEVANAGARI
    assert detect_script("Ram कुमार") is Script.MIXED
    assert detect_script("123/2019") is Script.LATIN
    assert detect_script("محمد") is Script.OTHER


@pytest.mark.parametrize(
    ("devanagari", "latin"),
    [
        ("राम", "ram"),
        ("कमला", "kamla"),
        ("नरेन्द्र", "narendra"),
        ("इस्लाम", "islam"),
        ("सिंह", "singh"),
        ("अंबिका", "ambika"),
        ("रफ़ीक़", "rafiq"),
        ("१२३", "123"),
    ],
)
def test_devanagari_is_written_the_way_people_spell_it(devanagari: str, latin: str) -> None:
    assert transliterate_devanagari(devanagari) == latin


def test_latin_passes_through_transliteration_unchanged() -> None:
    assert transliterate_devanagari("Ram Kumar") == "Ram Kumar"


@pytest.mark.parametrize("name", ["Md Islam", "Mohd. Islam", "MOHAMMED ISLAM", "मोहम्मद इस्लाम", "मो० इस्लाम"])
def test_the_forms_of_mohammad_islam_share_their_keys(name: str) -> None:
    assert name_forms(name).keys[0] == "mohammad"
    assert name_forms(name).phonetic == name_forms("Mohammad Islam").phonetic


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Shri Ram Kr. Yadav", ["ram", "kumar", "yadav"]),
        ("श्रीमती सुनीता देवी", ["sunita", "devi"]),
        ("Mst. Sunita Devi", ["sunita", "devi"]),
        ("Dr. Ajay Pd. Singh", ["ajay", "prasad", "singh"]),
        ("डा॰ अजय सिंह", ["ajay", "singh"]),
        ("Patel, HJ", ["patel", "h", "j"]),
        ("एच वी पटेल", ["h", "v", "patel"]),
        ("ए. के. सिंह", ["a", "k", "singh"]),
        ("SK. FAIZUL", ["shaikh", "faizul"]),
        ("Soren, MD", ["soren", "m", "d"]),  # initials after the surname, though they spell Md
        ("Khan, MOHD", ["khan", "mohammad"]),  # four letters with a vowel: the abbreviation
        ("ISLAM, MD", ["islam", "mohammad"]),  # a name all in capitals: no telling, the abbreviation
    ],
)
def test_tokens_drop_honorifics_expand_abbreviations_and_spell_out_initials(name: str, tokens: list[str]) -> None:
    assert name_tokens(name) == tokens


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("singh", "sinha"),
        ("singh", "सिंह"),
        ("choudhary", "chowdhury"),
        ("nawsad", "नौसाद"),
        ("rafiq", "रफिक"),
        ("sheikh", "shekh"),
        ("vinod", "binod"),
        ("kumar", "kumaar"),
        ("islam", "ishlam"),
    ],
)
def test_spelling_variants_share_a_phonetic_key(first: str, second: str) -> None:
    assert phonetic_key(name_tokens(first)[0]) == phonetic_key(name_tokens(second)[0])


@pytest.mark.parametrize(("first", "second"), [("ram", "shyam"), ("kumar", "kamal"), ("rakesh", "mukesh")])
def test_different_names_keep_different_keys(first: str, second: str) -> None:
    assert phonetic_key(first) != phonetic_key(second)


def test_indexed_fields_keep_the_name_as_written_and_join_neighbouring_parts() -> None:
    fields = index_name_fields(["रवीन्द्र नाथ घोष"], ["Shyam Lal"])
    assert fields["names"] == ["रवीन्द्र नाथ घोष", "ravindra nath ghosh"]
    assert {"ravindra", "nath", "ghosh", "ravindranath"} <= set(fields["name_keys"])
    assert phonetic_key("rabindranath") in fields["name_phonetic"], "Rabindranath finds Rabindra Nath"
    assert fields["relative_keys"] == ["shyam", "lal", "shyamlal"]


def test_a_name_of_nothing_gives_no_terms() -> None:
    assert name_terms("...") == ()
    fields = index_name_fields(["", "श्री"], [])
    assert fields.pop("names") == ["श्री"]
    assert all(values == [] for values in fields.values()) and len(fields) == 7, "and name_whole"


def test_loose_keys_merge_voicing_for_names_written_from_tamil() -> None:
    assert loose_key(phonetic_key("prabhakaran")) == loose_key(phonetic_key(name_tokens("प्रभाकरण")[0]))
    assert loose_key(phonetic_key("radhakrishnan")) == loose_key(phonetic_key(name_tokens("रथकृष्णन")[0]))
    assert phonetic_key("prabhakaran") != phonetic_key("prabaharan"), "the phonetic key still tells them apart"
    assert loose_key("r") == "", "initials have no loose key"


def test_a_danda_separates_parts_like_a_full_stop() -> None:
    assert name_tokens("आर। शान्मुगम") == ["r", "shanmugam"]


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        ("र.मुरुगन", ["r", "murugan"]),  # a lone consonant is an initial
        ("राजेन्द्रन, वि. जी.", ["rajendran", "v", "j"]),  # one syllable and a full stop: an initial
        ("राम कुमार झा", ["ram", "kumar", "jha"]),  # Jha without a stop is a name
        ("एचएच पंड्या", ["h", "h", "pandya"]),  # letter names written as one word
        ("बीबी फातिमा", ["bibi", "phatima"]),  # Bibi is a name, not B. B.
        ("मुथुकृष्णन मु", ["muthukrishnan", "m"]),  # ending a name, "मु" is an initial, not Mohammad
        ("तरेश पि", ["taresh", "p"]),  # one consonant and a vowel sign beside other parts: an initial
        ("कृ. लोमेश", ["k", "lomesh"]),
        ("सोमल दे", ["somal", "de"]),  # De is a name
        ("तारु शॉ", ["taru", "sho"]),  # so is a syllable with the English-loan ॉ
        ("राजा जी", ["raja", "ji"]),  # and the respectful ji
        ("मु० इस्लाम", ["mohammad", "islam"]),
        ("राम प्र०", ["ram", "prasad"]),  # other abbreviations end names too
        ("Muthu Mu", ["muthu", "mu"]),
        ("रों. मोहनराज", ["s", "mohanraj"]),  # a converter's रों for the initial S
        ("नागराज। रों", ["nagraj", "s"]),
        ("रों", ["ron"]),  # alone it is a word
        ("लोमेश मैं", ["lomesh", "i"]),  # the initial I translated as the word I
        ("तरेश हाँ", ["taresh", "y"]),  # and Y as yes
        ("के ऍम लोमेश", ["k", "m", "lomesh"]),  # a letter name written with the English e
    ],
)
def test_initials_and_abbreviations_in_devanagari_names(written: str, tokens: list[str]) -> None:
    assert name_tokens(written) == tokens


def _share_a_key(first: str, second: str) -> bool:
    """Whether some term of one name and some indexed phonetic value of the other meet, as the engines match."""
    indexed = set(index_name_fields([second], [])["name_phonetic"])
    return all(bool({term.phonetic, *term.variants} & indexed) for term in name_terms(first))


@pytest.mark.parametrize(
    ("latin", "devanagari"),
    [
        ("Islam", "इछलाम"),  # Assamese writes s as छ
        ("Samsul", "सामचुल"),  # and as च
        ("Ezhilan", "एलिलन"),  # Tamil ழ
        ("Kowar", "कोंवर"),  # a nasal written in Devanagari only
        ("Rangaswamy", "रंगासामी"),
        ("Loganathan", "लोगनाथ"),  # the Tamil ending left out
        ("Gaikwad", "गायकवाड़"),  # ड़ read as d
        ("Xavier", "जेवियर"),  # English spelling
        ("Vincent", "विंसेंट"),
        ("George", "जॉर्ज"),
        ("Prabaharan", "प्रभाकरन"),  # Tamil h for k
        ("Raja G", "राजा जी"),  # जी is also the letter G
        ("Vetriazhagan", "वेट्रायज़गान"),  # Tamil ழ as ज़
        ("Gyaneshwar", "ज्ञानेश्वर"),  # ज्ञ as it is said
        ("NHS", "एनएचएस"),  # letters written by their names, even alone
        ("Gosai", "गोसाईं"),  # nasalisation Latin leaves out
        ("Sulthan Basha", "सुल्तानबाशा"),  # two queried parts written as one
        ("Jodi", "जोड़ी"),
        ("Lacharjee", "लाचार्य"),  # Bengali य said j after r
        ("Tacharjee", "टाचार्य्य"),
        ("Karuah", "करुवा"),  # Assamese -ुवा
        ("Karua", "करुवा"),
        ("Tanichamy", "तनिसामी"),  # Tamil ச written ch or s
        ("Chelvina", "सेल्विना"),
        ("Lomesh Tao", "लोमेश ताव"),  # a final व after a written as o
        ("Tarurao", "तारुराव"),
        ("Lugesh", "लुहेश"),  # Tamil writes ह between vowels as g
    ],
)
def test_spelling_variants_let_either_script_find_the_other(latin: str, devanagari: str) -> None:
    assert _share_a_key(latin, devanagari), f"{latin} finds {devanagari}"
    assert _share_a_key(devanagari, latin), f"{devanagari} finds {latin}"


def test_variants_are_capped_and_never_repeat_the_key_itself() -> None:
    for token in ("rangaswamy", "chhotan", "xavier", "sundaram", "ab"):
        variants = variant_keys(token)
        assert len(variants) <= 4 and phonetic_key(token) not in variants
    assert variant_keys("k") == () and variant_keys("mohammad", "") == (), "initials and expansions have none"


def test_fine_keys_keep_the_vowels_spelling_keeps() -> None:
    assert fine_key("sathish") == fine_key(name_tokens("सतीश")[0]) == fine_key("satheesh")
    assert fine_key("sivakumar") == fine_key(name_tokens("शिवकुमार")[0])
    assert phonetic_key("kallol") == phonetic_key("kalai") and fine_key("kallol") != fine_key("kalai")


def test_a_part_joined_to_a_common_name_part_is_indexed_split_too() -> None:
    keys = index_name_fields(["Sathishkumar M"], [])["name_keys"]
    assert {"sathishkumar", "sathish", "kumar"} <= set(keys)
    assert {"sundaram"} == set(index_name_fields(["Sundaram"], [])["name_keys"]), "no split inside a name"
    assert _share_a_key("सतीश कुमार एम", "Sathishkumar M")


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        ("अडव . टी पि. सिन्दु मोल", ["t", "p", "sindu", "mol"]),  # Adv. is an honorific in Devanagari too
        ("एम्  के  षमीर", ["m", "k", "shamir"]),  # a letter name written with a virama
        ("ए सि जलालुद्दीन", ["a", "c", "jalaluddin"]),
        ("शंमुगम", ["shanmugam"]),  # an anusvara before म is n
        ("Silva, BKTN", ["silva", "b", "k", "t", "n"]),  # four initials after a surname
        ("Fernando, ARPM", ["fernando", "a", "r", "p", "m"]),
        ("Ram SHAH", ["ram", "shah"]),  # a vowel inside: a name in capitals, not initials
    ],
)
def test_more_devanagari_honorifics_letter_names_and_nasals(written: str, tokens: list[str]) -> None:
    assert name_tokens(written) == tokens


def test_queried_parts_carry_the_key_of_each_part_joined_to_its_neighbour() -> None:
    sulthan, basha, initial = name_terms("Sulthan Basha K")
    joined = phonetic_key("sulthanbasha")
    assert joined in sulthan.variants and joined in basha.variants
    assert initial.variants == (), "initials are not joined"
    assert name_terms("Ram")[0].variants == ()


def test_other_readings_of_a_devanagari_word_are_indexed_as_keys_with_their_fine_keys() -> None:
    fields = index_name_fields(["जोड़ी"], [])
    assert {"jori", "jodi"} <= set(fields["name_keys"])
    assert f"={fine_key('jodi')}" in fields["name_phonetic"]
    assert index_name_fields(["Jodi"], [])["name_keys"] == ["jodi"], "Latin records have no other reading"


@pytest.mark.parametrize(
    ("latin", "devanagari"), [("theater", "थिएटर"), ("Peter", "पीटर"), ("Victor", "विक्टर"), ("Mitchell", "मिचेल")]
)
def test_english_spellings_bring_the_fine_key_of_the_hindi_spelling(latin: str, devanagari: str) -> None:
    hindi = fine_key(name_tokens(devanagari)[0])
    assert fine_key(latin) != hindi and hindi in variant_fine_keys(latin.lower())


def test_a_name_of_nothing_but_initials_is_also_the_word_they_spell() -> None:
    assert "csir" in index_name_fields(["सीएसआईआर"], [])["name_keys"]
    assert "ak" not in index_name_fields(["A K Singh"], [])["name_keys"], "only when initials are all there is"
    assert all(phonetic_key("csir") in term.variants for term in name_terms("सी.एस.आई.आर."))
    assert _share_a_key("सीएसआईआर", "CSIR") and _share_a_key("CSIR", "सीएसआईआर")
