"""Mutation testing: run a module's tests once per small bug, and count.

A self-contained mutation tester (no plugin, no configuration), written here
because the project wants a fixed-seed *sample* of mutants that finishes in
minutes on two cores, with each mutant run against the module's own tests and
doctests. It parses the module, finds every place one of these operators
applies, draws a sample with a seed, and runs the tests once per mutant in a
private copy of ``src`` (so several run at once and the work tree is never
touched):

- a comparison flipped at its boundary (``<`` and ``<=``, ``>`` and ``>=``,
  ``==`` and ``!=``, ``in`` and ``not in``, ``is`` and ``is not``);
- arithmetic swapped (``+`` and ``-``, ``*`` and ``/``, ``//`` and ``%``);
- ``and`` and ``or`` swapped, a ``not`` dropped;
- a number constant moved by one, ``True`` and ``False`` swapped;
- a ``raise`` turned into ``pass`` (an error path that nothing checks).

A mutant is *killed* when the tests fail (or run past the time-out), and
*survives* when they pass: a behaviour no test pins down, or an equivalent
mutant (one that changes nothing observable; say why in the record).

Usage::

    python tools/mutate.py src/accountkit/finance/_debtor_days.py
        --tests tests/finance/test_debtor_days.py --sample 100 --seed 1

(one command line).

Exit status 0; the score and every survivor are printed.
"""

import argparse
import ast
import concurrent.futures
import copy
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent

_FLIPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mod,
    ast.Mod: ast.FloorDiv,
    ast.And: ast.Or,
    ast.Or: ast.And,
}


class Mutant(NamedTuple):
    """One change: the node's position among all nodes, and what it does."""

    index: int
    line: int
    what: str


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """Return the ids of docstring constants (never mutated: doctests read them)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            found.add(id(body[0].value))
    return found


def _points(tree: ast.AST) -> Iterator[Mutant]:
    skip = _docstring_nodes(tree)
    for index, node in enumerate(ast.walk(tree)):
        what = _what(node, skip)
        for text in what:
            yield Mutant(index, getattr(node, "lineno", 0), text)


def _what(node: ast.AST, skip: set[int]) -> list[str]:  # noqa: PLR0911 - one per kind
    """Return what mutating ``node`` would do (empty: nothing applies)."""
    if isinstance(node, ast.Compare):
        flips = [op for op in node.ops if type(op) in _FLIPS]
        return [f"{type(flips[0]).__name__} flipped"] if flips else []
    if isinstance(node, ast.BinOp | ast.BoolOp) and type(node.op) in _FLIPS:
        return [f"{type(node.op).__name__} swapped"]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ["not dropped"]
    if isinstance(node, ast.Constant) and id(node) not in skip:
        if isinstance(node.value, bool):
            return [f"{node.value} negated"]
        if isinstance(node.value, int | float):
            return [f"{node.value!r} moved by one"]
        return []
    if isinstance(node, ast.Raise):
        return ["raise -> pass"]
    return []


def _apply(tree: ast.Module, mutant: Mutant) -> ast.Module:
    changed = copy.deepcopy(tree)
    node = list(ast.walk(changed))[mutant.index]
    if isinstance(node, ast.Compare):
        node.ops = [_FLIPS.get(type(op), type(op))() for op in node.ops]
    elif isinstance(node, ast.BinOp | ast.BoolOp):
        node.op = _FLIPS[type(node.op)]()
    elif isinstance(node, ast.UnaryOp):
        _replace(changed, node, node.operand)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool):
            node.value = not node.value
        else:
            node.value = node.value + 1
    elif isinstance(node, ast.Raise):
        _replace(changed, node, ast.Pass())
    return ast.fix_missing_locations(changed)


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
            elif isinstance(value, list) and any(item is old for item in value):
                setattr(parent, field, [new if item is old else item for item in value])


def _run(
    source: str, module: Path, tests: list[str], timeout: float, work: Path
) -> str:
    """Run the tests against ``source`` put in place of ``module``; say how."""
    target = work / "src" / module.relative_to(ROOT / "src")
    original = target.read_text("utf-8")
    target.write_text(source, "utf-8")
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-x",
                "-q",
                "-p",
                "no:cacheprovider",
                "--hypothesis-profile=ci",
                *tests,
                str(target),
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(work / "src")},
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "killed (time-out)"
    finally:
        target.write_text(original, "utf-8")
    return "survived" if result.returncode == 0 else "killed"


def main() -> int:
    """Run a sample of mutants of one module against its tests."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path, help="the module to mutate (in src/)")
    parser.add_argument("--tests", nargs="+", required=True, help="its test files")
    parser.add_argument("--sample", type=int, default=100, help="mutants to run")
    parser.add_argument("--seed", type=int, default=1, help="the sample's seed")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=120.0, help="per mutant")
    arguments = parser.parse_args()
    module = arguments.module.resolve()
    tree = ast.parse(module.read_text("utf-8"))
    points = list(_points(tree))
    chosen = random.Random(arguments.seed).sample(  # noqa: S311 - a sample, not a secret
        points, min(arguments.sample, len(points))
    )
    print(
        f"{module.relative_to(ROOT)}: {len(points)} mutation points, "
        f"{len(chosen)} sampled (seed {arguments.seed}), {arguments.jobs} jobs"
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        copies = []
        for job in range(arguments.jobs):
            work = Path(scratch) / f"job{job}"
            shutil.copytree(ROOT / "src", work / "src")
            copies.append(work)
        free = list(copies)

        def run_one(mutant: Mutant) -> tuple[Mutant, str]:
            work = free.pop()
            try:
                source = ast.unparse(_apply(tree, mutant))
                return mutant, _run(
                    source, module, arguments.tests, arguments.timeout, work
                )
            finally:
                free.append(work)

        with concurrent.futures.ThreadPoolExecutor(arguments.jobs) as pool:
            outcomes = list(pool.map(run_one, chosen))
    survivors = sorted(
        (m for m, how in outcomes if how == "survived"), key=lambda m: m.line
    )
    killed = len(outcomes) - len(survivors)
    score = killed / len(outcomes) if outcomes else 1.0
    seconds = time.perf_counter() - started
    print(f"score {score:.0%}: {killed} of {len(outcomes)} killed in {seconds:.0f} s")
    for mutant in survivors:
        print(f"  survived: line {mutant.line}: {mutant.what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
