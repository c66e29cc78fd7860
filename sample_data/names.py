"""Common Hindi and Urdu names of Bihar in Devanagari and in the Latin spellings records really use.

These lists were written for this generator from general knowledge of common names; none is taken from a
data set of real people. Each entry is ``देवनागरी|Latin/variant/variant``: the first Latin spelling is the
usual one, the others are what a different clerk writes (Mohammad / Mohd / Md, Kumar / Kr, Vinod / Binod,
Choudhary / Chaudhary / Chaudhari, Yadav / Jadav).

A ``NameKey`` is an identity's name as indices into these lists; ``render_name`` writes one record's version of
it in either script with a chosen spelling, so one identity appears under several spellings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import NamedTuple

from sample_data import dice


class Token(NamedTuple):
    deva: str
    latin: tuple[str, ...]


def parse_tokens(text: str) -> tuple[Token, ...]:
    entries = []
    for item in text.split():
        deva, latin = item.split("|")
        entries.append(Token(deva, tuple(latin.replace("_", " ").split("/"))))
    return tuple(entries)


MALE_FIRST = parse_tokens("""
राम|Ram श्याम|Shyam/Syam रमेश|Ramesh सुरेश|Suresh महेश|Mahesh दिनेश|Dinesh राजेश|Rajesh मुकेश|Mukesh
राकेश|Rakesh उमेश|Umesh नरेश|Naresh संजय|Sanjay अजय|Ajay/Ajai विजय|Vijay/Bijay/Vijai मनोज|Manoj
संतोष|Santosh/Santos प्रमोद|Pramod विनोद|Vinod/Binod अशोक|Ashok/Asok अनिल|Anil सुनील|Sunil/Suneel
अरविंद|Arvind/Arbind/Aravind पंकज|Pankaj राजीव|Rajiv/Rajeev संजीव|Sanjeev/Sanjiv रवि|Ravi/Rabi
रोहित|Rohit अमित|Amit सुमित|Sumit राहुल|Rahul विकास|Vikash/Vikas/Bikash आकाश|Akash/Aakash
दीपक|Deepak/Dipak सचिन|Sachin नीतीश|Nitish/Nitesh रंजीत|Ranjit/Ranjeet बीरेंद्र|Birendra/Virendra
धर्मेंद्र|Dharmendra जितेंद्र|Jitendra/Jeetendra सुरेंद्र|Surendra महेंद्र|Mahendra राजेंद्र|Rajendra
उपेंद्र|Upendra शैलेंद्र|Shailendra/Sailendra नागेंद्र|Nagendra देवेंद्र|Devendra/Debendra जगदीश|Jagdish/Jagadish
कृष्णा|Krishna/Krishn/Kishun गोपाल|Gopal मोहन|Mohan सोहन|Sohan ललन|Lalan चंदन|Chandan कुंदन|Kundan
मुन्ना|Munna पप्पू|Pappu गुड्डू|Guddu बबलू|Bablu/Babloo राजू|Raju सोनू|Sonu मोनू|Monu छोटू|Chhotu/Chotu
बिट्टू|Bittu रंजन|Ranjan नीरज|Neeraj/Niraj दिलीप|Dilip/Deelip शंभू|Shambhu/Sambhu भोला|Bhola
कामेश्वर|Kameshwar/Kameswar बालेश्वर|Baleshwar/Baleswar रामचंद्र|Ramchandra/Ramchandar लखन|Lakhan
शत्रुघ्न|Shatrughan/Satrughan गणेश|Ganesh सुधीर|Sudhir/Sudheer रूपेश|Rupesh अवधेश|Awadhesh/Avadhesh
रामाश्रय|Ramashray/Ramasray रामविलास|Ramvilas/Rambilas शिवनाथ|Shivnath/Sheonath योगेंद्र|Yogendra/Jogendra
उदय|Uday/Udai प्रकाश|Prakash अभिषेक|Abhishek सौरभ|Saurabh/Sourabh गौतम|Gautam/Gotam अर्जुन|Arjun
भरत|Bharat रघुनाथ|Raghunath विश्वनाथ|Vishwanath/Bishwanath हरेंद्र|Harendra सत्येंद्र|Satyendra/Satyendar
""")

FEMALE_FIRST = parse_tokens("""
सुनीता|Sunita/Suneeta अनीता|Anita रीता|Rita/Reeta गीता|Geeta/Gita सीता|Sita/Seeta सविता|Savita/Sabita
कविता|Kavita/Kabita पूनम|Poonam/Punam पूजा|Pooja/Puja रेखा|Rekha आशा|Asha उषा|Usha मंजू|Manju अंजू|Anju
संगीता|Sangita/Sangeeta रिंकू|Rinku पिंकी|Pinki/Pinky रानी|Rani सरिता|Sarita ममता|Mamta/Mamata
किरण|Kiran नेहा|Neha प्रियंका|Priyanka खुशबू|Khushboo/Khushbu निशा|Nisha शांति|Shanti/Santi
ललिता|Lalita राधा|Radha पार्वती|Parvati/Parbati सुशीला|Sushila/Susheela उर्मिला|Urmila कमला|Kamla/Kamala
मालती|Malti/Malati फूलमती|Phoolmati/Phulmati सुधा|Sudha मीना|Meena/Mina रेणु|Renu बबीता|Babita/Bavita
निर्मला|Nirmala सरस्वती|Saraswati/Sarswati ज्योति|Jyoti रूबी|Ruby/Rubi सोनी|Soni अंजलि|Anjali/Anjli
""")

MUSLIM_MALE_GIVEN = parse_tokens("""
इरफान|Irfan इमरान|Imran सलीम|Salim/Saleem शकील|Shakil/Shakeel जमील|Jamil/Jameel रफीक|Rafiq/Rafique/Rafik
नसीम|Nasim/Naseem वसीम|Wasim/Waseem असलम|Aslam अख्तर|Akhtar/Akhtar अनवर|Anwar/Anvar सरफराज|Sarfaraz/Sarfraj
शाहिद|Shahid/Sahid जाकिर|Zakir/Jakir जाहिद|Zahid/Jahid कलीम|Kalim/Kaleem मुस्तफा|Mustafa इब्राहिम|Ibrahim
यूसुफ|Yusuf/Yousuf इकबाल|Iqbal/Ekbal इसराइल|Israil/Israel इस्माइल|Ismail मुमताज|Mumtaz नवाब|Nawab साजिद|Sajid
राशिद|Rashid/Rasid फिरोज|Firoz/Feroz नौशाद|Naushad/Noushad आफताब|Aftab मंजूर|Manzoor/Manjur अफरोज|Afroz
""")

MUSLIM_FEMALE_GIVEN = parse_tokens("""
शबाना|Shabana/Sabana रूबीना|Rubina/Rubeena नसरीन|Nasreen/Nasrin फरजाना|Farzana/Farjana रेशमा|Reshma
सलमा|Salma सबीना|Sabina नजमा|Nazma/Najma तबस्सुम|Tabassum गुलशन|Gulshan शहनाज|Shahnaz/Sahnaz
रेहाना|Rehana/Rihana जुबेदा|Zubeda/Jubeda आमना|Amina/Aamna सायरा|Saira/Sayra
""")

HINDU_SURNAMES = parse_tokens("""
यादव|Yadav/Jadav/Yadaw सिंह|Singh/Sing प्रसाद|Prasad/Pd/Pd. शर्मा|Sharma चौधरी|Choudhary/Chaudhary/Chaudhari/Chowdhary
पासवान|Paswan/Paswaan महतो|Mahto/Mahato राम|Ram राय|Rai/Roy मंडल|Mandal मांझी|Manjhi/Majhi साह|Sah/Sao/Shah
गुप्ता|Gupta ठाकुर|Thakur पांडेय|Pandey/Pande मिश्रा|Mishra/Misra झा|Jha तिवारी|Tiwari/Tiwary सिन्हा|Sinha
श्रीवास्तव|Srivastava/Shrivastava वर्मा|Verma/Varma रजक|Rajak दास|Das बैठा|Baitha कुशवाहा|Kushwaha/Kushwah
मेहता|Mehta सहनी|Sahni/Sahani बिंद|Bind दुबे|Dubey/Dube ओझा|Ojha तांती|Tanti भगत|Bhagat केशरी|Keshri/Kesari
चौरसिया|Chaurasia/Chourasiya निषाद|Nishad पंडित|Pandit
""")

MUSLIM_SURNAMES = parse_tokens("""
अंसारी|Ansari/Ansaree आलम|Alam खान|Khan सिद्दीकी|Siddiqui/Siddiqi कुरैशी|Qureshi/Kuraishi/Quraishi
मंसूरी|Mansuri/Mansoori शेख|Shaikh/Sheikh/Sk हुसैन|Hussain/Husain/Hussian अहमद|Ahmad/Ahmed रजा|Raza/Raja
""")

MOHAMMAD = Token("मोहम्मद", ("Mohammad", "Mohd", "Md", "Md.", "Mohammed", "Muhammad", "Mohd."))
MOHAMMAD_DEVA_SHORT = "मो०"
KUMAR = Token("कुमार", ("Kumar", "Kr", "Kr."))
DEVI = Token("देवी", ("Devi", "Debi"))
KUMARI = Token("कुमारी", ("Kumari",))
KHATOON = Token("खातून", ("Khatoon", "Khatun"))
BEGUM = Token("बेगम", ("Begum",))
PARVEEN = Token("परवीन", ("Parveen", "Praveen"))

NICKNAMES = parse_tokens("""
पप्पू|Pappu गुड्डू|Guddu छोटू|Chhotu/Chotu मुन्ना|Munna बबलू|Bablu/Babloo सोनू|Sonu मोनू|Monu बिट्टू|Bittu
कल्लू|Kallu लालू|Lalu भोलू|Bholu टुनटुन|Tuntun/Tun_Tun डब्लू|Dablu/Dabloo पिंटू|Pintu बंटी|Bunty/Banti
""")

# Which surname list and given-name lists a community draws from.
HINDU, MUSLIM = 0, 1

# Sexes an identity may have; the Gender enum values.
MALE, FEMALE = "male", "female"


@dataclass(frozen=True, slots=True)
class NameKey:
    """An identity's name as list indices; ``middle`` 1 = Kumar, 2 = Devi/Khatoon-style ending, 0 = none."""

    community: int
    sex: str
    first: int
    surname: int  # -1: none
    middle: int
    has_mohammad: bool
    nickname: int  # -1: none

    def first_token(self) -> Token:
        if self.community == HINDU:
            return (MALE_FIRST if self.sex == MALE else FEMALE_FIRST)[self.first]
        return (MUSLIM_MALE_GIVEN if self.sex == MALE else MUSLIM_FEMALE_GIVEN)[self.first]

    def surname_token(self) -> Token | None:
        if self.surname < 0:
            return None
        return (HINDU_SURNAMES if self.community == HINDU else MUSLIM_SURNAMES)[self.surname]


