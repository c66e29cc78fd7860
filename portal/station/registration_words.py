"""The FIR registration form's words in English and Hindi (the IIF-I's own terms where it has them)."""

from __future__ import annotations

from portal.staff_words import Words

FORM_WORDS: Words = {
    "title": ("Register an FIR (IIF-I)", "प्राथमिकी दर्ज करें (IIF-I)"),
    "intro": (
        "Fields marked * are required. What you type is kept in this browser until the FIR is registered.",
        "* वाले क्षेत्र आवश्यक हैं। प्राथमिकी दर्ज होने तक आपकी भरी जानकारी इसी ब्राउज़र में सुरक्षित रहती है।",
    ),
    "required_mark": ("required", "आवश्यक"),
    "saved_title": ("FIR {number} registered", "प्राथमिकी {number} दर्ज हो गई"),
    "saved_detail": ("Registered {at}; sections {sections}.", "{at} को दर्ज; धाराएँ {sections}।"),
    "open_copy": ("FIR copy (print)", "प्राथमिकी की प्रति (प्रिंट)"),
    "open_pdf": ("FIR copy (PDF)", "प्राथमिकी की प्रति (PDF)"),
    "open_case": ("Open the case page", "मामले का पृष्ठ खोलें"),
    "next_fir": ("Register another FIR below.", "नीचे अगली प्राथमिकी दर्ज करें।"),
    "draft_restored": (
        "A draft you had not sent was restored.",
        "आपका न भेजा गया मसौदा फिर से भर दिया गया है।",
    ),
    "discard_draft": ("Discard the draft", "मसौदा हटाएँ"),
    "fix_below": ("The FIR was not registered. Correct these fields:", "प्राथमिकी दर्ज नहीं हुई। ये क्षेत्र सुधारें:"),
    "general_problem": ("The form", "फ़ॉर्म"),
    "sent_before": (
        "This form was already sent with other content and registered an FIR. Open a new form to register another.",
        "यह फ़ॉर्म पहले ही अन्य विवरण के साथ भेजा जा चुका है और उससे प्राथमिकी दर्ज हो चुकी है। दूसरी प्राथमिकी के लिए नया फ़ॉर्म खोलें।",
    ),
    # information
    "information": ("1. Information", "1. सूचना"),
    "information_type": ("Type of information", "सूचना का प्रकार"),
    "info_received_at": ("Information received at the station (IST)", "थाने पर सूचना प्राप्ति का समय (IST)"),
    "gd_entry_number": ("General diary entry no.", "सामान्य दैनिकी (GD) प्रविष्टि सं."),
    # complainant
    "complainant": ("2. Complainant / informant", "2. शिकायतकर्ता / सूचनादाता"),
    "name": ("Name", "नाम"),
    "name_hint": (
        "You may write the father's or husband's name after s/o, d/o, w/o (पुत्र, पुत्री, पत्नी): it is split off.",
        "पिता या पति का नाम s/o, d/o, w/o (पुत्र, पुत्री, पत्नी) के बाद लिख सकते हैं: वह अलग कर लिया जाएगा।",
    ),
    "relation_kind": ("Relation", "संबंध"),
    "relative_name": ("Father's / husband's name", "पिता / पति का नाम"),
    "gender": ("Gender", "लिंग"),
    "age": ("Age (years)", "आयु (वर्ष)"),
    "address": ("Address", "पता"),
    "mobile": ("Mobile", "मोबाइल"),
    "not_given": ("— not given —", "— नहीं दिया —"),
    # occurrence
    "occurrence": ("3. Place and time of occurrence", "3. घटना का स्थान और समय"),
    "occurrence_from": ("Occurrence from (IST)", "घटना का समय, से (IST)"),
    "occurrence_to": ("Occurrence to (IST)", "घटना का समय, तक (IST)"),
    "place_address": ("Place of occurrence", "घटनास्थल"),
    "place_distance_km": ("Distance from the station (km)", "थाने से दूरी (किमी)"),
    "place_direction": ("Direction from the station", "थाने से दिशा"),
    "beat": ("Beat", "बीट"),
    # sections
    "sections": ("4. Acts and sections", "4. अधिनियम और धाराएँ"),
    "section_n": ("Act and section {n}", "अधिनियम और धारा {n}"),
    "sections_hint": (
        "Type an act and number (BNS 303(2), IPC 379), a number or words of the offence (theft, चोरी), then choose "
        "with the arrow keys and Enter. An offence before 1 July 2024 is cited under the IPC.",
        "अधिनियम और धारा (BNS 303(2), IPC 379), केवल संख्या या अपराध के शब्द (theft, चोरी) लिखें, फिर तीर कुंजियों "
        "और Enter से चुनें। 1 जुलाई 2024 से पहले का अपराध IPC में दर्ज होता है।",
    ),
    "add_section": ("Add a section", "धारा जोड़ें"),
    "becomes": ("now", "अब"),
    "was": ("was", "पहले"),
    "no_choice": ("No section found", "कोई धारा नहीं मिली"),
    # accused
    "accused": ("5. Accused", "5. अभियुक्त"),
    "accused_n": ("Accused A{n}", "अभियुक्त A{n}"),
    "add_accused": ("Add an accused", "अभियुक्त जोड़ें"),
    "unknown_accused": ("Unknown accused", "अज्ञात अभियुक्त"),
    "unknown_count": ("How many unknown accused", "अज्ञात अभियुक्तों की संख्या"),
    "unknown_description": ("Their description (build, clothes, vehicle)", "उनका हुलिया (कद-काठी, कपड़े, वाहन)"),
    "unknown_hint": (
        "Added to the brief facts as the IIF-I's unknown accused entry.",
        "IIF-I की अज्ञात अभियुक्त प्रविष्टि के रूप में संक्षिप्त तथ्यों में जोड़ा जाएगा।",
    ),
    # victims
    "victims": ("6. Victims", "6. पीड़ित"),
    "victim_n": ("Victim {n}", "पीड़ित {n}"),
    "victims_hint": ("Leave empty if the complainant is the only victim.", "यदि शिकायतकर्ता ही पीड़ित है तो खाली छोड़ें।"),
    "add_victim": ("Add a victim", "पीड़ित जोड़ें"),
    # property
    "properties": ("7. Property stolen or involved", "7. चोरी गई या संबंधित संपत्ति"),
    "property_n": ("Property item {n}", "संपत्ति {n}"),
    "add_property": ("Add a property item", "संपत्ति जोड़ें"),
    "kind": ("Kind", "प्रकार"),
    "description": ("Description", "विवरण"),
    "value": ("Value (Rs)", "मूल्य (रु)"),
    "vehicle_registration": ("Registration no.", "पंजीकरण सं."),
    "vehicle_make_model": ("Make and model", "निर्माता और मॉडल"),
    "vehicle_chassis": ("Chassis no.", "चेसिस सं."),
    "vehicle_engine": ("Engine no.", "इंजन सं."),
    "mobile_imei": ("IMEI", "IMEI"),
    # facts
    "facts": ("8. Brief facts", "8. संक्षिप्त तथ्य"),
    "brief_facts": ("Brief facts (the information as given)", "संक्षिप्त तथ्य (सूचना जैसी दी गई)"),
    "delay_reason": ("Reason for delay in reporting, if any", "सूचना में देरी का कारण, यदि हो"),
    "io": ("9. Investigating officer", "9. अनुसंधानकर्ता"),
    "io_name": ("Name", "नाम"),
    "io_rank": ("Rank", "पद"),
    "submit": ("Register the FIR", "प्राथमिकी दर्ज करें"),
    "saving": ("Registering…", "दर्ज की जा रही है…"),
}
