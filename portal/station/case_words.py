"""The case page's words in English and Hindi, and a refusal of the domain said in the officer's language.

The ``cases`` commands and ``records.access`` explain a refusal in one English sentence (the API's answer). The
page shows it next to the form; in Hindi it puts first the Hindi of the sentences officers meet every day
(:data:`REASONS_HI`, matched by pattern) and keeps the rule's own sentence below it, so nothing is lost.
"""

from __future__ import annotations

import enum
import re

from portal.staff_words import Words
from records.display import Language, label
from records.models import CourtResult, FinalReportKind

CASE_WORDS: Words = {
    "title": ("Case", "मामला"),
    "fir": ("FIR", "प्राथमिकी"),
    "back": ("Station home", "थाना मुख्य पृष्ठ"),
    "status": ("Status", "स्थिति"),
    "registered_at": ("Registered", "दर्ज"),
    "station": ("Police station", "थाना"),
    "district": ("District", "ज़िला"),
    "information_type": ("Type of information", "सूचना का प्रकार"),
    "occurrence": ("Occurrence", "घटना का समय"),
    "place": ("Place", "स्थान"),
    "beat": ("beat", "बीट"),
    "sections": ("Acts and sections", "अधिनियम एवं धाराएँ"),
    "complainant": ("Complainant", "शिकायतकर्ता"),
    "accused": ("Accused and suspects", "अभियुक्त एवं संदिग्ध"),
    "victims_witnesses": ("Victims and witnesses", "पीड़ित एवं गवाह"),
    "property": ("Property", "संपत्ति"),
    "total": ("Total", "कुल"),
    "facts": ("Brief facts", "संक्षिप्त तथ्य"),
    "io": ("Investigating officer", "अनुसंधानकर्ता"),
    "none_yet": ("None yet.", "अभी कोई नहीं।"),
    "not_assigned": ("Not assigned yet", "अभी नियुक्त नहीं"),
    "as_registered": ("The FIR as registered", "दर्ज प्राथमिकी"),
    "history": ("Status history", "स्थिति का इतिहास"),
    "when": ("When", "कब"),
    "from_to": ("From → to", "से → तक"),
    "by": ("By", "द्वारा"),
    "note": ("Note", "टिप्पणी"),
    "investigation": ("Investigation", "अनुसंधान"),
    "records_so_far": ("Recorded so far", "अब तक दर्ज"),
    "arrests": ("Arrests and surrenders (IIF-III)", "गिरफ़्तारी एवं आत्मसमर्पण (IIF-III)"),
    "seizures": ("Seizures (IIF-IV)", "ज़ब्ती (IIF-IV)"),
    "final_reports": ("Final report or charge sheet (IIF-V)", "अंतिम प्रतिवेदन या आरोप-पत्र (IIF-V)"),
    "court_results": ("Court result", "न्यायालय का निर्णय"),
    "copy": ("FIR copy", "प्राथमिकी की प्रति"),
    "copy_pdf": ("Download the FIR copy (PDF)", "प्राथमिकी की प्रति डाउनलोड करें (PDF)"),
    "copy_print": ("Printable copy", "छपने योग्य प्रति"),
    "read_only": (
        "You may read this case; only officers of its police station record the investigation.",
        "आप यह मामला पढ़ सकते हैं; अनुसंधान की कार्रवाई केवल इसके थाने के अधिकारी दर्ज करते हैं।",
    ),
    "closed": (
        "This case is closed: arrests, seizures and corrections are no longer recorded.",
        "यह मामला बंद है: अब गिरफ़्तारी, ज़ब्ती या सुधार दर्ज नहीं होते।",
    ),
    # forms
    "act_io": ("Assign or change the investigating officer", "अनुसंधानकर्ता नियुक्त करें या बदलें"),
    "io_name": ("Officer's name", "अधिकारी का नाम"),
    "io_rank": ("Rank", "पद"),
    "act_arrest": ("Record an arrest or surrender", "गिरफ़्तारी या आत्मसमर्पण दर्ज करें"),
    "person": ("Accused or suspect", "अभियुक्त या संदिग्ध"),
    "kind": ("Kind", "प्रकार"),
    "at": ("Date and time (IST)", "दिनांक और समय (IST)"),
    "arrest_place": ("Place", "स्थान"),
    "officer_name": ("Officer", "अधिकारी"),
    "court_surrendered_in": ("Court surrendered in", "आत्मसमर्पण का न्यायालय"),
    "remarks": ("Remarks", "टिप्पणी"),
    "no_accused": (
        "No accused or suspect is named in this FIR yet; add them before recording an arrest.",
        "इस प्राथमिकी में अभी कोई अभियुक्त या संदिग्ध नामित नहीं है; गिरफ़्तारी से पहले उन्हें जोड़ें।",
    ),
    "act_seizure": ("Record a seizure", "ज़ब्ती दर्ज करें"),
    "seized_at": ("Seized on (IST)", "ज़ब्ती का दिनांक और समय (IST)"),
    "description": ("Description", "विवरण"),
    "quantity": ("Quantity", "मात्रा"),
    "value": ("Value (Rs)", "मूल्य (रु.)"),
    "seized_from": ("Seized from", "किससे ज़ब्त"),
    "nobody": ("— nobody named —", "— कोई नामित नहीं —"),
    "vehicle_registration": ("Vehicle number", "वाहन संख्या"),
    "act_final_report": ("Submit a final report or charge sheet", "अंतिम प्रतिवेदन या आरोप-पत्र समर्पित करें"),
    "report_kind": ("Kind of report", "प्रतिवेदन का प्रकार"),
    "report_number": ("Report number", "प्रतिवेदन संख्या"),
    "submitted_on": ("Submitted on", "समर्पण की तिथि"),
    "court": ("Court", "न्यायालय"),
    "is_supplementary": ("Supplementary charge sheet", "पूरक आरोप-पत्र"),
    "summary": ("Summary", "सारांश"),
    "charges": ("Accused sent up for trial (charge sheet)", "विचारण हेतु भेजे गए अभियुक्त (आरोप-पत्र)"),
    "charged": ("Charged", "आरोपित"),
    "not_charged": ("Not sent up", "नहीं भेजा गया"),
    "not_said": ("—", "—"),
    "act_court": ("Record the court's result", "न्यायालय का निर्णय दर्ज करें"),
    "court_case_number": ("Court case number", "न्यायालय वाद संख्या"),
    "disposed_on": ("Decided on", "निर्णय की तिथि"),
    "result": ("Result", "निर्णय"),
    "for_accused": ("For accused", "अभियुक्त हेतु"),
    "whole_case": ("— the whole case —", "— पूरा मामला —"),
    "sentence": ("Sentence", "सज़ा"),
    "act_status": ("Change the status", "स्थिति बदलें"),
    "to_status": ("New status", "नई स्थिति"),
    "act_transfer": ("Transfer this zero FIR", "यह शून्य प्राथमिकी स्थानांतरित करें"),
    "to_station": ("Police station with jurisdiction (code)", "क्षेत्राधिकार वाला थाना (कोड)"),
    "transfer_hint": (
        "That station gets a regular FIR in its own series; this one becomes transferred.",
        "उस थाने में उसकी अपनी क्रम संख्या में नियमित प्राथमिकी दर्ज होगी; यह प्राथमिकी स्थानांतरित हो जाएगी।",
    ),
    "save": ("Save", "सहेजें"),
    "record": ("Record", "दर्ज करें"),
    "optional": ("optional", "वैकल्पिक"),
    "choose": ("— choose —", "— चुनें —"),
    # the diary
    "diary": ("Case diary", "केस डायरी"),
    "diary_hint": (
        "The investigating officer's dated entries, in the order written. An entry is never changed: to correct "
        "one, write a new entry that names it.",
        "अनुसंधानकर्ता की दिनांकित प्रविष्टियाँ, लिखे जाने के क्रम में। कोई प्रविष्टि बदली नहीं जाती: सुधार के लिए "
        "नई प्रविष्टि लिखें जो पुरानी का क्रमांक बताए।",
    ),
    "entry": ("Entry", "प्रविष्टि"),
    "entry_at": ("Date and time of the proceedings (IST)", "कार्यवाही का दिनांक और समय (IST)"),
    "entry_place": ("Place", "स्थान"),
    "entry_text": ("Entry", "प्रविष्टि"),
    "corrects": ("Corrects entry", "प्रविष्टि का सुधार"),
    "corrects_none": ("— none: a new entry —", "— नई प्रविष्टि, किसी का सुधार नहीं —"),
    "corrected_by": ("Corrected by entry", "सुधार: प्रविष्टि"),
    "correction_of": ("Correction of entry", "प्रविष्टि का सुधार"),
    "written_by": ("Written by", "लेखक"),
    "add_entry": ("Add the entry", "प्रविष्टि जोड़ें"),
    "act_diary": ("Write a diary entry", "डायरी प्रविष्टि लिखें"),
    # answers
    "refused": ("Not recorded:", "दर्ज नहीं हुआ:"),
    "rule_said": ("The rule says:", "नियम:"),
    "err_no_fir": ("There is no such FIR.", "ऐसी कोई प्राथमिकी नहीं है।"),
    "err_forbidden": ("You may not open this case.", "आप यह मामला नहीं खोल सकते।"),
    "sharing": ("Other states see", "अन्य राज्य देखते हैं"),
    "act_sharing": ("Sharing with other states", "अन्य राज्यों से साझा"),
    "sharing_level": ("What other states may see of this case", "अन्य राज्य इस मामले का क्या देख सकते हैं"),
    "sharing_reason": ("Reason", "कारण"),
    "sharing_protected": (
        "A case whose victim must not be identified is never visible outside the state, whatever is set here; "
        "children are never named outside it.",
        "जिस मामले में पीड़ित की पहचान प्रकट नहीं की जा सकती, वह राज्य के बाहर कभी नहीं दिखता, चाहे यहाँ कुछ भी चुना "
        "जाए; बच्चों के नाम राज्य के बाहर कभी नहीं जाते।",
    ),
    "done_sharing": ("The sharing level is saved.", "साझा करने का स्तर सहेजा गया।"),
    "done_io": ("The investigating officer is saved.", "अनुसंधानकर्ता सहेजा गया।"),
    "done_arrest": ("The arrest or surrender is recorded.", "गिरफ़्तारी या आत्मसमर्पण दर्ज हुआ।"),
    "done_seizure": ("The seizure is recorded.", "ज़ब्ती दर्ज हुई।"),
    "done_final_report": ("The report is recorded.", "प्रतिवेदन दर्ज हुआ।"),
    "done_court": ("The court's result is recorded.", "न्यायालय का निर्णय दर्ज हुआ।"),
    "done_status": ("The status is changed.", "स्थिति बदली गई।"),
    "done_transfer": ("The zero FIR is transferred.", "शून्य प्राथमिकी स्थानांतरित हुई।"),
    "done_diary": ("The diary entry is added.", "डायरी प्रविष्टि जोड़ी गई।"),
    # courts and prisons (ICJS, issue 25)
    "icjs": ("Court and prison", "न्यायालय एवं जेल"),
    "cnr": ("Court case (CNR)", "न्यायालय वाद (CNR)"),
    "court_registered_on": ("Registered by the court", "न्यायालय में दर्ज"),
    "next_hearing": ("Next hearing", "अगली सुनवाई"),
    "disposal": ("Disposal", "निस्तारण"),
    "no_court_case": ("No court has registered this case yet.", "किसी न्यायालय ने अभी यह वाद दर्ज नहीं किया है।"),
    "icjs_history": ("Court and prison history", "न्यायालय एवं जेल का इतिहास"),
    "icjs_from": ("From", "प्रेषक"),
    "icjs_what": ("What", "क्या"),
    "icjs_done": ("Done here", "यहाँ क्या हुआ"),
    "offers": ("Offered to courts", "न्यायालयों को भेजा गया"),
    "offer_waiting": ("waiting to be sent", "भेजे जाने की प्रतीक्षा में"),
    "offer_delivered": ("taken by the court", "न्यायालय ने प्राप्त किया"),
    "offer_tries": ("tries", "प्रयास"),
    "act_court_offer": ("Offer to a court", "न्यायालय को भेजें"),
    "court_offer_hint": (
        "The FIR (or its latest charge sheet) goes to the court with its PDF copy; if the court cannot be reached "
        "it is sent again later. The court's case number and hearings come back here.",
        "प्राथमिकी (या उसका नवीनतम आरोप-पत्र) उसकी PDF प्रति के साथ न्यायालय को जाती है; न्यायालय से संपर्क न हो तो "
        "बाद में फिर भेजी जाती है। न्यायालय का वाद क्रमांक और सुनवाई की तिथियाँ यहाँ लौटती हैं।",
    ),
    "offer_court": ("Court", "न्यायालय"),
    "offered": ("What to send", "क्या भेजें"),
    "offered_fir": ("The FIR", "प्राथमिकी"),
    "offered_charge_sheet": ("The charge sheet", "आरोप-पत्र"),
    "send_offer": ("Send to the court", "न्यायालय को भेजें"),
    "done_court_offer": (
        "Queued for the court: it is sent as soon as the court answers.",
        "न्यायालय हेतु कतार में: न्यायालय के उत्तर देते ही भेजा जाएगा।",
    ),
    "icjs_case_registered": ("Case registered", "वाद दर्ज"),
    "icjs_hearing_fixed": ("Hearing fixed", "सुनवाई तय"),
    "icjs_case_disposed": ("Case disposed", "वाद निस्तारित"),
    "icjs_admitted": ("Admitted to prison", "जेल में दाख़िल"),
    "icjs_released": ("Released from prison", "जेल से रिहा"),
    "icjs_paroled": ("On parole", "पैरोल पर"),
    "icjs_escaped": ("Escaped from prison", "जेल से फ़रार"),
}

