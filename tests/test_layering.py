"""The one-way rule (DESIGN.md §1): adapters → bot → briefings, and chat SDKs only inside adapters/."""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("briefings", "bot", "adapters")
CHAT_SDKS = {"discord", "slack_bolt", "slack_sdk"}
SKIP_DIRS = {".venv", ".git", "build", "dist", "node_modules", "__pycache__", ".pytest_cache"}
# Package → top-level packages it must not import.
FORBIDDEN = {"briefings": {"bot", "adapters"}, "bot": {"adapters"}}
# Platform fakes for adapter tests live in tests/adapters and use the real SDKs.
SDK_ALLOWED = ("adapters/", "tests/adapters/")


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if not SKIP_DIRS.intersection(p.relative_to(root).parts))


def imported_modules(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import statement in a file, relative imports resolved."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    package = parts[:-1]  # the package a module (or __init__) belongs to
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            found.append((node.lineno, ".".join(base + ([node.module] if node.module else []))))
    return found


def breaches(root: Path) -> list[str]:
    problems = []
    for path in python_files(root):
        rel = path.relative_to(root).as_posix()
        top = rel.split("/", 1)[0]
        for line, name in imported_modules(path, root):
            first = name.split(".", 1)[0]
            if first in FORBIDDEN.get(top, set()):
                problems.append(f"{rel}:{line} imports {name}: {top}/ must not depend on {first}/")
            if first in CHAT_SDKS and not rel.startswith(SDK_ALLOWED):
                problems.append(f"{rel}:{line} imports the chat SDK {name} outside adapters/")
    return problems


def test_all_three_packages_are_scanned() -> None:
    scanned = {p.relative_to(REPO).parts[0] for p in python_files(REPO)}
    assert set(PACKAGES) <= scanned


def test_dependencies_point_one_way() -> None:
    assert breaches(REPO) == []


def test_the_checker_catches_each_kind_of_breach(tmp_path: Path) -> None:
    files = {
        "briefings/__init__.py": "",
        "briefings/render/__init__.py": "",
        "briefings/render/x.py": "from bot.commands import Reply\nimport adapters.console\n",
        "bot/__init__.py": "",
        "bot/y.py": "from adapters import console\nfrom . import z\nimport slack_bolt\n",
        "bot/z.py": "from discord.ext import commands\n",
        "adapters/slack/__init__.py": "import slack_sdk\nfrom ...bot import y\n",
        "tests/adapters/test_fake.py": "import discord\n",
        "tests/bot/test_leak.py": "import slack_sdk.web\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = breaches(tmp_path)
    assert [p.split(" ", 1)[0] for p in found] == [
        "bot/y.py:1", "bot/y.py:3", "bot/z.py:1", "briefings/render/x.py:1", "briefings/render/x.py:2",
        "tests/bot/test_leak.py:1",
    ]
    assert ("bot", 2) in [(n, line) for line, n in imported_modules(tmp_path / "bot/y.py", tmp_path)]
