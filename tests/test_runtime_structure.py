"""The shape `bot.runtime` stands for: adapters get a Core and nothing else, the core's modules
import each other without a circle, and every package the code imports is declared."""

from __future__ import annotations

import ast
import importlib.metadata
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADAPTERS = ("discord", "slack", "console")


def imports(path: Path) -> set[str]:
    """Every module a file imports, wherever the import stands (TYPE_CHECKING blocks too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_adapters_never_touch_the_store_or_the_content_file():
    for adapter in ADAPTERS:
        for path in (ROOT / "bot" / adapter).glob("*.py"):
            used = imports(path)
            wrong = sorted(
                m
                for m in used
                if m.split(".")[0] in ("db", "content") or m.startswith("bot.studyset_file")
            )
            assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"


def test_the_core_modules_import_each_other_without_a_circle():
    modules = {module_name(p): p for p in (ROOT / "bot" / "core").glob("*.py")}
    graph = {name: {m for m in imports(path) if m in modules} for name, path in modules.items()}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            raise AssertionError("import circle: " + " -> ".join([*trail, name]))
        if name in done:
            return
        for used in sorted(graph[name]):
            visit(used, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_every_third_party_package_imported_at_run_time_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {
        d.split(">")[0].split("<")[0].split("=")[0].strip().lower().replace("_", "-")
        for d in project["project"]["dependencies"]
    }
    providers = importlib.metadata.packages_distributions()
    undeclared = {}
    for package in ("bot", "content", "db"):
        for path in (ROOT / package).rglob("*.py"):
            for name in {m.split(".")[0] for m in imports(path)}:
                if name in sys.stdlib_module_names or name in ("bot", "content", "db"):
                    continue
                dists = {d.lower().replace("_", "-") for d in providers.get(name, [name])}
                if not dists & declared:
                    undeclared.setdefault(name, str(path.relative_to(ROOT)))
    assert not undeclared, f"imported but not in pyproject.toml dependencies: {undeclared}"
