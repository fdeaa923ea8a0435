"""Formulas (``[[formula]]``): named expressions, put in place of their names before an
expression compiles.

A formula is written once and used by name in any expression of the content (a condition, a
weight, a cost, a score, an effect's right-hand side): the six endings' outcome scores share
one measure of how the country stands, and a change to it is made in one place. The name is
replaced by the formula's expression (in brackets) before the expression compiles, so both of
the engine's backends, one game and many, see a plain expression and read the variables the
formula reads (the ledger of causes names them). Formulas may use other formulas, never
themselves; texts use variables, not formulas.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from typing import Any

from diplomacy_game.engine.expr import ExprError, Namespace, compile_condition
from diplomacy_game.engine.language import FUNCTIONS, MAX_CHARS, MAX_NODES, parse
from diplomacy_game.model.content import Formula

# Names an expression gives a meaning of its own: never a formula's.
_RESERVED = {"true", "false", "param", *FUNCTIONS}
# The words of an expression: a formula is used only where its name is one of them.
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class _PutFormulas(ast.NodeTransformer):
    """Replaces each name of a formula that is read with the formula's tree. The tree is put
    in place as it is, not copied: it is free of formulas, so nothing visits it again, and a
    tree with formulas in place is only read (measured, written out) afterwards."""

    def __init__(self, trees: dict[str, ast.expr]) -> None:
        self.trees = trees
        self.used = False

    def visit_Name(self, node: ast.Name) -> ast.AST:
        tree = self.trees.get(node.id)
        if tree is None:
            return node
        if not isinstance(node.ctx, ast.Load):
            raise ExprError(
                f"'{node.id}' is a formula (a name for an expression), not a variable: "
                "an effect cannot set it"
            )
        self.used = True
        return tree


class Formulas:
    """The formulas of a scenario, each resolved to a tree free of other formulas."""

    def __init__(self, trees: dict[str, ast.expr] | None = None) -> None:
        self.trees = trees or {}

    @classmethod
    def build(
        cls,
        specs: Iterable[Formula],
        ns: Namespace,
        error: Callable[[str, str, str], None],
        check: bool = True,
    ) -> Formulas:
        """Resolve ``specs`` against the names of ``ns``; each problem goes to ``error(id,
        field, message)`` and leaves that formula out. ``check``: also compile each formula on
        its own, so an error in it is reported once, at the formula."""
        specs = {f.id: f for f in specs}
        taken = {name.split(".", 1)[0] for name in ns.variables} | _RESERVED
        trees: dict[str, ast.expr] = {}  # each after the formulas it uses
        uses: dict[str, set[str]] = {}
        sizes: dict[str, int] = {}  # parts of each resolved formula's tree
        bad: set[str] = set()
        for fid in specs:
            if fid in taken:
                error(fid, "id", f"'{fid}' is already a name of the game; choose another")
                bad.add(fid)

        def resolve(fid: str, chain: tuple[str, ...]) -> ast.expr | None:
            if fid in trees or fid in bad:
                return trees.get(fid)
            if fid in chain:
                loop = " -> ".join((*chain[chain.index(fid) :], fid))
                error(chain[0], "expr", f"the formula uses itself ({loop})")
                bad.update(chain)
                return None
            try:
                tree = parse(specs[fid].expr, "eval")
            except ExprError as exc:
                error(fid, "expr", str(exc))
                bad.add(fid)
                return None
            assert isinstance(tree, ast.Expression)
            names = [n.id for n in ast.walk(tree.body) if isinstance(n, ast.Name)]
            uses[fid] = set(names) & set(specs)
            for name in sorted(uses[fid]):
                if resolve(name, (*chain, fid)) is None:
                    if fid not in bad:
                        error(fid, "expr", f"it uses the formula '{name}', which has an error")
                        bad.add(fid)
                    return None
            # Its size with the formulas it uses in place, counted before any is put there (a
            # formula used twice by one used twice ... would otherwise grow without bound).
            size = sum(1 for _ in ast.walk(tree.body)) + sum(
                sizes[n] - 1 for n in names if n in sizes
            )
            if size > MAX_NODES:
                error(fid, "expr", _too_big(f"{size} parts", f"{MAX_NODES} parts"))
                bad.add(fid)
                return None
            sizes[fid] = size
            put = _PutFormulas(trees)
            body = put.visit(tree.body)
            trees[fid] = body
            return body

        for fid in specs:
            resolve(fid, ())
        out = cls(trees)
        if check:  # a mistake is reported at the formula that has it, not at its users
            for fid in trees:
                if uses[fid] & bad:
                    bad.add(fid)
                    continue
                try:
                    compile_condition(ast.unparse(trees[fid]), ns)
                except ExprError as exc:
                    error(fid, "expr", str(exc))
                    bad.add(fid)
        return out

    def expand(self, source: Any, effects: bool = False) -> Any:
        """``source`` (an expression, or an effect or a list of them when ``effects``) with
        each formula's name replaced by its expression; unchanged when it uses none. Raises
        ExprError when an effect would set a formula."""
        if not self.trees:
            return source
        if effects and isinstance(source, list):
            return [self.expand(s, True) for s in source]
        if not isinstance(source, str) or self.trees.keys().isdisjoint(_WORD.findall(source)):
            return source
        try:
            tree = parse(source, "exec" if effects else "eval")
        except ExprError:
            return source  # compiling it says what is wrong
        put = _PutFormulas(self.trees)
        tree = put.visit(tree)
        if not put.used:
            return source
        parts = sum(1 for _ in ast.walk(tree))
        if parts > MAX_NODES:
            raise ExprError(_too_big(f"{parts} parts", f"{MAX_NODES} parts"))
        if isinstance(tree, ast.Module):
            text = "; ".join(ast.unparse(statement) for statement in tree.body)
        else:
            text = ast.unparse(tree)
        if len(text) > MAX_CHARS:
            raise ExprError(_too_big(f"{len(text)} characters long", f"{MAX_CHARS}"))
        return text


def _too_big(size: str, limit: str) -> str:
    return (
        f"with its formulas put in place it is {size}; the limit is {limit}: use fewer "
        "formulas in it, or split it"
    )