def random_name_key(rng: random.Random, sex: str, community: int | None = None) -> NameKey:
    """A plausible name for a Bihar resident: about one in six Muslim, women often written "<name> Devi"."""
    if community is None:
        community = MUSLIM if rng.random() < 0.17 else HINDU
    if community == HINDU:
        first = dice.below(rng, len(MALE_FIRST if sex == MALE else FEMALE_FIRST))
        surname = dice.below(rng, len(HINDU_SURNAMES))
        if sex == MALE:
            middle = 1 if rng.random() < 0.3 else 0
        else:
            middle = 2 if rng.random() < 0.6 else (1 if rng.random() < 0.3 else 0)
            if middle == 2:
                surname = -1
        return NameKey(community, sex, first, surname, middle, False, -1)
    if sex == MALE:
        first = dice.below(rng, len(MUSLIM_MALE_GIVEN))
        surname = dice.below(rng, len(MUSLIM_SURNAMES)) if rng.random() < 0.65 else -1
        return NameKey(community, sex, first, surname, 0, rng.random() < 0.55, -1)
    first = dice.below(rng, len(MUSLIM_FEMALE_GIVEN))
    return NameKey(community, sex, first, -1, 2, False, -1)


def with_nickname(rng: random.Random, key: NameKey) -> NameKey:
    return NameKey(key.community, key.sex, key.first, key.surname, key.middle, key.has_mohammad,
                   dice.below(rng, len(NICKNAMES)))  # fmt: skip


