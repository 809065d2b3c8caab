"""Cycles in a directed graph of ints: strongly connected components, one shortest cycle.

Successor lists are expected in a stable order (the caller sorts them), so the cycle shown
for a component is the same on every run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping, Sequence

Graph = Mapping[int, Sequence[int]]


def components(nodes: Sequence[int], graph: Graph) -> list[list[int]]:
    """The strongly connected components of more than one node, each sorted (Tarjan)."""
    return _Tarjan(graph).run(nodes)


class _Tarjan:
    """Iterative, so that a long import chain cannot hit the recursion limit."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.index: dict[int, int] = {}
        self.low: dict[int, int] = {}
        self.stack: list[int] = []
        self.on_stack: set[int] = set()
        self.found: list[list[int]] = []

    def run(self, nodes: Sequence[int]) -> list[list[int]]:
        for node in nodes:
            if node not in self.index:
                self._visit(node)
        return self.found

    def _enter(self, node: int) -> Iterator[int]:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)
        return iter(self.graph.get(node, ()))

    def _visit(self, root: int) -> None:
        work = [(root, self._enter(root))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in self.index:
                    work.append((successor, self._enter(successor)))
                    break
                if successor in self.on_stack:
                    self.low[node] = min(self.low[node], self.index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    self.low[parent] = min(self.low[parent], self.low[node])
                if self.low[node] == self.index[node]:
                    self._close(node)

    def _close(self, node: int) -> None:
        component = []
        while True:
            member = self.stack.pop()
            self.on_stack.discard(member)
            component.append(member)
            if member == node:
                break
        if len(component) > 1:
            self.found.append(sorted(component))


def shortest_cycle(component: Sequence[int], graph: Graph) -> list[int]:
    """A shortest cycle through the component's nodes (no self-loops), from its lowest node.

    Among cycles of the same length, the one starting at the lowest node, then the first
    breadth-first search finds. `[a, b]` means a -> b -> a.
    """
    members = set(component)
    best: list[int] = []
    for start in sorted(component):
        bound = len(best) if best else len(component) + 1
        cycle = _back_to(start, graph, members, bound)
        if cycle:
            best = cycle
            if len(best) == 2:  # nothing shorter exists without self-loops
                break
    return best


def _back_to(start: int, graph: Graph, members: set[int], bound: int) -> list[int]:
    """The shortest path start -> ... -> start of fewer than `bound` edges, as its nodes."""
    parents: dict[int, int] = {start: start}
    queue = deque([(start, 0)])
    while queue:
        node, depth = queue.popleft()
        if depth + 1 >= bound:
            return []
        for successor in graph.get(node, ()):
            if successor == start and node != start:
                return _path(parents, node, start)
            if successor in members and successor not in parents:
                parents[successor] = node
                queue.append((successor, depth + 1))
    return []


def _path(parents: dict[int, int], last: int, start: int) -> list[int]:
    path = [last]
    while path[-1] != start:
        path.append(parents[path[-1]])
    return path[::-1]
