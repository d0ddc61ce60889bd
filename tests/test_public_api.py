"""Every public name has a docstring and a place in the API reference."""

import ast
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from api_walk import public_models, public_modules, public_names

DOCS = Path(__file__).resolve().parent.parent / "docs"
DIRECTIVE = re.compile(r"^\s*\.\. (auto\w+):: ([\w.]+)", re.MULTILINE)


def _documented_targets() -> dict[str, str]:
    """Map each autodoc target named in docs/api to its directive."""
    pages = sorted((DOCS / "api").glob("*.rst"))
    return {
        target: directive
        for page in pages
        for directive, target in DIRECTIVE.findall(page.read_text(encoding="utf-8"))
    }


def _resolve(target: str) -> object:
    module_name, _, attribute = target.rpartition(".")
    try:
        return importlib.import_module(target)
    except ImportError:
        return getattr(importlib.import_module(module_name), attribute)


def _attribute_docstrings(module: ModuleType) -> dict[str, str]:
    """Docstrings written under module-level assignments (PEP 257 attribute docs)."""
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    docs: dict[str, str] = {}
    for before, after in zip(tree.body, tree.body[1:], strict=False):
        names: list[str] = []
        if isinstance(before, ast.Assign):
            names = [t.id for t in before.targets if isinstance(t, ast.Name)]
        elif isinstance(before, ast.AnnAssign) and isinstance(before.target, ast.Name):
            names = [before.target.id]
        if (
            names
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs.update(dict.fromkeys(names, after.value.value))
    return docs


def _all_modules() -> list[ModuleType]:
    """Every accountkit module, private ones included (data may be defined there)."""
    import accountkit  # noqa: PLC0415

    names = [
        info.name for info in pkgutil.walk_packages(accountkit.__path__, "accountkit.")
    ]
    return [
        accountkit,
        *(importlib.import_module(n) for n in names if "__main__" not in n),
    ]


PUBLIC = [pytest.param(m, n, o, id=f"{m.__name__}.{n}") for m, n, o in public_names()]


def test_the_walk_finds_the_core():
    names = {f"{m.__name__}.{n}" for m, n, _ in public_names()}
    assert {
        "accountkit.Money",
        "accountkit.periods.Period",
        "accountkit.serialization.to_json",
    } <= names
    assert {m.__name__ for m in public_modules()} >= {
        "accountkit.contracts",
        "accountkit.finance",
        "accountkit.relationships",
    }


@pytest.mark.parametrize(("module", "name", "obj"), PUBLIC)
def test_every_public_name_has_a_docstring(module, name, obj):
    if isinstance(obj, ModuleType) or inspect.isclass(obj) or callable(obj):
        assert inspect.getdoc(obj), f"{module.__name__}.{name} has no docstring"
    else:
        home = next(
            m
            for m in _all_modules()
            if name in _attribute_docstrings(m) and getattr(m, name, None) is obj
        )
        assert _attribute_docstrings(home)[name].strip()


@pytest.mark.parametrize(("module", "name", "obj"), PUBLIC)
def test_every_public_name_is_in_the_api_reference(module, name, obj):
    targets = _documented_targets()
    documented = [t for t in targets if _resolve(t) is obj]
    if not (isinstance(obj, ModuleType) or inspect.isclass(obj) or callable(obj)):
        documented = [t for t in documented if t.rsplit(".", 1)[-1] == name]
    assert documented, f"{module.__name__}.{name} is not in docs/api/*.rst"


@pytest.mark.parametrize("module", public_modules(), ids=lambda m: m.__name__)
def test_every_public_module_has_a_sorted_all(module):
    """Sorted the way ruff's RUF022 sorts: CONSTANTS, then Classes, then the rest."""
    exported = module.__all__

    def isort_style(name: str) -> tuple[int, str]:
        group = 0 if name.isupper() else 1 if name[:1].isupper() else 2
        return group, name

    assert list(exported) == sorted(exported, key=isort_style)
    assert module.__doc__


def test_public_models_are_found():
    names = {cls.__name__ for cls in public_models()}
    assert {"Money", "Period", "Problem"} <= names


def _printed(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the lines it printed."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")


def test_import_stays_light():
    """`import accountkit` must not load numpy or cattrs (issue 2)."""
    code = (
        "import sys, accountkit\n"
        "heavy = ('numpy', 'cattrs', 'dateutil')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "accountkit.serialization\n"
        "print('cattrs' in sys.modules)"
    )
    out = _printed(code)
    assert out[0] == "[]"
    assert out[1] == "True"


LAZY = {
    "accountkit.finance": ("OrderBook", "accountkit.finance._variance"),
    "accountkit.contracts": ("Ticket", "accountkit.contracts._tickets"),
    "accountkit.relationships": ("plot_map", "accountkit.relationships._plot"),
    "accountkit.delivery": ("time_arrays", "accountkit.delivery._time_arrays"),
    "accountkit.account": ("render_review", "accountkit.account._render"),
}


def test_the_review_does_not_load_what_it_never_uses():
    """`import accountkit.account` leaves the plots, backtests, what-if
    analyses and renderers unloaded (issue 21); the first use of one of
    their names loads its module, and the name is then the package's own."""
    modules = [module for _, module in LAZY.values()]
    code = (
        "import sys, accountkit.account\n"
        f"print(sorted(m for m in {modules!r} if m in sys.modules))\n"
        "import accountkit.finance as finance\n"
        "book = finance.OrderBook\n"
        "print('accountkit.finance._variance' in sys.modules, book.__module__)\n"
        "print(finance.__dict__['OrderBook'] is book, 'OrderBook' in dir(finance))"
    )
    out = _printed(code)
    assert out[:3] == ["[]", "True accountkit.finance", "True True"]


@pytest.mark.parametrize("package", sorted(LAZY))
def test_a_lazy_name_is_the_private_modules_own_and_published(package):
    name, module = LAZY[package]
    served = getattr(importlib.import_module(package), name)
    assert served is getattr(importlib.import_module(module), name)
    assert served.__module__ == package
    assert name in importlib.import_module(package).__all__


def test_an_unknown_name_of_a_lazy_package_is_an_attribute_error():
    finance = importlib.import_module("accountkit.finance")
    with pytest.raises(
        AttributeError, match=r"module 'accountkit\.finance' has no attribute 'nope'"
    ):
        finance.nope  # noqa: B018 - the lookup is the test
