"""A person's name written with their father's, husband's or guardian's name after a relation marker: "Ram Kumar
s/o Shyam Lal", "सीता देवी पति राम प्रसाद". One reading for every path that meets such text: the search box, the
legacy import's name cells, and an FIR party typed as one name.

The markers, by the relation the second name has to the first: father (s/o, d/o, son of, daughter of, पिता,
पिता का नाम, पिता श्री, पुत्र, पुत्री, पु०, पि०, आत्मज, आत्मजा, वल्द), husband (w/o, wife of, पति, पति का नाम,
पत्नी, धर्मपत्नी, जौजे, प०), guardian (c/o, care of; and h/o, husband of, where a cell names a wife by her
husband: kept, loosely). The abbreviations पु०, पि० and प० may be written with ॰ or with the ASCII 0 that
Devanagari digits become.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKERS: tuple[tuple[str, str], ...] = (
    (r"s\s*/\s*o|s\.\s*o\.?|son\s+of", "father"),
    (r"d\s*/\s*o|d\.\s*o\.?|daughter\s+of", "father"),
    (r"w\s*/\s*o|w\.\s*o\.?|wife\s+of", "husband"),
    (r"h\s*/\s*o|husband\s+of", "guardian"),
    (r"c\s*/\s*o|c\.\s*o\.?|care\s+of", "guardian"),
    (r"पिता(?:\s*का\s*नाम)?|पिता\s*श्री|पुत्र|पुत्री|पु[०॰0]|पि[०॰0]|आत्मज|आत्मजा|वल्द", "father"),
    (r"पति(?:\s*का\s*नाम)?|पत्नी|धर्मपत्नी|जौजे|प[०॰0]", "husband"),
)
_LETTER = "\\w\u0900-\u097f"  # a marker is a word of its own: "पुत्र" is not the start of "पुत्री", nor "so" of "Soni"
# A marker, and the colon, full stop or dash written after it ("पिता- श्याम लाल", "S/O: Shyam"), or the visarga
# Hindi typists write for a colon ("पिताः श्याम लाल").
_MARKER = re.compile(
    f"(?<![{_LETTER}])(?:"
    + "|".join(f"(?P<m{index}>{pattern})" for index, (pattern, _) in enumerate(_MARKERS))
    + f")(?:\u0903|(?![{_LETTER}]))\\s*[:.\\-–]?\\s*",
    re.IGNORECASE,
)


NO_NAME_BEFORE_RELATIVE = "has a relative's name but no name before it"  # why "s/o Shyam Lal" is not a name


@dataclass(frozen=True)
class NameWithRelative:
    """A name and the relative's name written after it, with the relation (``relation_kind`` values)."""

    name: str
    relative_name: str | None = None
    relation_kind: str | None = None  # father, husband or guardian; None when there is no relative


def split_relative(text: str) -> NameWithRelative:
    """``Ram Kumar s/o Shyam Lal`` -> Ram Kumar, father Shyam Lal; no marker: the text as the name.

    Spaces are collapsed. A marker with nothing after it ("Sosan s/o") leaves the name alone; one with nothing
    before it ("s/o Shyam Lal") gives an empty ``name``: what that means is the caller's (a search for the text
    as typed; an import's rejected cell).
    """
    text = re.sub(r"\s+", " ", text)
    match = _MARKER.search(text)
    if match is None:
        return NameWithRelative(text.strip(" ,;"))
    kind = next(_MARKERS[int(group[1:])][1] for group, found in match.groupdict().items() if found)
    name = text[: match.start()].strip(" ,;:-–(")
    relative = text[match.end() :].strip(" ,;:-–)")
    return NameWithRelative(name, relative, kind) if relative else NameWithRelative(name)
