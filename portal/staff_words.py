"""The words of the staff frame (header, navigation, login, home, errors) in English and Hindi.

A page keeps its own words in its own table and passes it to ``portal.staff_frame.render(words=...)``; a key
looked up there first, then here."""

from __future__ import annotations

Words = dict[str, tuple[str, str]]  # key: (English, Hindi)

FRAME_WORDS: Words = {
    "site": ("CCTNS Bihar · Police staff", "सीसीटीएनएस बिहार · पुलिस कर्मी"),
    "home": ("Home", "मुख्य पृष्ठ"),
    "nav_station": ("My station", "मेरा थाना"),
    "nav_search": ("Search", "खोज"),
    "nav_complaints": ("Complaints", "शिकायतें"),
    "nav_matches": ("Same person?", "एक ही व्यक्ति?"),
    "nav_network": ("Other states", "अन्य राज्य"),
    "nav_dashboards": ("Dashboards", "डैशबोर्ड"),
    "nav_admin": ("Administration", "प्रशासन"),
    "about_station": (
        "Today's FIRs, pending cases, register an FIR, the case pages and the case diary.",
        "आज की प्राथमिकियाँ, लंबित मामले, प्राथमिकी दर्ज करें, मामले के पृष्ठ और केस डायरी।",
    ),
    "about_search": (
        "Find people and cases by name in any script, FIR number, mobile or vehicle.",
        "किसी भी लिपि में नाम, प्राथमिकी संख्या, मोबाइल या वाहन से व्यक्ति और मामले खोजें।",
    ),
    "about_complaints": (
        "Complaints citizens filed online: acknowledge, assign, convert to an FIR, close.",
        "नागरिकों की ऑनलाइन शिकायतें: स्वीकार करें, सौंपें, प्राथमिकी में बदलें, बंद करें।",
    ),
    "about_matches": (
        "Records that may be one person: confirm or reject; your alerts.",
        "ऐसे अभिलेख जो एक ही व्यक्ति के हो सकते हैं: पुष्टि करें या अस्वीकार करें; आपकी सूचनाएँ।",
    ),
    "about_network": (
        "Ask another state's station to confirm a record it owns; the same person in another state?",
        "दूसरे राज्य के थाने से उसके अभिलेख की पुष्टि माँगें; क्या वही व्यक्ति दूसरे राज्य में है?",
    ),
    "about_dashboards": (
        "Crime figures, pendency and maps of your jurisdiction.",
        "आपके क्षेत्राधिकार के अपराध आँकड़े, लंबित मामले और मानचित्र।",
    ),
    "about_admin": (
        "Users, stations' API clients and police stations.",
        "उपयोगकर्ता, थानों के API क्लाइंट और थाने।",
    ),
    "logged_in_as": ("Logged in as", "लॉग इन:"),
    "logout": ("Log out", "लॉग आउट"),
    "citizen_portal": ("Citizens' portal", "नागरिक पोर्टल"),
    "home_title": ("Your pages", "आपके पृष्ठ"),
    "home_none": (
        "Your role opens none of the staff pages. Ask the administrator.",
        "आपकी भूमिका से कोई स्टाफ़ पृष्ठ नहीं खुलता। प्रशासक से संपर्क करें।",
    ),
    # login
    "login_title": ("Staff login", "स्टाफ़ लॉगिन"),
    "login_intro": (
        "One login for every staff page: station, search, complaints, dashboards and administration.",
        "हर स्टाफ़ पृष्ठ के लिए एक ही लॉगिन: थाना, खोज, शिकायतें, डैशबोर्ड और प्रशासन।",
    ),
    "username": ("Username", "उपयोगकर्ता नाम"),
    "password": ("Password", "पासवर्ड"),
    "login": ("Log in", "लॉग इन करें"),
    "logout_title": ("Log out", "लॉग आउट"),
    "logout_intro": (
        "Logging out ends this session everywhere: a copy of it stops working too.",
        "लॉग आउट करने से यह सत्र हर जगह समाप्त हो जाता है: इसकी कोई प्रति भी काम नहीं करेगी।",
    ),
    # errors
    "error_title": ("This cannot be done", "यह नहीं हो सकता"),
    "err_csrf": (
        "This form did not come from a page of this session (or the page is old). Open the page again and resubmit.",
        "यह फ़ॉर्म इस सत्र के किसी पृष्ठ से नहीं आया (या पृष्ठ पुराना है)। पृष्ठ फिर से खोलें और दोबारा भेजें।",
    ),
    "err_forbidden": ("Your role may not open this page.", "आपकी भूमिका से यह पृष्ठ नहीं खुल सकता।"),
    "err_bad_form": ("The form could not be read.", "फ़ॉर्म पढ़ा नहीं जा सका।"),
    "back_home": ("Back to your pages", "अपने पृष्ठों पर लौटें"),
}
