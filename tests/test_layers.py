"""The import layers of docs/architecture.md, checked over the import graph of src/vestnik.

The graph is read with ``ast`` from the source, so it counts every ``import`` statement: at module
level, inside functions (the usual way around a cycle, which hides it from Python but not from the
reader) and under ``if TYPE_CHECKING``. Dotted strings (settings, ``include("vestnik.api.urls")``,
``import_string``) are not imports: they are how a lower layer is told about a higher one.

Three rules: a core imports neither Django (nor Django's libraries) nor an app; a unit imports only
units of lower layers (or its own); the apps' graph has no cycle. The imports that break the second
rule today are listed in KNOWN_UPWARD_IMPORTS; the test fails on a new one and on a listed one that
is gone, so the list only ever shrinks.
"""

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "vestnik"

# Bottom-up. A unit is a package under vestnik/ or a module directly in it. Units sharing a layer
# are independent of each other: neither imports the other.
LAYERS: list[tuple[str, ...]] = [
    # The pure cores: text in, records out, no Django.
    ("language",),
    ("enrichment",),
    # What is remembered until the page cache's next purge: a mechanism the helpers below use.
    ("remembered",),
    # Small project helpers that know no domain: the var directory, progress lines, child
    # processes, a page's public address, whether any page is restricted, the request id of the
    # work in hand, background work that failed (told to whoever counts it), where media live,
    # which database a request reads (the primary or a replica), the address a request came
    # from, the answer while the database is away.
    (
        "var_dir",
        "progress",
        "processes",
        "page_urls",
        "page_restrictions",
        "request_ids",
        "work_failures",
        "media_storage",
        "replicas",
        "client_address",
        "database_unavailable",
    ),
    # Places, and who may log in and how.
    ("regions", "accounts"),
    # Outlets (a Wagtail site each), then the articles published in them.
    ("outlets",),
    ("articles",),
    # Services over articles: search indexes them, ingest creates them, the page cache stores
    # the pages that show them. Search and the cache act on an article's changes as steps of
    # the articles' pipeline, and on other models' through signals of their own.
    ("search",),
    # Enrichment of what is published: suggestions, duplicates, «Читайте также», the tasks
    # that run them and the worker. It learns of publishing as steps of the articles' pipeline.
    ("newsroom",),
    # Ingest creates articles; readership counts their reads (in the cache's WSGI layer) and
    # sums them on the worker.
    ("ingest", "readership"),
    ("pagecache",),
    # Ways out: feeds, sitemaps and metadata; the read API.
    ("feeds", "api"),
    # Distribution: social channels (steps of the articles' pipeline, sent by the worker) and
    # the e-mail digest.
    ("distribution", "digest"),
    # The demo network, built with everything below.
    ("demo",),
    # Running it: health, metrics, logs, backup and restore.
    ("operations",),
    # The project: settings, URLs, the WSGI entry, the command line, readers' template
    # environment and the package itself.
    (
        "__init__",
        "settings",
        "urls",
        "views",
        "middleware",
        "staticfiles",
        "jinja_environment",
        "wsgi",
        "cli",
    ),
]
CORES = {"language", "enrichment"}
# Top-level names that are Django or live on it: a core importing any of them is not pure.
DJANGO_WORLD = {
    "axes",
    "django",
    "drf_spectacular",
    "modelcluster",
    "modelsearch",
    "rest_framework",
    "taggit",
    "treebeard",
    "wagtail",
}

# Imports from a lower layer to a higher one, still to be removed: (importer, imported). Each is
# also half of a cycle, the higher app importing the lower one anyway. docs/architecture.md
# lists them too.
KNOWN_UPWARD_IMPORTS: set[tuple[str, str]] = set()  # none left


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def imports() -> Iterator[tuple[str, str]]:
    """(importer, imported) for every import statement, anywhere in a module; ``from a import b``
    names the module ``a.b`` when there is one, else ``a``."""
    modules = {module_name(path) for path in source_files()}
    for path in source_files():
        importer = module_name(path)
        package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield importer, alias.name
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    yield importer, submodule if submodule in modules else source


def unit(module: str) -> str:
    """The package or module directly under vestnik/ that ``module`` belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


LAYER_OF = {name: index for index, layer in enumerate(LAYERS) for name in layer}


def own_imports() -> set[tuple[str, str]]:
    return {(a, b) for a, b in imports() if b.split(".")[0] == "vestnik" and unit(a) != unit(b)}


def upward_imports() -> set[tuple[str, str]]:
    """Imports of a unit in the same or a higher layer."""
    return {(a, b) for a, b in own_imports() if LAYER_OF[unit(b)] >= LAYER_OF[unit(a)]}


def listing(edges: set[tuple[str, str]]) -> str:
    return "\n".join(f"    ({a!r}, {b!r}),  # {unit(a)} -> {unit(b)}" for a, b in sorted(edges))


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The cycles found by a depth-first search, each once, as the path that closes it."""
    found: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            found.append(path[path.index(node) :] + [node])
            return
        if node in done:
            return
        for target in sorted(graph[node]):
            visit(target, path + [node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    return found


def test_every_unit_has_a_layer():
    units = {unit(module_name(path)) for path in source_files()}
    assert units - LAYER_OF.keys() == set(), "place the new package in LAYERS (and the docs)"


def test_cores_import_neither_django_nor_apps():
    impure = {
        (a, b)
        for a, b in imports()
        if unit(a) in CORES
        and (
            b.split(".")[0] in DJANGO_WORLD
            or b.startswith("django_")
            or (b.split(".")[0] == "vestnik" and unit(b) not in CORES)
        )
    }
    assert not impure, "a core imports Django or an app:\n" + listing(impure)


def test_no_import_goes_up_a_layer_beyond_the_known_ones():
    upward = upward_imports()
    new = upward - KNOWN_UPWARD_IMPORTS
    gone = KNOWN_UPWARD_IMPORTS - upward
    message = []
    if new:
        message.append(
            "New imports from a lower layer to a higher one (or between units of one layer); "
            "turn them around (a hook, a signal, a setting naming a dotted path):\n" + listing(new)
        )
    if gone:
        message.append(
            "Known upward imports that are gone: take them off KNOWN_UPWARD_IMPORTS (and "
            "docs/architecture.md):\n" + listing(gone)
        )
    assert not message, "\n\n".join(message)


def test_apps_import_each_other_without_cycles_beyond_the_known_ones():
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in own_imports() - KNOWN_UPWARD_IMPORTS:
        graph[unit(a)].add(unit(b))
        graph[unit(b)]
    found = cycles(graph)
    assert not found, "Cycles between apps:\n" + "\n".join(" -> ".join(c) for c in found)
