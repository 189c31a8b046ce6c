"""Check a graph against kg's SHACL shapes (``schema/shapes.ttl``) with pyshacl."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace

from .errors import InputError

SHAPES = Path(__file__).resolve().parent / "schema" / "shapes.ttl"  # kg/schema links to the top-level schema/; wheels hold a copy
SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Problem:
    """One SHACL result: how bad, which node, which property, what is wrong."""

    severity: str  # Violation, Warning, Info
    focus: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        return f"{self.severity}: <{self.focus}>{where}{value}: {self.message}"


@dataclass(frozen=True)
class Report:
    """What :func:`validate` found; ``conforms`` ignores warnings."""

    conforms: bool
    problems: tuple[Problem, ...]

    def summary(self, limit: int = 20) -> str:
        """A readable report: the verdict, counts by kind, the first ``limit`` problems."""
        violations = [p for p in self.problems if p.severity == "Violation"]
        head = "conforms" if self.conforms else f"does not conform: {len(violations)} violation(s)"
        warnings = len(self.problems) - len(violations)
        if warnings:
            head += f", {warnings} warning(s)"
        lines = [head]
        kinds = Counter((p.severity, p.path, p.message) for p in self.problems)
        for (sev, path, msg), n in sorted(kinds.items(), key=lambda kv: (kv[0][0] != "Violation", -kv[1], kv[0])):
            lines.append(f"  {n:>6} x {sev}: {path or '(node)'}: {msg}")
        shown = sorted(self.problems, key=lambda p: (p.severity != "Violation", p.focus, p.path))[:limit]
        if shown:
            lines.append("first problems:")
            lines += [f"  {p}" for p in shown]
        return "\n".join(lines)


def load_shapes(path: str | Path | None = None) -> Graph:
    """The shapes graph (kg's own by default)."""
    p = Path(path) if path else SHAPES
    if not p.exists():
        raise InputError(f"{p}: no such shapes file; pass --shapes FILE (kg's own are schema/shapes.ttl in its source)")
    try:
        return Graph().parse(str(p), format="turtle")
    except Exception as exc:  # rdflib raises many kinds for a bad file
        raise InputError(f"{p}: not a readable Turtle shapes file: {str(exc).splitlines()[0] if str(exc) else exc!r}") from None


def validate(graph: Graph, shapes: Graph | None = None) -> Report:
    """Validate ``graph`` against ``shapes`` (default: kg's).

    >>> validate(load_graph("output/graph.ttl")).conforms  # doctest: +SKIP
    True
    """
    import pyshacl

    shapes = shapes if shapes is not None else load_shapes()
    if not graph.store.context_aware:
        # pyshacl wraps the graph in a ConjunctiveGraph, which needs a context-aware store.
        copy = Graph()
        copy.addN((s, p, o, copy) for s, p, o in graph)
        graph = copy
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    problems = []
    for r in results.subjects(SH.resultSeverity, None):
        msgs = [str(m) for m in results.objects(r, SH.resultMessage)]
        problems.append(
            Problem(
                severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                focus=str(results.value(r, SH.focusNode)),
                path=_short(graph, results.value(r, SH.resultPath)),
                value=str(results.value(r, SH.value) or ""),
                message=min(msgs) if msgs else str(results.value(r, SH.sourceConstraintComponent)),
            )
        )
    conforms = not any(p.severity == "Violation" for p in problems)
    return Report(conforms=conforms, problems=tuple(sorted(problems, key=lambda p: (p.severity, p.focus, p.path, p.message))))


def _short(graph: Graph, term) -> str:
    if term is None:
        return ""
    try:
        return graph.namespace_manager.normalizeUri(term)
    except Exception:  # a blank-node path or an unbound prefix
        return str(term)