# The domain's most frequent refusals in Hindi: (pattern of the English sentence, Hindi with its groups).
REASONS_HI: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(.+) is in the future \(now it is (.+)\)"), "{0} भविष्य का समय है (अभी {1} है)"),
    (
        re.compile(r"person (\d+) is not an accused or suspect in FIR (\S+)"),
        "व्यक्ति {0} प्राथमिकी {1} में अभियुक्त या संदिग्ध नहीं है",
    ),
    (re.compile(r"person (\d+) is not an accused in FIR (\S+)"), "व्यक्ति {0} प्राथमिकी {1} में अभियुक्त नहीं है"),
    (re.compile(r"the arrest cannot come before the offence began"), "गिरफ़्तारी घटना से पहले की नहीं हो सकती"),
    (
        re.compile(r"FIR (\S+) is (\S+), so (.+) is no longer possible"),
        "प्राथमिकी {0} की स्थिति '{1}' है, अतः यह कार्रवाई अब संभव नहीं",
    ),
    (re.compile(r"(.+) is before (.+)"), "{0} तिथि बहुत पहले की है"),
    (re.compile(r"the diary of FIR (\S+) begins on (\S+)"), "प्राथमिकी {0} की डायरी {1} (दर्ज होने के दिन) से आरंभ होती है"),
    (re.compile(r"the diary of FIR (\S+) has no entry (\d+)"), "प्राथमिकी {0} की डायरी में प्रविष्टि {1} नहीं है"),
    (re.compile(r"only a charge sheet"), "यह केवल आरोप-पत्र में संभव है"),
    (re.compile(r"is the station that registered the zero FIR"), "यह वही थाना है जिसने शून्य प्राथमिकी दर्ज की"),
    (re.compile(r"no police station has code"), "इस कोड का कोई थाना नहीं है"),
    (re.compile(r"only a zero FIR"), "केवल शून्य प्राथमिकी स्थानांतरित होती है"),
    (re.compile(r"writes only records of their own station"), "आप केवल अपने थाने के अभिलेख में लिख सकते हैं"),
    (re.compile(r"reads only records of their own"), "आप केवल अपने क्षेत्राधिकार के अभिलेख पढ़ सकते हैं"),
    (re.compile(r"only station officers"), "केवल थाने के अधिकारी प्राथमिकी में लिखते हैं"),
    (re.compile(r"Field required|must not be empty|at least 1 character"), "भरना आवश्यक है"),
    (re.compile(r"valid datetime|valid date|Input should be a valid"), "सही मान भरें (दिनांक, समय या संख्या)"),
    (
        re.compile(r"has changed since you read it|was updated or deleted by another"),
        "इस बीच मामला किसी और ने बदला; पृष्ठ फिर से खोलें",
    ),
]


