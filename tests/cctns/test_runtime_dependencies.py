"""``pip install .`` alone must give the shipped code every module it imports: a third-party import that only the
test extras (or a developer's hand) installed works in the tests and fails on a fresh machine (``cctns demo``
died on ``import httpx``, which only ``[test]`` named, once the network client imported it)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata

from tests.cctns.test_packaging import PACKAGES, ROOT


def _distribution_key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str | None:
    """The distribution a requirement names, or None for one that only an extra pulls in."""
    if ";" in requirement and "extra" in requirement.split(";", 1)[1]:
        return None
    found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return found.group(1) if found else None


def runtime_closure() -> set[str]:
    """Every distribution ``pip install .`` brings: the runtime dependencies and theirs, without extras."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    waiting = [name for name in map(_requirement_name, declared) if name]
    closure: set[str] = set()
    while waiting:
        key = _distribution_key(waiting.pop())
        if key in closure:
            continue
        closure.add(key)
        try:
            requirements = metadata.requires(key) or []
        except metadata.PackageNotFoundError:
            continue
        waiting.extend(name for name in map(_requirement_name, requirements) if name)
    return closure


def third_party_imports() -> dict[str, list[str]]:
    """Top-level modules the shipped packages import that are neither the standard library nor ours, with where."""
    ours = {package.rstrip("/").split("/")[0] for package in PACKAGES}
    found: dict[str, list[str]] = {}
    for package in ours:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in ours:
                        found.setdefault(top, []).append(path.relative_to(ROOT).as_posix())
    return found


def test_every_module_the_shipped_code_imports_comes_with_pip_install() -> None:
    closure = runtime_closure()
    providers = metadata.packages_distributions()
    missing = {
        module: sorted(set(where))[:3]
        for module, where in third_party_imports().items()
        if not any(_distribution_key(dist) in closure for dist in providers.get(module, []))
    }
    assert missing == {}, f"imported by the shipped code but not installed by `pip install .`: {missing}"
