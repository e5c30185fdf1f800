"""Architecture rules, checked on every test run.

Layers, bottom to top (an arrow means "may import")::

    kiosk / display / counter (Qt apps)  ->  shared.net (client)  ->  shared.domain
    shared.master (server)  ->  shared.store (SQLite)  ->  shared.domain (pure)
    shared.adapters (printer, TTS); shared.cli / shared.demo wire everything together

1. ``shared.domain`` is pure: importing it (and every module in it) loads no Qt, no SQLite,
   no sockets, no asyncio -- checked in a fresh interpreter.
2. Qt (PySide6) is imported only by the apps (kiosk/, display/, counter/) and by their tests
   (tests/kiosk, tests/display, tests/counter, tests/ui).
3. Dependency direction: the RULES table below. To add a rule, add a row.

Every violation is reported as ``file:line``.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent

APPS = ("kiosk", "display", "counter")


class Rule(NamedTuple):
    """Files matching ``source`` (a path glob relative to the repo root; ``**`` spans folders,
    ``{app}`` stands for each of APPS) must not import any module matching ``forbidden``
    (dotted names, ``*`` allowed; a name also forbids its submodules)."""

    source: str
    forbidden: tuple[str, ...]
    reason: str


_ABOVE_DOMAIN = ("shared.store", "shared.master", "shared.net", "shared.adapters",
                 "shared.catalog", "shared.cli", "shared.demo", *APPS)

RULES: list[Rule] = [
    Rule("shared/domain/**", _ABOVE_DOMAIN,
         "shared.domain is pure (rules and state only): it depends on nothing else in the project"),
    Rule("shared/store/**", ("shared.master", "shared.net", "shared.cli", "shared.demo", *APPS),
         "the store sits below the master and knows nothing of the network or the apps"),
    Rule("shared/net/**", ("shared.store", "shared.master", "shared.cli", "shared.demo", *APPS),
         "shared.net is the clients' side of the LAN: clients don't touch the database"),
    Rule("shared/master/**", APPS,
         "the master serves the apps over the network; it never imports them"),
    Rule("shared/adapters/**", ("shared.cli", "shared.demo", *APPS),
         "adapters (printer, TTS) are shared building blocks; they never import an app"),
    Rule("{app}/**", ("shared.store", "shared.master"),
         "the apps talk to the master over the network (shared.net), never to the database"),
    Rule("{app}/**/views/**", ("shared.net",),
         "views only render: they go through viewmodels, never to the network directly"),
    Rule("{app}/**/views.py", ("shared.net",),
         "views only render: they go through viewmodels, never to the network directly"),
    Rule("{app}/**/viewmodels/**", ("{app}.views", "{app}.*.views"),
         "viewmodels are testable without views: views depend on viewmodels, not the reverse"),
    Rule("{app}/**/viewmodels.py", ("{app}.views", "{app}.*.views"),
         "viewmodels are testable without views: views depend on viewmodels, not the reverse"),
]

# Rule 2: where Qt may be imported (path globs); everywhere else it is forbidden.
QT_MODULES = ("PySide6", "shiboken6")
QT_ALLOWED = (
    *(f"{app}/**" for app in APPS),
    *(f"tests/{app}/**" for app in APPS),
    "tests/ui/**",
)
QT_REASON = "Qt belongs to the apps (kiosk/, display/, counter/) and their tests only"

# Rule 1: modules a pure domain must never load, directly or indirectly.
DOMAIN_PACKAGE = "shared.domain"
DOMAIN_FORBIDDEN = ("PySide6", "sqlite3", "_sqlite3", "socket", "sqlite_utils", "zeroconf",
                    "asyncio")

SKIP_DIRS = {"__pycache__", "build", "dist", "node_modules", "out"}


# --------------------------------------------------------------------------- checker


class Violation(NamedTuple):
    path: str
    line: int
    module: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.module} -- {self.reason}"


@cache
def _glob_regex(glob: str) -> re.Pattern[str]:
    """Path glob -> regex: ``**/`` is zero or more folders, a trailing ``/**`` anything below,
    ``*`` and ``?`` stay within one path segment."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == len(glob):
            out.append("(?:/.*)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def path_matches(rel_path: str, glob: str) -> bool:
    return _glob_regex(glob).match(rel_path) is not None


def module_matches(module: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(module, pattern) or fnmatch.fnmatchcase(module, pattern + ".*")


def expand_rules(rules: Iterable[Rule]) -> list[Rule]:
    """Replace ``{app}`` by each app, giving one concrete rule per app."""
    out: list[Rule] = []
    for rule in rules:
        if "{app}" in rule.source or any("{app}" in f for f in rule.forbidden):
            for app in APPS:
                out.append(Rule(rule.source.replace("{app}", app),
                                tuple(f.replace("{app}", app) for f in rule.forbidden),
                                rule.reason))
        else:
            out.append(rule)
    return out


def module_name(rel_path: str) -> tuple[str, bool]:
    """'shared/domain/x.py' -> ('shared.domain.x', False); '.../__init__.py' -> (package, True)."""
    parts = rel_path[:-3].split("/")
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _resolve(module: str | None, level: int, current: str, is_package: bool) -> str | None:
    if level == 0:
        return module
    package = current.split(".") if is_package else current.split(".")[:-1]
    if level - 1 > len(package):
        return None
    base = package[: len(package) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def imports_in(source: str, rel_path: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line, candidate module names) for every import in ``source``: ``import`` and
    ``from ... import`` (relative ones resolved; ``from a import b`` gives a and a.b, since b may
    be a submodule), and ``importlib.import_module("...")`` / ``__import__("...")`` with a
    literal name. Raises SyntaxError."""
    current, is_package = module_name(rel_path)
    tree = ast.parse(source, filename=rel_path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield node.lineno, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module, node.level, current, is_package)
            if base is None:
                continue
            names = [base] if base else []
            prefix = f"{base}." if base else ""
            names += [prefix + alias.name for alias in node.names if alias.name != "*"]
            yield node.lineno, names
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            arg = node.args[0]
            if (fname in ("import_module", "__import__") and isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)):
                yield node.lineno, [arg.value]


def check_source(rel_path: str, source: str, rules: Iterable[Rule]) -> list[Violation]:
    """Violations of ``rules`` (already expanded) in one file's source."""
    applicable = [r for r in rules if path_matches(rel_path, r.source)]
    if not applicable:
        return []
    try:
        imports = list(imports_in(source, rel_path))
    except SyntaxError as exc:
        return [Violation(rel_path, exc.lineno or 0, "?", f"cannot parse: {exc.msg}")]
    found: list[Violation] = []
    for line, names in imports:
        for rule in applicable:
            hit = next((n for n in names for f in rule.forbidden if module_matches(n, f)), None)
            if hit is not None:
                found.append(Violation(rel_path, line, hit, rule.reason))
    return found


def check_qt_source(rel_path: str, source: str) -> list[Violation]:
    """Violations of rule 2 (Qt only in the apps and their tests) in one file's source."""
    if any(path_matches(rel_path, glob) for glob in QT_ALLOWED):
        return []
    return check_source(rel_path, source, [Rule("**", QT_MODULES, QT_REASON)])


def python_files(root: Path = ROOT) -> Iterator[str]:
    """Repo-relative posix paths of every .py file, skipping hidden folders (.venv, .git, ...),
    caches, build output and any other virtualenv."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and d not in SKIP_DIRS and not d.endswith(".egg-info")
            and not (Path(dirpath, d) / "pyvenv.cfg").exists()
        )
        for name in sorted(filenames):
            if name.endswith(".py"):
                yield Path(dirpath, name).relative_to(root).as_posix()


def _read(rel_path: str) -> str:
    return (ROOT / rel_path).read_text(encoding="utf-8", errors="replace")


def _report(title: str, violations: list[Violation]) -> str:
    return f"{title} ({len(violations)}):\n" + "\n".join(f"  {v}" for v in violations)


# --------------------------------------------------------------------------- rule 1

_PROBE = r"""
import importlib, json, pkgutil, sys, traceback
root, package, forbidden = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
sys.path.insert(0, root)
preloaded = [m for m in forbidden if m in sys.modules]
culprits = {}

class Spy:
    # Records who imports a forbidden module first; never blocks anything.
    def find_spec(self, name, path=None, target=None):
        if name in forbidden and name not in culprits:
            frames = [f"{f.filename}:{f.lineno}" for f in traceback.extract_stack()
                      if f.filename.startswith(root) and "<frozen" not in f.filename]
            culprits[name] = frames
        return None

sys.meta_path.insert(0, Spy())
errors = []
try:
    pkg = importlib.import_module(package)
    names = [package] + [m.name for m in pkgutil.walk_packages(
        pkg.__path__, package + ".", onerror=lambda n: errors.append(n))]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:
            errors.append(f"{name}: {type(exc).__name__}: {exc}")
except Exception as exc:
    names = []
    errors.append(f"{package}: {type(exc).__name__}: {exc}")
loaded = [m for m in forbidden if m in sys.modules]
print(json.dumps({"modules": names, "loaded": loaded, "preloaded": preloaded,
                  "culprits": culprits, "errors": errors}))
"""


def probe_pure_imports(package: str, path_entry: Path, forbidden: Iterable[str]) -> dict:
    """Import ``package`` and all its modules in a fresh interpreter; report what got loaded."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COV_CORE_")}
    proc = subprocess.run(
        [sys.executable, "-I", "-c", _PROBE, str(path_entry), package, ",".join(forbidden)],
        capture_output=True, text=True, timeout=120, env=env, cwd=path_entry,
    )
    assert proc.returncode == 0, f"probe interpreter failed:\n{proc.stdout}\n{proc.stderr}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _purity_problems(result: dict, root: Path) -> list[str]:
    problems = [f"could not import {e}" for e in result["errors"]]
    problems += [f"{m} already loaded at interpreter start-up (a .pth file?); cannot check it"
                 for m in result["preloaded"]]
    for mod in result["loaded"]:
        if mod in result["preloaded"]:
            continue
        chain = [f.removeprefix(str(root) + os.sep) for f in result["culprits"].get(mod, [])]
        where = " <- ".join(reversed(chain)) if chain else "(imported from outside the package)"
        problems.append(f"{mod} loaded by: {where}")
    return problems


def test_domain_imports_nothing_impure():
    result = probe_pure_imports(DOMAIN_PACKAGE, ROOT, DOMAIN_FORBIDDEN)
    problems = _purity_problems(result, ROOT)
    assert not problems, (
        f"importing {DOMAIN_PACKAGE} and its {len(result['modules'])} modules must not load "
        f"{', '.join(DOMAIN_FORBIDDEN)}:\n" + "\n".join(f"  {p}" for p in problems)
    )
    assert DOMAIN_PACKAGE in result["modules"]


def test_purity_probe_catches_an_impure_module(tmp_path):
    pkg = tmp_path / "fakedomain"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "clean.py").write_text("import datetime, zoneinfo, dataclasses\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "leaky.py").write_text("import math\nimport socket\n")
    result = probe_pure_imports("fakedomain", tmp_path, DOMAIN_FORBIDDEN)
    assert "fakedomain.sub.leaky" in result["modules"]
    problems = _purity_problems(result, tmp_path)
    assert problems == ["socket loaded by: fakedomain/sub/leaky.py:2"], problems


# --------------------------------------------------------------------------- rule 2


def test_qt_only_in_apps():
    violations = [v for path in python_files() for v in check_qt_source(path, _read(path))]
    assert not violations, _report("Qt imported outside the apps", violations)


def test_qt_checker_catches_a_violation():
    src = "import os\nfrom PySide6.QtCore import QObject\nimport PySide6\n"
    assert [(v.path, v.line) for v in check_qt_source("shared/store/db.py", src)] == [
        ("shared/store/db.py", 2), ("shared/store/db.py", 3)]
    assert check_qt_source("tests/test_store.py", src)
    assert check_qt_source("tests/conftest.py", "import PySide6.QtCore\n")
    assert not check_qt_source("kiosk/app.py", src)
    assert not check_qt_source("counter/views/main.py", src)
    assert not check_qt_source("tests/display/test_board.py", src)
    assert not check_qt_source("tests/ui/test_screens.py", src)


# --------------------------------------------------------------------------- rule 3


def test_dependency_direction():
    rules = expand_rules(RULES)
    violations = [v for path in python_files() for v in check_source(path, _read(path), rules)]
    assert not violations, _report("dependency-direction violations", violations)


def test_rules_are_well_formed():
    for rule in expand_rules(RULES):
        assert "{" not in rule.source and not any("{" in f for f in rule.forbidden), rule
        assert rule.forbidden and rule.reason, rule
        _glob_regex(rule.source)


def test_dependency_checker_catches_violations():
    rules = expand_rules(RULES)

    def found(path: str, src: str) -> list[tuple[int, str]]:
        return [(v.line, v.module) for v in check_source(path, src, rules)]

    # absolute imports, nested modules, dynamic imports
    src = ("import os\n"
           "from shared.store import db\n"
           "import shared.net.client as c\n"
           "from shared import master\n"
           "import importlib\n"
           "m = importlib.import_module('kiosk.app')\n")
    assert found("shared/domain/rules/calling.py", src) == [
        (2, "shared.store"), (3, "shared.net.client"), (4, "shared.master"), (6, "kiosk.app")]
    # allowed: the domain imports itself; the master imports the store
    assert found("shared/domain/ticket.py", "from shared.domain.clock import now\n") == []
    assert found("shared/master/server.py", "from shared.store import db\n") == []
    # relative imports are resolved
    assert found("shared/net/client.py", "from ..store import db\n") == [(1, "shared.store")]
    assert found("shared/store/__init__.py", "from ..master import x\n") == [(1, "shared.master")]
    # apps never touch the store; views never touch the network; viewmodels never import views
    assert found("kiosk/app.py", "from shared.store.db import open_db\n") == [
        (1, "shared.store.db")]
    assert found("counter/views/main.py", "from ..viewmodels import call\n") == []
    assert found("counter/views/main.py", "from shared.net import client\n") == [
        (1, "shared.net")]
    assert found("display/views.py", "import shared.net\n") == [(1, "shared.net")]
    assert found("kiosk/viewmodels/issue.py", "from ..views import main\n") == [
        (1, "kiosk.views")]
    assert found("kiosk/screens/viewmodels/issue.py", "from kiosk.screens.views import w\n") == [
        (1, "kiosk.screens.views")]
    assert found("kiosk/viewmodels/issue.py", "from shared.net import client\n") == []
    # an unparsable file is reported, not skipped
    assert found("shared/domain/broken.py", "def f(:\n") == [(1, "?")]
    # reports carry file:line
    (v,) = check_source("shared/store/db.py", "\n\nimport shared.master\n", rules)
    assert str(v).startswith("shared/store/db.py:3: imports shared.master -- ")


def test_path_globs():
    assert path_matches("shared/domain/x.py", "shared/domain/**")
    assert path_matches("shared/domain/a/b/x.py", "shared/domain/**")
    assert not path_matches("shared/domainx/x.py", "shared/domain/**")
    assert path_matches("kiosk/views/x.py", "kiosk/**/views/**")
    assert path_matches("kiosk/a/b/views/c/x.py", "kiosk/**/views/**")
    assert not path_matches("kiosk/viewmodels/x.py", "kiosk/**/views/**")
    assert not path_matches("tests/kiosk/test_x.py", "kiosk/**")
