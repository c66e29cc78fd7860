"""The dossier's associates graph at the size of a real gang (issue 23 item 16): a person named with 17 others in
three FIRs, eight of whom were named again with five others each, is 58 people at depth 2. In headless Chromium,
in English and Hindi, every name drawn is read back from the SVG: no two labels overlap, none is cut at the
graph's edges, most people are named without pointing at them, and the graph sits high on the page. Screenshots go
to test-output/portal (``CCTNS_TEST_OUTPUT``) for people to look at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.portal.e2e import Running, log_in, register_fir, serving_with_matcher, wait_for_matching
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

pytestmark = [pytest.mark.slow, needs_chromium]
SHOTS = screenshot_folder("portal")

# Unlike each other in every pair (given name, surname and father all differ), so the matcher links no two of them;
# some long, some in Devanagari, as the records write them.
# fmt: off
GIVEN = ("Chhotu", "Bablu", "Guddu", "Pappu", "Munna", "Rajesh", "Sonu", "Dablu", "Tinku", "Lalu", "Golu",
         "Santosh", "Dharmendra", "Awadhesh", "Umesh", "Ramashankar", "Birju", "Kanhaiya", "Jitendra", "Nagendra")
SURNAMES = ("Paswan", "Ram", "Manjhi", "Rai", "Singh", "Mandal", "Sah", "Chaudhary", "Yadav", "Mahto", "Thakur",
            "Kushwaha", "Prasad Gupta", "Kumar Sharma", "Choudhary")
FATHERS = ("Ramesh", "Suresh", "Mahesh", "Dinesh", "Naresh", "Kamlesh", "Brijesh", "Shailesh", "Yogesh", "Rakesh",
           "Mithilesh", "Ganesh", "Lokesh", "Mukesh", "Rupesh", "Hitesh", "Jagdish", "Harish", "Satish", "Girish")
DEVANAGARI = {"Chhotu": "छोटू", "Munna": "मुन्ना", "Santosh": "संतोष", "Birju": "बिरजू"}
DEVANAGARI_SURNAMES = dict(zip(SURNAMES, ("पासवान", "राम", "मांझी", "राय", "सिंह", "मंडल", "साह", "चौधरी", "यादव",
                                          "महतो", "ठाकुर", "कुशवाहा", "प्रसाद गुप्ता", "कुमार शर्मा", "चौधरी"), strict=True))
# fmt: on
ROOT_FIRS = (6, 6, 5)  # co-accused of the person in each of three FIRs: 17 at depth 1
AGAIN = 8  # of those, named again with FURTHER others each: 40 at depth 2
FURTHER = 5
PEOPLE = 1 + sum(ROOT_FIRS) + AGAIN * FURTHER


def _people(count: int) -> list[dict[str, Any]]:
    """``count`` accused, each with a name, father and mobile of their own (the mobile links their FIRs)."""
    people = []
    for i in range(count):
        given, surname = GIVEN[i % len(GIVEN)], SURNAMES[(i * 7) % len(SURNAMES)]
        father = f"{FATHERS[(i * 3) % len(FATHERS)]} {SURNAMES[(i * 7) % len(SURNAMES)]}"
        name = f"{given} {surname}"
        if given in DEVANAGARI and i % 2:
            name = f"{DEVANAGARI[given]} {DEVANAGARI_SURNAMES[surname]}"
        people.append(
            {
                "name": name,
                "relative_name": father,
                "relation_kind": "father",
                "gender": "male",
                "age": 19 + i % 40,
                "mobile": f"9{300000000 + i * 7919:09d}",
            }
        )
    return people


@pytest.fixture(scope="module")
def gang(database_url: str) -> Iterator[tuple[Running, int]]:
    """The served app with the gang's FIRs registered and linked; the person at the centre."""
    with serving_with_matcher(database_url, "dossier_gang") as running:
        people = _people(PEOPLE)
        root, first, rest = people[0], people[1 : 1 + sum(ROOT_FIRS)], people[1 + sum(ROOT_FIRS) :]
        start, root_id = 0, None
        for size in ROOT_FIRS:
            fir = register_fir(running.url, "sho.sadar", [root, *first[start : start + size]])
            root_id = root_id or next(p["person_id"] for p in fir["accused"] if p["name"] == root["name"])
            start += size
            wait_for_matching(running.engine)
        for i in range(AGAIN):
            register_fir(running.url, "sho.town", [first[i * 2], *rest[i * FURTHER : (i + 1) * FURTHER]])
            wait_for_matching(running.engine)
        assert root_id is not None
        yield running, root_id


DRAWN = """() => {
  const svg = document.getElementById("graph"), frame = svg.getBoundingClientRect();
  const shown = [...svg.querySelectorAll("text")]
    .filter((t) => t.getAttribute("visibility") !== "hidden").map((t) => t.getBoundingClientRect());
  const circles = [...svg.querySelectorAll("circle")].map((c) => c.getBoundingClientRect());
  const near = [...svg.querySelectorAll("g")].filter((g) => ["#a4262c", "#0b5cad"].includes(
    g.querySelector("circle").getAttribute("fill")));  // the person and those named with them
  const nearHidden = near.filter((g) => g.querySelector("text").getAttribute("visibility") === "hidden").length;
  let overlapping = 0, onCircles = 0;
  const cross = (a, b) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
  shown.forEach((a, i) => shown.slice(i + 1).forEach((b) => { if (cross(a, b)) overlapping += 1; }));
  shown.forEach((a) => circles.forEach((c) => { if (cross(a, c)) onCircles += 1; }));
  const cut = shown.filter((r) => r.left < frame.left - 1 || r.right > frame.right + 1
    || r.top < frame.top - 1 || r.bottom > frame.bottom + 1).length;
  const outside = circles.filter((r) => r.left < frame.left - 1 || r.right > frame.right + 1
    || r.top < frame.top - 1 || r.bottom > frame.bottom + 1).length;
  return { overlapping, onCircles, cut, outside, shown: shown.length, people: circles.length, nearHidden,
           near: near.length,
           top: frame.top + window.scrollY, height: frame.height,
           page: document.documentElement.scrollHeight };
}"""


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_a_58_person_network_is_drawn_with_every_label_readable(gang: tuple[Running, int], lang: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    running, person = gang
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            log_in(page, f"{running.url}/staff/persons/{person}", "cid", language=lang)
            expect(page.locator("#graph circle")).to_have_count(PEOPLE)
            drawn = page.evaluate(DRAWN)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"dossier_gang_{lang}.png"), full_page=True)
            page.locator("#graph").screenshot(path=str(SHOTS / f"dossier_gang_graph_{lang}.png"))
            assert drawn["people"] == PEOPLE, drawn
            assert drawn["overlapping"] == 0, drawn  # no two names drawn over each other
            assert drawn["onCircles"] == 0, drawn  # nor over a person's circle
            assert drawn["cut"] == 0 and drawn["outside"] == 0, drawn  # nothing cut at the edges
            assert drawn["near"] == 1 + sum(ROOT_FIRS) and drawn["nearHidden"] == 0, drawn  # they are all named
            assert drawn["shown"] >= 0.9 * PEOPLE, drawn  # and nearly everyone further out
            assert drawn["top"] < 900, drawn  # the graph starts on the first screen
        finally:
            browser.close()
