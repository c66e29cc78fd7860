"""The words of the staff pages written in JavaScript (search, complaints, matches, person) in English and
Hindi: one table per page plus what ``staff.js`` itself says.

``portal.staff`` puts a page's words into the page in the officer's language: ``{{key}}`` in the HTML is
replaced by the word, and the script reads the rest as ``t("key", {n: 3})`` from the ``WORDS`` object the server
writes in. Names of coded values (statuses, roles, kinds) are not here: they come from ``GET /api/v1/labels``
(``records.display.LABELS``)."""

from __future__ import annotations

from portal.staff_words import Words

COMMON_WORDS: Words = {
    # staff.js
    "err_server": (
        "The server answered {status}; try again, or tell the administrator.",
        "सर्वर ने {status} उत्तर दिया; फिर से प्रयास करें, या प्रशासक को बताएँ।",
    ),
    "not_readable": ("not readable to you", "आपके लिए पठनीय नहीं"),
    "ps": ("PS", "थाना"),
    "ist": ("IST", "IST"),
}

SEARCH_WORDS: Words = {
    "page_title": ("Search people and cases", "व्यक्ति और मामले खोजें"),
    "placeholder": (
        "Name in any script (Ram Kumar s/o Shyam Lal, मोहम्मद इस्लाम), FIR no. (Hajipur Sadar 123/2019), mobile, "
        "vehicle (BR 01 AB 1234), words of the facts",
        "किसी भी लिपि में नाम (राम कुमार पिता श्याम लाल, Md Islam), प्राथमिकी सं. (हाजीपुर सदर 123/2019), मोबाइल, "
        "वाहन (BR 01 AB 1234), तथ्यों के शब्द",
    ),
    "search": ("Search", "खोजें"),
    "relative": ("Father/husband", "पिता/पति"),
    "district": ("District", "ज़िला"),
    "all": ("All", "सभी"),
    "from": ("From", "से"),
    "to": ("To", "तक"),
    "status": ("Status", "स्थिति"),
    "any": ("Any", "कोई भी"),
    "accused_only": ("Accused only", "केवल अभियुक्त"),
    "hint": (
        "Names match across Devanagari and Latin spellings and common variants (Md/Mohd/Mohammad, Kr/Kumar). "
        "Every search is recorded in the audit log.",
        "नाम देवनागरी और लैटिन वर्तनी तथा सामान्य रूपों (मो./मोहम्मद, कु./कुमार) में मिलाए जाते हैं। हर खोज ऑडिट लॉग में दर्ज होती है।",
    ),
    "people": ("People", "व्यक्ति"),
    "cases": ("Cases", "मामले"),
    "previous": ("← Previous", "← पिछला"),
    "next": ("Next →", "अगला →"),
    "close": ("Close", "बंद करें"),
    "remove": ("Remove", "हटाएँ"),
    "spelling": ("spelling", "वर्तनी"),
    "near": ("near", "मिलते-जुलते"),
    "also_near": ("Also show near spellings", "मिलते-जुलते नाम भी दिखाएँ"),
    "also_near_why": ("(a letter different, a part missing).", "(एक अक्षर अलग, एक भाग छूटा)।"),
    "nobody_written": ("No one is recorded as {name} as written.", "जैसा लिखा, {name} नाम से कोई दर्ज नहीं।"),
    "near_only": ("Near spellings only ({n}).", "केवल मिलते-जुलते नाम ({n})।"),
    "written_first": ("{n} with the name {name} as written, first", "जैसा लिखा, {name} नाम के {n}, पहले"),
    "then_near_one": ("; then {n} near spelling.", "; फिर {n} मिलता-जुलता नाम।"),
    "then_near_many": ("; then {n} near spellings.", "; फिर {n} मिलते-जुलते नाम।"),
    "tier_near": ("Near spellings", "मिलते-जुलते नाम"),
    "tier_written": ("Names as written", "जैसा लिखा"),
    "u_fir": ("FIR {numbers}", "प्राथमिकी {numbers}"),
    "u_of_station": (" of station “{words}”", " थाना “{words}” की"),
    "u_mobile": ("mobile {value}", "मोबाइल {value}"),
    "u_vehicle": ("vehicle {value}", "वाहन {value}"),
    "u_name": ("name or words “{value}”", "नाम या शब्द “{value}”"),
    "u_relative": ("father/husband “{value}”", "पिता/पति “{value}”"),
    "searched_for": ("Searched for {parts} · {ms} ms", "खोजा गया: {parts} · {ms} मि.से."),
    "people_count": ("People ({n})", "व्यक्ति ({n})"),
    "people_count_linked": (
        "People ({n} records; a person's linked records on one card)",
        "व्यक्ति ({n} अभिलेख; एक व्यक्ति के जुड़े अभिलेख एक कार्ड पर)",
    ),
    "cases_count": ("Cases ({n})", "मामले ({n})"),
    "wanted": ("WANTED", "वांछित"),
    "proclaimed": ("PROCLAIMED OFFENDER", "उद्घोषित अपराधी"),
    "near_badge": ("near spelling", "मिलता-जुलता"),
    "son_of": ("s/o", "पुत्र"),
    "wife_of": ("w/o", "पत्नी"),
    "age": ("age {n}", "आयु {n}"),
    "one_person_one": (
        "One person: this record and 1 linked record",
        "एक व्यक्ति: यह अभिलेख और 1 जुड़ा अभिलेख",
    ),
    "one_person_many": (
        "One person: this record and {n} linked records",
        "एक व्यक्ति: यह अभिलेख और {n} जुड़े अभिलेख",
    ),
    "case_one": ("1 case:", "1 मामला:"),
    "case_many": ("{n} cases:", "{n} मामले:"),
    "all_n": ("… all {n}", "… सभी {n}"),
    "no_people": ("No people match.", "कोई व्यक्ति नहीं मिला।"),
    "no_cases": ("No cases match.", "कोई मामला नहीं मिला।"),
    "fir": ("FIR", "प्राथमिकी"),
    "case_page": ("Case page", "मामले का पृष्ठ"),
    "f_district": ("District", "ज़िला"),
    "f_station": ("Station", "थाना"),
    "f_crime_head": ("Crime head", "अपराध शीर्ष"),
    "f_status": ("Status", "स्थिति"),
    "f_role": ("Role", "भूमिका"),
    "f_year": ("Year", "वर्ष"),
    "f_spelling": ("spelling", "वर्तनी"),
    "page_of": ("Page {page} of {pages}", "पृष्ठ {page} / {pages}"),
    "on_day": ("on {day}", "({day} को)"),
    "born": ("born {day}", "जन्म {day}"),
    "aka": ("Also known as", "उपनाम"),
    "mobiles": ("Mobiles", "मोबाइल"),
    "addr_present": ("Present address", "वर्तमान पता"),
    "addr_permanent": ("Permanent address", "स्थायी पता"),
    "marks": ("Identifying marks", "पहचान चिह्न"),
    "dossier_link": ("Dossier: every linked record, timeline, associates", "डोज़ियर: सभी जुड़े अभिलेख, समयरेखा, सहयोगी"),
    "cases_n": ("Cases ({n})", "मामले ({n})"),
    "th_station": ("Station", "थाना"),
    "th_district": ("District", "ज़िला"),
    "th_registered": ("Registered", "दर्ज"),
    "th_role": ("Role", "भूमिका"),
    "th_sections": ("Sections", "धाराएँ"),
    "th_status": ("Status", "स्थिति"),
    "arrests": ("Arrests", "गिरफ़्तारियाँ"),
    "final_reports": ("Final reports", "अंतिम प्रतिवेदन"),
    "charged": ("charged", "आरोपित"),
    "court": ("Court", "न्यायालय"),
    "matched_word": ("matched", "मिलान"),
    "fir_unopened": ("This FIR could not be opened.", "यह प्राथमिकी खोली नहीं जा सकी।"),
}
