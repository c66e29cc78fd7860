"""Brief facts of an FIR, in Hindi or English, from a few templates per crime head.

Templates are ``str.format`` strings with these fields: complainant, accused (names joined, or "unknown
persons"), village, date (dd.mm.yyyy), time (HH:MM), place (landmark), vehicle (registration number),
phone (10-digit number), amount (rupees), item (property description), quantity.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sample_data import dice

EN = {
    "THEFT_VEHICLE": (
        "The complainant {complainant} states that on {date} at about {time} he parked his motorcycle "
        "{vehicle} {place} in village {village}; on return it was missing. Despite search it was not found. "
        "Suspects: {accused}.",
        "Complainant {complainant} reports theft of vehicle no. {vehicle} from in front of his house at "
        "{village} during the night of {date}. Value about Rs. {amount}.",
    ),
    "THEFT": (
        "The complainant {complainant} of village {village} states that on {date} at about {time} unknown "
        "thieves stole {item} worth Rs. {amount} {place}.",
        "Complainant {complainant} reports that {accused} stole {item} (value Rs. {amount}) from his house at "
        "{village} on {date}.",
    ),
    "BURGLARY": (
        "The complainant {complainant} states that on the night of {date} thieves broke the lock of his house "
        "at {village} and took away {item} worth about Rs. {amount}.",
    ),
    "ROBBERY": (
        "The complainant {complainant} states that on {date} at about {time}, {place} near {village}, "
        "{accused} stopped him at gunpoint and snatched {item} worth Rs. {amount}.",
    ),
    "DACOITY": (
        "The complainant {complainant} states that on the night of {date} about 6-7 armed dacoits including "
        "{accused} entered his house at {village}, assaulted the family and looted {item} worth Rs. {amount}.",
    ),
    "MURDER": (
        "The complainant {complainant} states that on {date} at about {time} over an old land dispute "
        "{accused} attacked his relative {victim} {place} at {village} with lathi and firearm; {victim} died "
        "on the spot.",
    ),
    "ATTEMPT_TO_MURDER": (
        "The complainant {complainant} states that on {date} at about {time} {accused} fired at {victim} "
        "{place} in village {village} with intent to kill; the injured was taken to the hospital.",
    ),
    "HURT": (
        "The complainant {complainant} states that on {date} at about {time} in a dispute over a boundary "
        "(aar) {accused} abused and beat him and {victim} with lathi-danda at {village}, causing injuries.",
    ),
    "RIOTS": (
        "The complainant {complainant} states that on {date} at about {time} a mob led by {accused}, armed "
        "with lathi, bhala and firearms, attacked his people {place} at {village} over a land dispute.",
    ),
    "KIDNAPPING_ABDUCTION": (
        "The complainant {complainant} of village {village} states that on {date} at about {time} {accused} "
        "took away {victim} with intent to marry; she has not returned.",
    ),
    "CRUELTY_BY_HUSBAND": (
        "The complainant {complainant} states that after her marriage her husband and in-laws {accused} "
        "demanded Rs. {amount} and a motorcycle as dowry and, when it was not paid, beat her and turned her "
        "out of the house at {village}.",
    ),
    "DOWRY_DEATH": (
        "The complainant {complainant} states that his daughter {victim}, married at {village}, was harassed "
        "for dowry by {accused} and on {date} was found dead in suspicious circumstances.",
    ),
    "CHEATING": (
        "The complainant {complainant} states that {accused} took Rs. {amount} from him on the promise of a "
        "government job and a land deal, and did not return it. Mobile no. used: {phone}.",
    ),
    "CYBER_CRIME": (
        "The complainant {complainant} states that on {date} he received a call from mobile no. {phone} "
        "claiming to be from his bank; after he shared an OTP, Rs. {amount} was withdrawn from his account.",
    ),
    "PROHIBITION_EXCISE": (
        "On {date} at about {time}, on secret information, the police party raided {place} at {village} and "
        "recovered {quantity} of {item} from {accused}, kept for sale in violation of the prohibition law.",
    ),
    "ARMS_ACT": (
        "On {date} at about {time}, during vehicle checking {place} near {village}, {accused} was caught with "
        "{item}, {quantity}, without a licence.",
    ),
    "NDPS_ACT": (
        "On {date} at about {time}, on secret information, {accused} was caught {place} near {village} with "
        "{quantity} of {item}.",
    ),
    "CAUSING_DEATH_BY_NEGLIGENCE": (
        "The complainant {complainant} states that on {date} at about {time} vehicle no. {vehicle}, driven "
        "rashly and negligently, hit {victim} {place} near {village}; he died on the way to the hospital.",
    ),
    "RAPE": (
        "A written complaint was received from the victim regarding a sexual offence on {date} at {village}. "
        "Accused: {accused}. Medical examination requested. Details withheld as required by law.",
    ),
    "SC_ST_ATROCITIES": (
        "The complainant {complainant} states that on {date} {accused} abused him by caste name in public "
        "view at {village} and assaulted him.",
    ),
    "*": (
        "The complainant {complainant} of village {village} states that on {date} at about {time} {accused} "
        "committed the offence {place}. Further details in the written application.",
    ),
}

HI = {
    "THEFT_VEHICLE": (
        "वादी {complainant} ने बताया कि दिनांक {date} को करीब {time} बजे अपनी मोटरसाइकिल संख्या {vehicle} ग्राम "
        "{village} में {place} खड़ी की थी, लौटने पर गायब पाई। खोजबीन के बाद भी नहीं मिली। संदिग्ध: {accused}।",
    ),
    "THEFT": (
        "वादी {complainant} ग्राम {village} ने बताया कि दिनांक {date} को करीब {time} बजे अज्ञात चोरों ने "
        "{place} से {item} (मूल्य लगभग {amount} रुपये) चुरा लिया।",
    ),
    "BURGLARY": (
        "वादी {complainant} ने बताया कि दिनांक {date} की रात चोरों ने ग्राम {village} स्थित उनके घर का ताला "
        "तोड़कर {item} (मूल्य लगभग {amount} रुपये) चुरा लिया।",
    ),
    "MURDER": (
        "वादी {complainant} ने बताया कि दिनांक {date} को करीब {time} बजे पुराने जमीनी विवाद में {accused} ने "
        "ग्राम {village} में {place} {victim} पर लाठी और हथियार से हमला किया, जिससे {victim} की मौके पर मृत्यु हो गई।",
    ),
    "HURT": (
        "वादी {complainant} ने बताया कि दिनांक {date} को करीब {time} बजे आर-डरेर के विवाद में {accused} ने "
        "ग्राम {village} में गाली-गलौज करते हुए लाठी-डंडे से मारपीट कर उन्हें और {victim} को जख्मी कर दिया।",
    ),
    "CRUELTY_BY_HUSBAND": (
        "वादिनी {complainant} ने बताया कि शादी के बाद से पति एवं ससुराल वाले {accused} दहेज में {amount} रुपये "
        "और मोटरसाइकिल की मांग को लेकर मारपीट करते हैं और उन्हें ग्राम {village} स्थित घर से निकाल दिया।",
    ),
    "CYBER_CRIME": (
        "वादी {complainant} ने बताया कि दिनांक {date} को मोबाइल नंबर {phone} से बैंक अधिकारी बनकर कॉल आया, "
        "ओटीपी बताने के बाद उनके खाते से {amount} रुपये निकाल लिए गए।",
    ),
    "PROHIBITION_EXCISE": (
        "दिनांक {date} को करीब {time} बजे गुप्त सूचना पर पुलिस दल ने ग्राम {village} में {place} छापेमारी कर "
        "{accused} के पास से {quantity} {item} बरामद किया, जो बिक्री हेतु रखी गई थी।",
    ),
    "ARMS_ACT": (
        "दिनांक {date} को करीब {time} बजे वाहन जांच के दौरान ग्राम {village} के पास {accused} को {item} "
        "({quantity}) के साथ बिना लाइसेंस के पकड़ा गया।",
    ),
    "*": (
        "वादी {complainant} ग्राम {village} ने बताया कि दिनांक {date} को करीब {time} बजे {accused} द्वारा "
        "{place} घटना की गई। विस्तृत विवरण लिखित आवेदन में है।",
    ),
}

UNKNOWN = {"en": "unknown persons", "hi": "अज्ञात व्यक्ति"}


class Fields(dict[str, str]):
    """Template fields, some made only when a template asks for them."""

    def __init__(self, ready: dict[str, str], lazy: dict[str, Callable[[], str]]) -> None:
        super().__init__(ready)
        self.lazy = lazy

    def __missing__(self, key: str) -> str:
        value = self[key] = self.lazy[key]()
        return value


def brief_facts(rng: random.Random, head: str, hindi: bool, fields: Fields) -> str:
    """Facts for ``head`` (``THEFT_VEHICLE`` for vehicle thefts) in the chosen language."""
    table = HI if hindi else EN
    options = table.get(head) or table["*"]
    return options[dice.below(rng, len(options))].format_map(fields)
