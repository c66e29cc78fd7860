"""The words of the network pages (confirmation requests at the owning station and at the asking officer's desk,
cross-state person candidates) in English and Hindi, with the answers a station gives. The states' names and the
purposes a request carries have their one home in ``exchange.codes`` (``state_name``, ``purpose_name``)."""

from __future__ import annotations

from portal.staff_words import Words

OUTCOME_NAMES: Words = {
    "confirmed": ("Confirmed", "पुष्टि की गई"),
    "not_confirmed": ("Not confirmed", "पुष्टि नहीं"),
    "partly": ("Partly confirmed", "आंशिक पुष्टि"),
}

STAGE_NAMES: Words = {
    "not_delivered": ("Not yet delivered (will be retried)", "अभी पहुँचा नहीं (फिर भेजा जाएगा)"),
    "waiting": ("Waiting for the answer", "उत्तर की प्रतीक्षा"),
    "answered": ("Answered", "उत्तर मिला"),
    "refused": ("Refused by the owning state", "स्वामी राज्य ने अस्वीकार किया"),
}

CANDIDATE_STATUS_NAMES: Words = {
    "proposed": ("Proposed: neither state has decided", "प्रस्तावित: किसी राज्य ने निर्णय नहीं लिया"),
    "waiting_other_state": ("Confirmed here; waiting for the other state", "यहाँ पुष्टि; दूसरे राज्य की प्रतीक्षा"),
    "waiting_this_state": ("Confirmed by the other state; your decision", "दूसरे राज्य ने पुष्टि की; आपका निर्णय"),
    "same_person": ("Same person: confirmed by both states", "एक ही व्यक्ति: दोनों राज्यों ने पुष्टि की"),
    "rejected": ("Rejected", "अस्वीकृत"),
}