def reason_hi(reason: str) -> str | None:
    """The Hindi of one of the domain's refusals, or None if it is not one of the frequent ones."""
    for pattern, hindi in REASONS_HI:
        found = pattern.search(reason)
        if found:
            return hindi.format(*found.groups())
    return None


# The notes the commands write into the status history (``cases.investigation``, ``cases.status_changes``), by pattern:
# (pattern, English, Hindi), a coded value in the note named by its label.
_NOTES: list[tuple[re.Pattern[str], str, str, type[enum.Enum] | None]] = [
    (re.compile(r"^arrest recorded$"), "Arrest recorded", "गिरफ़्तारी दर्ज", None),
    (re.compile(r"^surrender recorded$"), "Surrender recorded", "आत्मसमर्पण दर्ज", None),
    (re.compile(r"^seizure recorded$"), "Seizure recorded", "ज़ब्ती दर्ज", None),
    (re.compile(r"^final report: (\w+)$"), "{0}", "{0}", FinalReportKind),
    (re.compile(r"^court: (\w+)$"), "Court: {0}", "न्यायालय: {0}", CourtResult),
    (re.compile(r"^court: case ([A-Z0-9]{16})$"), "Court case {0} registered", "न्यायालय में वाद {0} दर्ज", None),
    (re.compile(r"^transferred to (\S+)$"), "Transferred to {0}", "{0} को स्थानांतरित", None),
    (re.compile(r"^from zero FIR (.+)$"), "From zero FIR {0}", "शून्य प्राथमिकी {0} से", None),
]


def history_note(note: str, language: Language) -> str:
    """A status history note in the officer's language when the commands wrote it; an officer's own note as is."""
    for pattern, english, hindi, coded in _NOTES:
        found = pattern.match(note)
        if found:
            values = [label(coded(value), language) if coded else value for value in found.groups()]
            return (hindi if language == "hi" else english).format(*values)
    return note
