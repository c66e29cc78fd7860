"""Fast draws from a ``random.Random``: ``randrange``, ``randint`` and ``choice`` cost about ten times more.

Each takes one ``rng.random()``, so results depend only on the generator's state (deterministic per seed).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def below(rng: random.Random, n: int) -> int:
    """0 <= x < n."""
    return int(rng.random() * n)


def span(rng: random.Random, low: int, high: int) -> int:
    """low <= x < high."""
    return low + int(rng.random() * (high - low))


def between(rng: random.Random, low: int, high: int) -> int:
    """low <= x <= high."""
    return low + int(rng.random() * (high - low + 1))


def steps(rng: random.Random, low: int, high: int, step: int) -> int:
    """low, low + step, ... below high."""
    return low + step * int(rng.random() * ((high - low) // step))


def pick(rng: random.Random, options: Sequence[T]) -> T:
    return options[int(rng.random() * len(options))]
