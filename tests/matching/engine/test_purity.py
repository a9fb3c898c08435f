"""The engine stays pure Python: no Django, no Spona app, importable without settings."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE_DIR = Path(__file__).resolve().parents[3] / "matching" / "engine"
REPO_ROOT = ENGINE_DIR.parents[1]
# Django itself and every Spona Django app (and the parts of `matching` that are Django).
FORBIDDEN_TOP_LEVEL = {
    "django",
    "rest_framework",
    "celery",
    "accounts",
    "api",
    "candidates",
    "companies",
    "config",
    "core",
    "demo",
    "followup",
    "frontend",
    "imports",
    "notifications",
    "reference",
    "reports",
}
ALLOWED_MATCHING = "matching.engine"


def _modules() -> list[Path]:
    return sorted(ENGINE_DIR.rglob("*.py"))


def _imported_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative imports stay inside the package
                continue
            module = node.module or ""
            names.append(module)
            if module == "matching":
                names.extend(f"matching.{alias.name}" for alias in node.names)
    return names


def test_there_are_engine_modules_to_check() -> None:
    names = {path.name for path in _modules()}
    assert {"engine.py", "scoring.py", "skills.py", "places.py", "taxonomy.py"} <= names


@pytest.mark.parametrize("path", _modules(), ids=lambda path: path.name)
def test_engine_module_imports_nothing_from_django(path: Path) -> None:
    for name in _imported_names(path):
        top = name.split(".")[0]
        assert top not in FORBIDDEN_TOP_LEVEL, f"{path.name} imports {name}"
        if top == "matching":
            assert name == ALLOWED_MATCHING or name.startswith(ALLOWED_MATCHING + "."), (
                f"{path.name} imports {name}: only matching.engine.* is allowed"
            )


def test_importing_the_engine_loads_no_django() -> None:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys; import matching.engine; import matching.engine.engine; "
        "import matching.engine.scoring; import matching.engine.taxonomy; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