def _pick(rng: random.Random, token: Token, exact: bool) -> str:
    """Usually the first spelling; a variant about a third of the time (never when ``exact``)."""
    if exact or len(token.latin) == 1 or rng.random() < 0.65:
        return token.latin[0]
    return token.latin[dice.span(rng, 1, len(token.latin))]


def _ending(key: NameKey, married: bool) -> Token | None:
    if key.middle != 2:
        return None
    if key.community == MUSLIM:
        return KHATOON if key.first % 3 else (BEGUM if key.first % 2 else PARVEEN)
    return DEVI if married else KUMARI


def render_name(rng: random.Random, key: NameKey, deva: bool, exact: bool = False, married: bool = True) -> str:
    """One record's version of the name: Devanagari or Latin, with a chosen spelling and abbreviation."""
    first = key.first_token()
    surname = key.surname_token()
    ending = _ending(key, married)
    drop_surname = surname is not None and not exact and rng.random() < 0.08
    parts: list[str] = []
    if deva:
        if key.has_mohammad:
            parts.append(MOHAMMAD.deva if exact or rng.random() < 0.6 else MOHAMMAD_DEVA_SHORT)
        parts.append(first.deva)
        if key.middle == 1:
            parts.append(KUMAR.deva if key.sex == MALE else KUMARI.deva)
        if ending is not None:
            parts.append(ending.deva)
        if surname is not None and not drop_surname:
            parts.append(surname.deva)
    else:
        if key.has_mohammad:
            parts.append(_pick(rng, MOHAMMAD, exact))
        parts.append(_pick(rng, first, exact))
        if key.middle == 1:
            parts.append(_pick(rng, KUMAR, exact) if key.sex == MALE else KUMARI.latin[0])
        if ending is not None:
            parts.append(_pick(rng, ending, exact))
        if surname is not None and not drop_surname:
            parts.append(_pick(rng, surname, exact))
    return " ".join(parts)


def render_nickname(rng: random.Random, key: NameKey, deva: bool) -> str | None:
    """The alias as a record writes it ("Pappu", "Pappu Yadav"); None when the identity has none."""
    if key.nickname < 0:
        return None
    nick = NICKNAMES[key.nickname]
    surname = key.surname_token()
    if deva:
        return f"{nick.deva} {surname.deva}" if surname is not None else nick.deva
    text = _pick(rng, nick, False)
    return f"{text} {surname.latin[0]}" if surname is not None and rng.random() < 0.5 else text


def relative_key(rng: random.Random, key: NameKey, relation: str) -> NameKey:
    """A father's or husband's name in the same community; a father shares the surname."""
    relative = random_name_key(rng, MALE, key.community)
    if relation == "father" and key.surname >= 0:
        relative = NameKey(relative.community, MALE, relative.first, key.surname, relative.middle,
                           relative.has_mohammad, -1)  # fmt: skip
    return relative
