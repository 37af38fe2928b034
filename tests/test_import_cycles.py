"""No import cycle inside bot/ or briefings/ (issue 16): each module can be read after the ones it imports.

The graph is built statically (ast), from every import statement: top-level, inside functions (imported on
use) and under TYPE_CHECKING alike, since each says "this module needs that one". A cycle fails the test
with its path spelled out (`bot.a → bot.b → bot.a`); break it by moving what both need into a third module.
"""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHECKED = ("bot", "briefings")
SKIP_DIRS = {".venv", ".git", "build", "dist", "__pycache__"}


def module_files(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Dotted module name → file, for every .py file under the packages (a package is its __init__)."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if SKIP_DIRS.intersection(parts):
                continue
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def import_graph(root: Path, packages: tuple[str, ...] = CHECKED) -> dict[str, set[str]]:
    """Module → the modules of the same packages it imports. `from p import x` counts x when x is a module."""
    modules = module_files(root, packages)

    def known(name: str) -> str | None:  # the module itself, or the package whose attribute it is
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets.update(known(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                source = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    sub = f"{source}.{alias.name}"
                    targets.add(sub if sub in modules else known(source))
        graph[name] = {t for t in targets if t is not None and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One closed path (first module repeated at the end) per strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm; the graphs are small, recursion is fine
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_path_through(group, graph) for group in groups]


def _path_through(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest cycle from the group's first module back to itself (breadth first), to name in the failure."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return sorted(group)  # unreachable for a strongly connected group


def test_bot_and_briefings_have_no_import_cycle() -> None:
    graph = import_graph(REPO)
    assert {"bot.app", "bot.commands", "briefings.engine"} <= set(graph)  # the real packages were read
    found = [" → ".join(path) for path in cycles(graph)]
    assert found == [], "import cycles:\n" + "\n".join(found)


def test_the_checker_names_each_kind_of_cycle(tmp_path: Path) -> None:
    files = {
        "bot/__init__.py": "",
        "bot/a.py": "from bot.b import thing\n",
        "bot/b.py": "def f():\n    from . import a\n",  # imported on use, relative
        "bot/c/__init__.py": "from bot.c import d\n",
        "bot/c/d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.c import Thing\n",
        "bot/e.py": "import bot.a\nimport os\n",  # imports into a cycle, but is not in one
        "briefings/__init__.py": "",
        "briefings/x.py": "from briefings import y\n",
        "briefings/y.py": "import briefings.z\n",
        "briefings/z.py": "from briefings.x import X\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = sorted(cycles(import_graph(tmp_path)))
    assert found == [
        ["bot.a", "bot.b", "bot.a"],
        ["bot.c", "bot.c.d", "bot.c"],
        ["briefings.x", "briefings.y", "briefings.z", "briefings.x"],
    ]


def test_bot_never_loads_adapters_by_name() -> None:
    """Adapters are entry points (bot/plugins.py): a module name in a string hides the dependency."""
    offenders = [str(p.relative_to(REPO)) for p in module_files(REPO, ("bot",)).values()
                 if 'import_module("adapters' in p.read_text(encoding="utf-8")
                 or "import_module(f\"adapters" in p.read_text(encoding="utf-8")]
    assert offenders == []
