"""Property in FIRs and seizures: vehicles with registration, chassis and engine numbers, phones with IMEIs,
cash, jewellery, livestock, liquor, narcotics and arms, with values in rupees."""

from __future__ import annotations

import random
import string

from sample_data import dice
from sample_data.rows import PropertyRow

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q in registration series
ALNUM = string.ascii_uppercase + string.digits

# (make and model, kind of vehicle, chassis prefix (WMI + model), engine prefix, value range in rupees)
VEHICLES = (
    ("Hero Splendor Plus", "motorcycle", "MBLHA10", "HA10E", (35_000, 75_000)),
    ("Hero HF Deluxe", "motorcycle", "MBLHAR0", "HA11E", (30_000, 60_000)),
    ("Honda Shine", "motorcycle", "ME4JC65", "JC65E", (45_000, 80_000)),
    ("Bajaj Pulsar 150", "motorcycle", "MD2A11C", "DHGB", (55_000, 110_000)),
    ("Bajaj Platina", "motorcycle", "MD2A18A", "PFZW", (30_000, 60_000)),
    ("TVS Apache RTR 160", "motorcycle", "MD634KE", "OE4K", (60_000, 115_000)),
    ("Honda Activa", "scooter", "ME4JF50", "JF50E", (40_000, 80_000)),
    ("Mahindra Bolero", "car", "MA1TA2G", "GCC4", (350_000, 900_000)),
    ("Maruti Alto", "car", "MA3ERLF", "F8DN", (150_000, 380_000)),
    ("Mahindra 575 DI tractor", "tractor", "MBNAAAB", "ZJ29", (250_000, 650_000)),
    ("E-rickshaw", "e-rickshaw", "M0ERK12", "ERM", (60_000, 140_000)),
)
PHONES = ("Samsung Galaxy", "Redmi", "Vivo", "Oppo", "Realme", "Nokia keypad", "Apple iPhone")


def registration(rng: random.Random, rto: int) -> str:
    """``BR06AB1234``: Bihar, RTO number, one or two series letters, four digits."""
    series = dice.pick(rng, LETTERS) + (dice.pick(rng, LETTERS) if rng.random() < 0.85 else "")
    return f"BR{rto:02d}{series}{dice.span(rng, 1, 10_000):04d}"


def vehicle(rng: random.Random, rto: int, two_wheeler_only: bool = False) -> PropertyRow:
    make, kind, chassis_prefix, engine_prefix, (low, high) = VEHICLES[
        dice.below(rng, 7 if two_wheeler_only or rng.random() < 0.85 else len(VEHICLES))
    ]
    chassis = chassis_prefix + "".join(dice.pick(rng, ALNUM) for _ in range(5)) + f"{dice.below(rng, 100_000):05d}"
    engine = engine_prefix + "".join(dice.pick(rng, ALNUM) for _ in range(3)) + f"{dice.below(rng, 100_000):05d}"
    number = registration(rng, rto)
    value = dice.steps(rng, low, high, 500)
    return PropertyRow(
        kind="vehicle",
        description=f"{make} {kind} {number}",
        value=value,
        vehicle_registration=number,
        vehicle_chassis=chassis[:17],
        vehicle_engine=engine,
        vehicle_make_model=make,
    )


def imei(rng: random.Random) -> str:
    """A 15-digit IMEI with a valid Luhn check digit."""
    body = f"35{dice.below(rng, 10**12):012d}"
    total = 0
    for position, char in enumerate(body):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return body + str((10 - total % 10) % 10)


def phone(rng: random.Random) -> PropertyRow:
    model = dice.pick(rng, PHONES)
    value = dice.steps(rng, 1_200, 25_000, 100) if model != "Apple iPhone" else dice.steps(rng, 40_000, 120_000, 1000)
    return PropertyRow("mobile_phone", f"{model} mobile phone", value, mobile_imei=imei(rng))


def cash(rng: random.Random, low: int = 2_000, high: int = 200_000) -> PropertyRow:
    value = dice.steps(rng, low, high, 500)
    return PropertyRow("cash", f"Cash Rs. {value:,}", value)


def jewellery(rng: random.Random) -> PropertyRow:
    item = dice.pick(rng, ("gold chain", "gold earrings", "silver anklets (payal)", "gold mangalsutra", "gold ring"))
    return PropertyRow("jewellery", item, dice.steps(rng, 5_000, 150_000, 500))


def livestock(rng: random.Random) -> PropertyRow:
    animal, (low, high) = dice.pick(rng, (("buffalo", (40_000, 90_000)), ("cow", (20_000, 60_000)),
                                      ("goats (2)", (8_000, 20_000)), ("bullock", (25_000, 50_000))))  # fmt: skip
    return PropertyRow("livestock", animal, dice.steps(rng, low, high, 500))


def household(rng: random.Random) -> PropertyRow:
    item = dice.pick(rng, ("utensils and clothes", "LED television", "gas cylinder", "water pump", "bicycle",
                       "solar panel and battery"))  # fmt: skip
    return PropertyRow("other", item, dice.steps(rng, 1_000, 30_000, 100))


def liquor(rng: random.Random) -> tuple[str, str, int]:
    """(description, quantity, value) of seized liquor."""
    if rng.random() < 0.55:
        litres = dice.pick(rng, (5, 10, 12, 15, 20, 25, 40, 60, 100))
        return "country-made liquor (desi sharab)", f"{litres} litres", litres * 150
    bottles = dice.pick(rng, (6, 12, 24, 48, 96, 180, 360))
    return "foreign liquor (IMFL), 750 ml bottles", f"{bottles} bottles", bottles * 600


def narcotics(rng: random.Random) -> tuple[str, str, int]:
    drug, unit_value = dice.pick(rng, (("ganja", 8_000), ("smack (brown sugar)", 2_000_000), ("charas", 150_000),
                                   ("codeine cough syrup", 150)))  # fmt: skip
    if drug == "codeine cough syrup":
        bottles = dice.pick(rng, (50, 100, 240, 500))
        return drug, f"{bottles} bottles", bottles * unit_value
    grams = dice.pick(rng, (50, 250, 500, 1_000, 2_500, 10_000) if drug == "ganja" else (5, 20, 50, 120))
    return drug, f"{grams} g", grams * unit_value // 1000


def arms(rng: random.Random) -> tuple[str, str, int]:
    weapon = dice.pick(rng, ("country-made pistol (desi katta)", "country-made pistol (desi katta)", "rifle",
                         "revolver", "double-barrel gun"))  # fmt: skip
    rounds = dice.pick(rng, (0, 1, 2, 3, 5))
    quantity = "1" + (f" with {rounds} live cartridges" if rounds else "")
    return weapon, quantity, dice.steps(rng, 3_000, 40_000, 500)