CONFIRM_WORDS: Words = {
    "station_title": ("Confirmation requests from other states", "अन्य राज्यों से पुष्टि के अनुरोध"),
    "station_hint": (
        "Officers of other states found a record of this station and ask whether it is still so. Answer before the "
        "deadline: your answer goes back to them and is logged on both sides.",
        "अन्य राज्यों के अधिकारियों को इस थाने का एक अभिलेख मिला है और वे पूछते हैं कि क्या यह अब भी सही है। समय-सीमा से "
        "पहले उत्तर दें: आपका उत्तर उन्हें भेजा जाता है और दोनों ओर दर्ज होता है।",
    ),
    "open_requests": ("To answer", "उत्तर देना है"),
    "answered_requests": ("Answered", "उत्तर दिए गए"),
    "none_open": ("No request is waiting for an answer.", "कोई अनुरोध उत्तर की प्रतीक्षा में नहीं है।"),
    "none_answered": ("None answered yet.", "अभी कोई उत्तर नहीं दिया गया।"),
    "record": ("Record", "अभिलेख"),
    "person": ("Person", "व्यक्ति"),
    "question": ("Question", "प्रश्न"),
    "purpose": ("Purpose", "उद्देश्य"),
    "case_reference": ("Their case reference", "उनका मामला संदर्भ"),
    "asked_by": ("Asked by", "अनुरोधकर्ता"),
    "from_state": ("From", "राज्य"),
    "asked_at": ("Asked", "अनुरोध का समय"),
    "deadline": ("Answer by", "उत्तर की समय-सीमा"),
    "time_left": ("{hours} h {minutes} min left", "{hours} घंटे {minutes} मिनट शेष"),
    "overdue": ("Overdue", "समय-सीमा बीत गई"),
    "answer": ("Answer", "उत्तर"),
    "note": ("Note (what you found)", "टिप्पणी (आपने क्या पाया)"),
    "send_answer": ("Send the answer", "उत्तर भेजें"),
    "answered_by": ("Answered by", "उत्तरदाता"),
    "answered_at": ("Answered", "उत्तर का समय"),
    "delivered": ("Delivered", "पहुँचा"),
    "not_yet_delivered": ("Not yet delivered; retried automatically", "अभी नहीं पहुँचा; स्वतः फिर भेजा जाएगा"),
    "open_case": ("open the case", "मामला खोलें"),
    "answer_saved": ("The answer is saved and on its way to {state}.", "उत्तर सहेजा गया और {state} को भेजा जा रहा है।"),
    "err_answer_outcome": ("Choose an answer.", "उत्तर चुनें।"),
    "err_answered_before": ("This request was answered before.", "इस अनुरोध का उत्तर पहले दिया जा चुका है।"),
    "err_no_request": ("No such request for your station.", "आपके थाने के लिए ऐसा कोई अनुरोध नहीं।"),
    # the asking officer's page
    "asked_title": ("Ask another state to confirm", "अन्य राज्य से पुष्टि माँगें"),
    "asked_hint": (
        "A record found in another state is a lead, not a fact: ask its station to confirm it before you act. "
        "The request is kept and sent until it arrives; the answer comes back here.",
        "दूसरे राज्य में मिला अभिलेख एक सुराग है, तथ्य नहीं: कार्रवाई से पहले उसके थाने से पुष्टि माँगें। अनुरोध पहुँचने तक "
        "सहेजा और भेजा जाता है; उत्तर यहीं आता है।",
    ),
    "new_request": ("New request", "नया अनुरोध"),
    "owning_state": ("State that owns the record", "अभिलेख का राज्य"),
    "fir_key": ("Record (as the national search names it)", "अभिलेख (जैसा राष्ट्रीय खोज में लिखा है)"),
    "person_ref": ("Person in the record (optional)", "अभिलेख में व्यक्ति (वैकल्पिक)"),
    "answer_within": ("Answer within (hours)", "उत्तर की अवधि (घंटे)"),
    "send_request": ("Send the request", "अनुरोध भेजें"),
    "my_requests": ("Requests asked from here", "यहाँ से भेजे गए अनुरोध"),
    "none_asked": ("No request asked yet.", "अभी कोई अनुरोध नहीं भेजा गया।"),
    "stage": ("Where it stands", "स्थिति"),
    "request_saved": ("The request is saved and on its way.", "अनुरोध सहेजा गया और भेजा जा रहा है।"),
    "err_request": ("The request cannot be sent:", "अनुरोध नहीं भेजा जा सकता:"),
    "no_network": (
        "This node is not part of a network (no state code set): requests cannot be sent.",
        "यह नोड किसी नेटवर्क का भाग नहीं है (राज्य कोड नहीं): अनुरोध नहीं भेजे जा सकते।",
    ),
    # cross-state candidates
    "candidates_title": ("Same person in another state?", "दूसरे राज्य में वही व्यक्ति?"),
    "candidates_hint": (
        "The national node proposes people of this state who may be people recorded by another state. Confirm "
        "or reject for this state; a pair is the same person only when both states confirmed. Records are never "
        "merged.",
        "राष्ट्रीय नोड इस राज्य के ऐसे व्यक्ति प्रस्तावित करता है जो किसी अन्य राज्य के अभिलेख में दर्ज व्यक्ति हो सकते हैं। इस "
        "राज्य की ओर से पुष्टि करें या अस्वीकार करें; दोनों राज्यों की पुष्टि पर ही वे एक व्यक्ति माने जाते हैं। अभिलेख कभी "
        "विलय नहीं होते।",
    ),
    "none_candidates": ("No candidate is proposed.", "कोई प्रस्ताव नहीं है।"),
    "here": ("This state", "यह राज्य"),
    "there": ("Other state", "दूसरा राज्य"),
    "records": ("Records", "अभिलेख"),
    "score": ("Score", "अंक"),
    "reasons": ("Why", "कारण"),
    "status": ("Status", "स्थिति"),
    "confirm": ("Same person", "एक ही व्यक्ति"),
    "reject": ("Not the same", "अलग व्यक्ति"),
    "national_unreachable": (
        "The national node cannot be reached now; try again later.",
        "राष्ट्रीय नोड से अभी संपर्क नहीं हो पा रहा; बाद में प्रयास करें।",
    ),
    "decision_saved": ("Your decision is recorded.", "आपका निर्णय दर्ज हुआ।"),
    "decision_queued": (
        "Your decision is saved; the national node cannot be reached now, so it is sent as soon as it can be.",
        "आपका निर्णय सहेजा गया; राष्ट्रीय नोड से अभी संपर्क नहीं हो पा रहा, इसलिए संपर्क होते ही भेजा जाएगा।",
    ),
    "decision_refused": (
        "The national node refused the decision (no such candidate for this person).",
        "राष्ट्रीय नोड ने निर्णय अस्वीकार किया (इस व्यक्ति के लिए ऐसा कोई प्रस्ताव नहीं)।",
    ),
    "waiting_decision": ("Your decision, on its way:", "आपका निर्णय, भेजा जा रहा है:"),
}
