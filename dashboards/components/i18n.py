"""Labels in English and Hindi; the language is part of the URL (``lang=hi``)."""

from __future__ import annotations

from datetime import date

LABELS: dict[str, tuple[str, str]] = {
    "narrowed_to_jurisdiction": (
        "Your login covers only your own jurisdiction; the view was narrowed to it.",
        "आपका लॉगिन केवल आपके अपने क्षेत्राधिकार के लिए है; दृश्य उसी तक सीमित कर दिया गया।",
    ),
    "title": ("CCTNS Bihar: crime monitoring", "सीसीटीएनएस बिहार: अपराध निगरानी"),
    "overview": ("State overview", "राज्य सारांश"),
    "district": ("District", "ज़िला"),
    "station": ("Police station", "थाना"),
    "pendency": ("Pendency and disposal", "लंबित एवं निष्पादन"),
    "women_sc_st": ("Women, SC/ST", "महिला, अजा/अजजा"),
    "operations": ("Operations", "संचालन"),
    "network": ("Network", "नेटवर्क"),
    "ncrb": ("NCRB tables", "एनसीआरबी तालिकाएँ"),
    "from": ("From", "से"),
    "to": ("To", "तक"),
    "all_districts": ("All districts", "सभी ज़िले"),
    "all_stations": ("All stations", "सभी थाने"),
    "all_heads": ("All crime heads", "सभी अपराध शीर्ष"),
    "law": ("Law", "विधि"),
    "law_all": ("All laws", "सभी विधियाँ"),
    "law_penal": ("IPC + BNS together", "भा.दं.सं. + भा.न्या.सं. साथ"),
    "law_IPC": ("IPC only", "केवल भा.दं.सं."),
    "law_BNS": ("BNS only", "केवल भा.न्या.सं."),
    "law_SLL": ("Special and local laws", "विशेष एवं स्थानीय विधि"),
    "firs": ("FIRs", "प्राथमिकी"),
    "this_period": ("This period", "इस अवधि"),
    "last_year": ("Same period last year", "पिछले वर्ष इसी अवधि"),
    "by_head": (
        "FIRs by crime head: this period against the same period last year",
        "अपराध शीर्षवार प्राथमिकी: इस अवधि बनाम पिछले वर्ष",
    ),
    "trend": ("FIRs per month since 2008", "2008 से मासिक प्राथमिकी"),
    "map_count": ("FIRs by district", "ज़िलावार प्राथमिकी"),
    "map_rate": ("FIRs per lakh population (Census 2011)", "प्रति लाख जनसंख्या प्राथमिकी (जनगणना 2011)"),
    "rising": (
        "Districts rising fastest (change against the same period last year)",
        "सबसे तेज़ बढ़ते ज़िले (पिछले वर्ष की तुलना में)",
    ),
    "ncrb_beside": (
        "IPC/BNS FIRs per year beside NCRB's published district tables",
        "वार्षिक भा.दं.सं./भा.न्या.सं. प्राथमिकी बनाम एनसीआरबी प्रकाशित आँकड़े",
    ),
    "ncrb_published": ("NCRB Crime in India (published)", "एनसीआरबी भारत में अपराध (प्रकाशित)"),
    "fir_counts": ("FIRs in this system", "इस प्रणाली में प्राथमिकी"),
    "stations_compared": ("Stations compared", "थानों की तुलना"),
    "districts_compared": ("Districts compared", "ज़िलों की तुलना"),
    "head_mix": ("Crime-head mix", "अपराध शीर्ष मिश्रण"),
    "heat": ("Month x crime head", "माह x अपराध शीर्ष"),
    "recent": ("Most recent FIRs", "नवीनतम प्राथमिकी"),
    "pending_60": ("Under investigation beyond 60 days", "60 दिन से अधिक अनुसंधानाधीन"),
    "pending_90": ("Under investigation beyond 90 days", "90 दिन से अधिक अनुसंधानाधीन"),
    "pending_1y": ("Under investigation beyond 1 year", "1 वर्ष से अधिक अनुसंधानाधीन"),
    "pending_3y": ("Under investigation beyond 3 years", "3 वर्ष से अधिक अनुसंधानाधीन"),
    "pending_5y": ("Under investigation beyond 5 years", "5 वर्ष से अधिक अनुसंधानाधीन"),
    "pending_by_age": (
        "Cases under investigation for more than 60 days, by age (as of today, whenever registered)",
        "60 दिन से अधिक अनुसंधानाधीन मामले, अवधिवार (आज की स्थिति, पंजीकरण कभी भी)",
    ),
    "none_decided": ("no charge sheet or final report yet", "अभी कोई आरोप-पत्र या अंतिम प्रतिवेदन नहीं"),
    "none_decided_short": ("none yet", "अभी नहीं"),
    "no_final_reports": (
        "No final report in this period (FIRs there are: see the charge-sheet rate).",
        "इस अवधि में कोई अंतिम प्रतिवेदन नहीं (प्राथमिकी हैं: आरोप-पत्र दर देखें)।",
    ),
    "cs_rate": ("Charge-sheet rate (charge sheets / (charge sheets + final reports))", "आरोप-पत्र दर"),
    "final_reports": ("Final reports by type", "अंतिम प्रतिवेदन प्रकारवार"),
    "arrests": ("Accused named and arrested", "नामित एवं गिरफ्तार अभियुक्त"),
    "accused": ("Accused named", "नामित अभियुक्त"),
    "arrested": ("Arrested or surrendered", "गिरफ्तार/आत्मसमर्पित"),
    "women": ("Crimes against women", "महिलाओं के विरुद्ध अपराध"),
    "sc_st": ("Crimes against Scheduled Castes and Tribes", "अनुसूचित जाति एवं जनजाति के विरुद्ध अपराध"),
    "index_lag": ("Search index lag", "खोज सूचकांक विलंब"),
    "rollup_lag": ("Dashboard figures waiting to be updated", "डैशबोर्ड अद्यतन प्रतीक्षारत"),
    "imports": ("Imports", "आयात"),
    "sms": ("SMS", "एसएमएस"),
    "no_imports": (
        "No import has run yet: `cctns import FILE --mapping PROFILE`, or POST /api/v1/imports.",
        "अभी तक कोई आयात नहीं हुआ: `cctns import FILE --mapping PROFILE`, या POST /api/v1/imports।",
    ),
    "sms_not_configured": ("No SMS sent yet.", "अभी तक कोई एसएमएस नहीं भेजा गया।"),
    "ncrb_year": ("Year", "वर्ष"),
    "download_csv": ("Download CSV", "सीएसवी डाउनलोड"),
    "download_xlsx": ("Download Excel", "एक्सेल डाउनलोड"),
    "choose_district": ("Choose a district above to see its stations.", "थाने देखने हेतु ऊपर ज़िला चुनें।"),
    "choose_station": ("Choose a station above.", "ऊपर थाना चुनें।"),
    "no_data": ("No FIRs match these filters.", "इन फ़िल्टरों से कोई प्राथमिकी नहीं मिली।"),
    "logout": ("Log out", "लॉग आउट"),
    "search": ("Search", "खोज"),
    "scope_state": ("Bihar (state)", "बिहार (राज्य)"),
    "scope_admin": ("Administration", "प्रशासन"),
    "refused_see": (
        "The system's health (no case data) is on the Operations page:",
        "सिस्टम की स्थिति (मामलों के आँकड़ों के बिना) संचालन पृष्ठ पर है:",
    ),
    "month": ("Month", "माह"),
    "waiting": ("waiting", "प्रतीक्षारत"),
    "failing": ("failing", "विफल"),
    "station_days": ("station-days", "थाना-दिवस"),
    "oldest": ("oldest", "सबसे पुराना"),
    "seconds": ("s", "से."),
    "change": ("Change", "परिवर्तन"),
    "associates": ("Associates (co-accused)", "सह-अभियुक्त संबंध"),
    "depth": ("Depth", "गहराई"),
    "choose_person": (
        "Open a person's dossier (/staff/persons/ID, from the staff search) and follow "
        "'Associates graph in the dashboards', or add ?person=ID to this address.",
        "किसी व्यक्ति का विवरण (/staff/persons/ID, स्टाफ़ खोज से) खोलें और 'Associates graph in the dashboards' "
        "चुनें, या इस पते में ?person=ID जोड़ें।",
    ),
    "no_associates": (
        "This person is not named as accused in any FIR you may see.",
        "यह व्यक्ति आपके क्षेत्र की किसी प्राथमिकी में अभियुक्त नामित नहीं है।",
    ),
    "associates_cut": (
        "The network was cut at {n} people; choose a smaller depth.",
        "नेटवर्क {n} व्यक्तियों पर रोका गया; कम गहराई चुनें।",
    ),
    "associates_help": (
        "Red: the person searched. Hover a link's midpoint for the shared FIRs; click a person to centre on them.",
        "लाल: खोजा गया व्यक्ति। साझा प्राथमिकी हेतु कड़ी के मध्य बिंदु पर जाएँ; केंद्रित करने हेतु व्यक्ति पर क्लिक करें।",
    ),
    "rising_stations": (
        "Stations rising fastest (change against the same period last year)",
        "सबसे तेज़ बढ़ते थाने (पिछले वर्ष की तुलना में)",
    ),
    "no_rising": (
        "None had {n} or more FIRs in the same period last year to compare against.",
        "पिछले वर्ष इसी अवधि में किसी की {n} या अधिक प्राथमिकी नहीं थीं, अतः तुलना नहीं।",
    ),
    "ncrb_not_loaded": (
        "NCRB's published tables are not loaded: run `cctns ncrb load ../shared/data/ncrb_district_ipc`.",
        "एनसीआरबी की प्रकाशित तालिकाएँ लोड नहीं हैं: `cctns ncrb load ../shared/data/ncrb_district_ipc` चलाएँ।",
    ),
    "boundaries_not_configured": (
        "No district boundaries configured: set CCTNS_GEO_BOUNDARIES_PATH to a GeoJSON of Bihar's districts "
        "with Census 2011 codes (e.g. ../shared/data/geo_bihar/bihar_districts.geojson) and restart.",
        "ज़िलों की सीमाएँ विन्यस्त नहीं हैं: CCTNS_GEO_BOUNDARIES_PATH में जनगणना 2011 कोड सहित बिहार के ज़िलों की "
        "GeoJSON फ़ाइल (जैसे ../shared/data/geo_bihar/bihar_districts.geojson) दें और पुनः आरंभ करें।",
    ),
    "boundaries_missing": (
        "The district boundaries file {path} does not exist; fix CCTNS_GEO_BOUNDARIES_PATH.",
        "ज़िला सीमा फ़ाइल {path} मौजूद नहीं है; CCTNS_GEO_BOUNDARIES_PATH ठीक करें।",
    ),
    "boundaries_unreadable": (
        "The district boundaries file {path} could not be read ({error}).",
        "ज़िला सीमा फ़ाइल {path} पढ़ी नहीं जा सकी ({error})।",
    ),
    "boundaries_no_features": (
        "The district boundaries file {path} holds no features.",
        "ज़िला सीमा फ़ाइल {path} में कोई क्षेत्र नहीं है।",
    ),
}


HINDI_MONTHS = ("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर")


def month_label(month: date, lang: str) -> str:
    """A month as pickers and axes show it: "Mar 2026" or "मार्च 2026"."""
    return f"{HINDI_MONTHS[month.month - 1]} {month.year}" if lang == "hi" else month.strftime("%b %Y")


def t(key: str, lang: str) -> str:
    english, hindi = LABELS.get(key, (key, key))
    return hindi if lang == "hi" else english


def name_column(lang: str) -> str:
    return "name_hi" if lang == "hi" else "name_en"
