"""The names of the states and union territories by their national code (Census 2011 state codes, as
``exchange.codes`` uses them; Telangana and Ladakh by the codes given them after 2011), so that a hit names its
owning state in words, in English and Hindi."""

from __future__ import annotations

STATE_NAMES: dict[str, tuple[str, str]] = {
    "01": ("Jammu and Kashmir", "जम्मू और कश्मीर"),
    "02": ("Himachal Pradesh", "हिमाचल प्रदेश"),
    "03": ("Punjab", "पंजाब"),
    "04": ("Chandigarh", "चंडीगढ़"),
    "05": ("Uttarakhand", "उत्तराखंड"),
    "06": ("Haryana", "हरियाणा"),
    "07": ("Delhi", "दिल्ली"),
    "08": ("Rajasthan", "राजस्थान"),
    "09": ("Uttar Pradesh", "उत्तर प्रदेश"),
    "10": ("Bihar", "बिहार"),
    "11": ("Sikkim", "सिक्किम"),
    "12": ("Arunachal Pradesh", "अरुणाचल प्रदेश"),
    "13": ("Nagaland", "नागालैंड"),
    "14": ("Manipur", "मणिपुर"),
    "15": ("Mizoram", "मिज़ोरम"),
    "16": ("Tripura", "त्रिपुरा"),
    "17": ("Meghalaya", "मेघालय"),
    "18": ("Assam", "असम"),
    "19": ("West Bengal", "पश्चिम बंगाल"),
    "20": ("Jharkhand", "झारखंड"),
    "21": ("Odisha", "ओडिशा"),
    "22": ("Chhattisgarh", "छत्तीसगढ़"),
    "23": ("Madhya Pradesh", "मध्य प्रदेश"),
    "24": ("Gujarat", "गुजरात"),
    "25": ("Daman and Diu", "दमन और दीव"),
    "26": ("Dadra and Nagar Haveli", "दादरा और नगर हवेली"),
    "27": ("Maharashtra", "महाराष्ट्र"),
    "28": ("Andhra Pradesh", "आंध्र प्रदेश"),
    "29": ("Karnataka", "कर्नाटक"),
    "30": ("Goa", "गोवा"),
    "31": ("Lakshadweep", "लक्षद्वीप"),
    "32": ("Kerala", "केरल"),
    "33": ("Tamil Nadu", "तमिलनाडु"),
    "34": ("Puducherry", "पुडुचेरी"),
    "35": ("Andaman and Nicobar Islands", "अंडमान और निकोबार द्वीपसमूह"),
    "36": ("Telangana", "तेलंगाना"),
    "37": ("Ladakh", "लद्दाख"),
}


def state_name(code: str, language: str = "en") -> str:
    """The state's name in ``language`` (``en`` or ``hi``); an unknown code is shown as itself."""
    names = STATE_NAMES.get(code)
    if names is None:
        return code
    return names[1] if language == "hi" else names[0]
