"""The layers of docs/architecture.md, kept: a module imports only from its own package or from a lower layer,
and no modules import each other in a circle (deferred imports inside functions included: hiding an import in a
function hides a cycle, it does not remove it)."""

from __future__ import annotations

import ast
from collections import defaultdict

from tests.architecture.imports import Import, import_graph, project_modules

# Lowest first. Packages on one line are one layer and must not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("records",),  # storage and the rules every writer shares: schema, access, audit, privacy, numbering
    ("people",),  # a person across records: name forms, identifiers, linkage, associates, alerts
    ("cases",),  # the FIR: commands, read views, the bulk path
    ("complaints",),  # the citizens' complaints, which become FIRs
    ("indexes", "ingest", "sample_data", "exchange"),  # search; legacy import; sample generator; national exchange
    ("workers",),  # background work: index relay, matching, rollups, SMS, imports
    ("search_api",),  # the staff API and the staff session
    ("portal", "dashboards"),  # pages: citizens' portal and staff pages; HQ dashboards
    ("cctns",),  # the composition root: command line and the served app
)
PACKAGES = tuple(package for layer in LAYERS for package in layer)
LAYER_OF = {package: level for level, layer in enumerate(LAYERS) for package in layer}


def top(module: str) -> str:
    return module.split(".")[0]


def upward_or_sideways(graph: list[Import]) -> list[str]:
    return sorted(
        {
            f"{found.importer} imports {found.imported}"
            for found in graph
            if top(found.importer) != top(found.imported)
            and LAYER_OF[top(found.imported)] >= LAYER_OF[top(found.importer)]
        }
    )


def cycles(graph: list[Import], level: int) -> list[list[str]]:
    """Strongly connected groups (Tarjan) of the graph cut at ``level`` dotted parts (1: packages, 9: modules)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for found in graph:
        a, b = ".".join(found.importer.split(".")[:level]), ".".join(found.imported.split(".")[:level])
        if a != b and not b.startswith(a + ".") and not a.startswith(b + "."):  # a package and its own modules
            edges[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(set(edges)):
        if node not in index:
            visit(node)
    return groups


def test_every_import_points_down_the_layers() -> None:
    assert upward_or_sideways(import_graph(PACKAGES)) == []


def test_no_packages_or_modules_import_each_other_in_a_circle() -> None:
    graph = import_graph(PACKAGES)
    found = {tuple(group) for level in (1, 2, 9) for group in cycles(graph, level)}
    assert found == set()


LONGEST_MODULE = 400
WHY_LONG = "Why one module:"  # a module over LONGEST_MODULE lines says after these words why it is not split


def too_long() -> set[str]:
    found = set()
    for module, path in project_modules(PACKAGES).items():
        text = path.read_text()
        if text.count("\n") > LONGEST_MODULE and WHY_LONG not in (ast.get_docstring(ast.parse(text)) or ""):
            found.add(module)
    return found


def test_every_module_has_one_job_or_says_why_it_is_long() -> None:
    assert too_long() == set()
