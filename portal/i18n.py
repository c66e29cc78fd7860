"""The citizen portal's words in Hindi and English, and which language a request wants.

The language is the ``lang`` query parameter if given (it is then kept in the ``cctns_lang`` cookie), else
that cookie, else Hindi.
"""

from __future__ import annotations

from fastapi import Request

from records.models import ComplaintCategory, ComplaintStatus

LANG_COOKIE = "cctns_lang"
LANGUAGES = ("hi", "en")
DEFAULT_LANGUAGE = "hi"

WORDS: dict[str, tuple[str, str]] = {
    # key: (English, Hindi)
    "site": ("Bihar Police · Citizen services", "बिहार पुलिस · नागरिक सेवाएँ"),
    "home_title": ("Complain online, follow your case", "ऑनलाइन शिकायत करें, अपने मामले की स्थिति देखें"),
    "home_intro": (
        "File a complaint with the police from home. You get a tracking number and an SMS at each step: when "
        "the police station receives it, when an FIR is registered, and as the investigation goes on.",
        "घर से पुलिस में शिकायत दर्ज करें। आपको एक ट्रैकिंग नंबर मिलेगा और हर चरण पर SMS: जब थाना शिकायत प्राप्त करे, "
        "जब प्राथमिकी दर्ज हो, और जाँच आगे बढ़ने पर।",
    ),
    "emergency": (
        "In an emergency call 112. Do not wait for an online complaint.",
        "आपात स्थिति में 112 पर कॉल करें। ऑनलाइन शिकायत की प्रतीक्षा न करें।",
    ),
    "file_complaint": ("File a complaint", "शिकायत दर्ज करें"),
    "check_status": ("Check the status of a complaint", "शिकायत की स्थिति देखें"),
    "staff_link": ("Police staff: review queue", "पुलिस कर्मी: समीक्षा सूची"),
    "required": ("required", "आवश्यक"),
    "optional": ("optional", "वैकल्पिक"),
    "your_details": ("Your details", "आपका विवरण"),
    "what_happened": ("What happened", "क्या हुआ"),
    "choose": ("— choose —", "— चुनें —"),
    "attachments": ("Photos or documents", "फ़ोटो या दस्तावेज़"),
    "attachments_hint": (
        "Up to 3 files: JPEG or PNG photos or PDF documents, each up to 2 MB, 5 MB together.",
        "अधिकतम 3 फ़ाइलें: JPEG या PNG फ़ोटो या PDF दस्तावेज़, हर एक 2 MB तक, कुल 5 MB तक।",
    ),
    "mobile_hint": (
        "We send a code to this number to confirm it; updates come here by SMS.",
        "इस नंबर की पुष्टि के लिए कोड भेजा जाएगा; आगे की सूचना इसी पर SMS से आएगी।",
    ),
    "when_hint": ("Leave the time empty if you do not know it.", "समय ज्ञात न हो तो खाली छोड़ दें।"),
    "station_hint": (
        "The police station of the place where it happened.",
        "उस स्थान का थाना जहाँ घटना हुई।",
    ),
    "description_hint": (
        "Say what happened, when, where, who was involved and what was lost (20 to 4,000 characters).",
        "बताएं क्या हुआ, कब, कहाँ, कौन शामिल था और क्या नुकसान हुआ (20 से 4,000 अक्षर)।",
    ),
    "declaration": (
        "Giving false information to the police is an offence (BNS section 217).",
        "पुलिस को झूठी सूचना देना अपराध है (भा.न्या.सं. धारा 217)।",
    ),
    "submit": ("Submit complaint", "शिकायत भेजें"),
    "fix_below": ("Please correct the following and submit again:", "कृपया निम्न सुधारें और फिर से भेजें:"),
    "confirm_title": ("Confirm your mobile number", "अपना मोबाइल नंबर पुष्टि करें"),
    "confirm_intro": (
        "We have sent a 6-digit code by SMS to {mobile}. Enter it here to send your complaint to the police "
        "station. The code is valid for 10 minutes.",
        "हमने {mobile} पर SMS से 6 अंकों का कोड भेजा है। शिकायत थाने को भेजने के लिए उसे यहाँ डालें। कोड 10 मिनट तक मान्य है।",
    ),
    "code": ("Code from the SMS", "SMS में आया कोड"),
    "confirm": ("Confirm", "पुष्टि करें"),
    "resend": ("Send a new code", "नया कोड भेजें"),
    "code_resent": ("A new code has been sent.", "नया कोड भेज दिया गया है।"),
    "filed_title": ("Your complaint has been sent", "आपकी शिकायत भेज दी गई है"),
    "filed_intro": (
        "Your complaint has reached {station} police station. Keep your tracking number: you need it, with "
        "your mobile number, to see what the police have done.",
        "आपकी शिकायत थाना {station} को प्राप्त हो गई है। अपना ट्रैकिंग नंबर संभाल कर रखें: पुलिस की कार्रवाई देखने "
        "के लिए इसकी और आपके मोबाइल नंबर की आवश्यकता होगी।",
    ),
    "tracking_number": ("Tracking number", "ट्रैकिंग नंबर"),
    "status_title": ("Status of a complaint", "शिकायत की स्थिति"),
    "status_intro": (
        "Enter your tracking number and the mobile number you gave. We send a code to that mobile.",
        "अपना ट्रैकिंग नंबर और दिया गया मोबाइल नंबर डालें। उस मोबाइल पर एक कोड भेजा जाएगा।",
    ),
    "send_code": ("Send code", "कोड भेजें"),
    "show_status": ("Show status", "स्थिति देखें"),
    "status_code_sent": (
        "We have sent a 6-digit code by SMS to {mobile}. Enter it to see your complaint.",
        "हमने {mobile} पर SMS से 6 अंकों का कोड भेजा है। शिकायत देखने के लिए उसे डालें।",
    ),
    "history": ("What has happened", "अब तक की कार्रवाई"),
    "fir_history": ("Progress of the FIR", "प्राथमिकी की प्रगति"),
    "current_status": ("Status now", "वर्तमान स्थिति"),
    "station": ("Police station", "थाना"),
    "filed_on": ("Filed on", "दर्ज करने की तिथि"),
    "fir_title": ("FIR registered on your complaint", "आपकी शिकायत पर दर्ज प्राथमिकी"),
    "fir_number": ("FIR number", "प्राथमिकी संख्या"),
    "fir_status": ("FIR status", "प्राथमिकी की स्थिति"),
    "sections": ("Acts and sections", "अधिनियम एवं धाराएँ"),
    "registered_at": ("Registered", "दर्ज"),
    "io": ("Investigating officer", "अनुसंधानकर्ता"),
    "complainant": ("Complainant", "शिकायतकर्ता"),
    "place": ("Place", "घटनास्थल"),
    "brief_facts": ("Brief facts", "संक्षिप्त तथ्य"),
    "accused": ("Accused", "अभियुक्त"),
    "withheld_notice": (
        "The law forbids disclosing the identity of the victim in this case (BNS section 72, POCSO Act section "
        "23): names, the place and the facts are not shown here. Ask at the police station for a certified copy.",
        "इस मामले में कानून पीड़ित की पहचान उजागर करने से मना करता है (भा.न्या.सं. धारा 72, पॉक्सो अधिनियम धारा 23): "
        "नाम, स्थान और तथ्य यहाँ नहीं दिखाए जाते। प्रमाणित प्रति के लिए थाने से संपर्क करें।",
    ),
    "print": ("Print this page", "यह पृष्ठ प्रिंट करें"),
    "fir_copy_pdf": ("Download the copy of the FIR (PDF)", "प्राथमिकी की प्रति डाउनलोड करें (PDF)"),
    "fir_copy_pdf_hint": (
        "Hindi and English, free of cost. The link works for 30 minutes; after that, look up your complaint again.",
        "हिंदी और अंग्रेज़ी में, नि:शुल्क। यह लिंक 30 मिनट तक काम करता है; उसके बाद शिकायत फिर से खोजें।",
    ),
    "back_home": ("Back to the start", "मुख्य पृष्ठ पर जाएँ"),
    "error_title": ("Something needs your attention", "कृपया ध्यान दें"),
    "what_next": ("What to do next", "आगे क्या करें"),
    "try_again": ("Go back and try again", "वापस जाएँ और फिर से प्रयास करें"),
    # errors: (message, what to do next)
    "err_csrf": (
        "This form has expired or your browser did not send its security cookie.",
        "यह फ़ॉर्म पुराना हो गया है या आपके ब्राउज़र ने सुरक्षा कुकी नहीं भेजी।",
    ),
    "next_csrf": (
        "Open the form again (reload the page), fill it in and submit. Cookies must be allowed for this site.",
        "फ़ॉर्म फिर से खोलें (पेज रीलोड करें), भरें और भेजें। इस साइट के लिए कुकी की अनुमति होनी चाहिए।",
    ),
    "err_rate": (
        "Too many requests from your connection or for this mobile number.",
        "आपके कनेक्शन या इस मोबाइल नंबर से बहुत अधिक अनुरोध।",
    ),
    "next_rate": (
        "Please wait about {minutes} minutes and try again. If the matter is urgent, call 112 or go to the nearest "
        "police station.",
        "कृपया लगभग {minutes} मिनट बाद फिर प्रयास करें। मामला तत्काल हो तो 112 पर कॉल करें या नज़दीकी थाने जाएँ।",
    ),
    "err_not_found": (
        "No complaint matches this tracking number and mobile number.",
        "इस ट्रैकिंग नंबर और मोबाइल नंबर से कोई शिकायत नहीं मिली।",
    ),
    "next_not_found": (
        "Check both against the SMS you received when you filed it (the tracking number looks like CMP-26-ABCD2345) "
        "and try again.",
        "दोनों को शिकायत दर्ज करते समय मिले SMS से मिलाएँ (ट्रैकिंग नंबर CMP-26-ABCD2345 जैसा होता है) और फिर प्रयास करें।",
    ),
    "err_link_expired": (
        "This download link has expired or is not valid.",
        "यह डाउनलोड लिंक पुराना हो गया है या मान्य नहीं है।",
    ),
    "next_link_expired": (
        "Look up your complaint again with its tracking number and mobile number; the page gives a new link.",
        "ट्रैकिंग नंबर और मोबाइल नंबर से शिकायत फिर से खोजें; पृष्ठ पर नया लिंक मिलेगा।",
    ),
    "err_already_confirmed": ("This complaint is already confirmed.", "इस शिकायत की पुष्टि पहले ही हो चुकी है।"),
    "next_already_confirmed": ("See its status with your tracking number.", "ट्रैकिंग नंबर से इसकी स्थिति देखें।"),
    "err_too_large": ("The files you attached are too large.", "संलग्न फ़ाइलें बहुत बड़ी हैं।"),
    "next_too_large": (
        "Attach at most 3 files of up to 2 MB each (5 MB together): send smaller photos or scans, or bring the "
        "documents to the police station.",
        "अधिकतम 3 फ़ाइलें, हर एक 2 MB तक (कुल 5 MB) लगाएँ: छोटी फ़ोटो या स्कैन भेजें, या दस्तावेज़ थाने ले जाएँ।",
    ),
    "err_bad_form": ("The form could not be read.", "फ़ॉर्म पढ़ा नहीं जा सका।"),
    "next_bad_form": ("Open the form again, fill it in and submit.", "फ़ॉर्म फिर से खोलें, भरें और भेजें।"),
    "err_server": ("The service could not handle your request just now.", "सेवा अभी आपका अनुरोध पूरा नहीं कर सकी।"),
    "next_server": (
        "Nothing you entered is lost if you saw a tracking number. Try again in a few minutes; if it keeps "
        "happening, go to your police station.",
        "यदि आपको ट्रैकिंग नंबर मिल गया था तो आपकी जानकारी सुरक्षित है। कुछ मिनट बाद फिर प्रयास करें; बार-बार हो तो अपने थाने जाएँ।",
    ),
}
CATEGORY_NAMES: dict[ComplaintCategory, tuple[str, str]] = {
    ComplaintCategory.THEFT: ("Theft", "चोरी"),
    ComplaintCategory.CYBER_FRAUD: ("Online or phone fraud", "ऑनलाइन या फ़ोन धोखाधड़ी"),
    ComplaintCategory.CHEATING: ("Cheating", "धोखाधड़ी"),
    ComplaintCategory.ASSAULT: ("Assault or hurt", "मारपीट या चोट"),
    ComplaintCategory.THREAT: ("Threat or intimidation", "धमकी"),
    ComplaintCategory.HARASSMENT_OF_WOMEN: ("Harassment of a woman", "महिला उत्पीड़न"),
    ComplaintCategory.SEXUAL_OFFENCE: ("Sexual offence", "यौन अपराध"),
    ComplaintCategory.CHILD_ABUSE: ("Offence against a child", "बच्चे के विरुद्ध अपराध"),
    ComplaintCategory.DOMESTIC_VIOLENCE: ("Domestic violence or dowry", "घरेलू हिंसा या दहेज"),
    ComplaintCategory.MISSING_PERSON: ("Missing person", "गुमशुदा व्यक्ति"),
    ComplaintCategory.LOST_ARTICLE: ("Lost article or document", "खोई वस्तु या दस्तावेज़"),
    ComplaintCategory.PROPERTY_DISPUTE: ("Land or property dispute", "भूमि या संपत्ति विवाद"),
    ComplaintCategory.OTHER: ("Other", "अन्य"),
}
STATUS_NAMES: dict[str, tuple[str, str]] = {
    ComplaintStatus.AWAITING_CONFIRMATION.value: ("Filed; mobile number not yet confirmed", "दर्ज; मोबाइल पुष्टि शेष"),
    ComplaintStatus.RECEIVED.value: ("Received by the police station", "थाने को प्राप्त"),
    ComplaintStatus.ACKNOWLEDGED.value: ("Acknowledged by the police station", "थाने द्वारा स्वीकार"),
    ComplaintStatus.ENQUIRY_ASSIGNED.value: ("Enquiry officer assigned", "जाँच अधिकारी नियुक्त"),
    ComplaintStatus.TRANSFERRED.value: ("Sent to the police station of the place", "क्षेत्राधिकार वाले थाने को भेजी गई"),
    ComplaintStatus.CONVERTED.value: ("FIR registered", "प्राथमिकी दर्ज"),
    ComplaintStatus.CLOSED.value: ("Closed without an FIR", "बिना प्राथमिकी बंद"),
    # FIR statuses
    "registered": ("Registered", "दर्ज"),
    "under_investigation": ("Under investigation", "अनुसंधान जारी"),
    "charge_sheeted": ("Charge sheet filed", "आरोप पत्र दाखिल"),
    "final_report_undetected": ("Final report: true but undetected", "अंतिम प्रतिवेदन: सत्य परंतु सूत्रहीन"),
    "final_report_false": ("Final report: found false", "अंतिम प्रतिवेदन: असत्य"),
    "final_report_mistake_of_fact": ("Final report: mistake of fact or civil", "अंतिम प्रतिवेदन: तथ्य की भूल/दीवानी"),
    "sent_to_court": ("Sent to court", "न्यायालय भेजा गया"),
    "disposed": ("Decided by the court", "न्यायालय द्वारा निर्णीत"),
    "transferred": ("Transferred to another station", "अन्य थाने को स्थानांतरित"),
}


def language_of(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    return cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE


def word(key: str, language: str, **values: object) -> str:
    en, hi = WORDS[key]
    text = hi if language == "hi" else en
    return text.format(**values) if values else text


def pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "hi" else pair[0]
