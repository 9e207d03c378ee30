"""The order of a plan: what waits for what, what can start now, and its critical path.

Pure Python, no Django. A plan is a set of tasks (its steps) and finish-to-start edges
``(step, waits_for)``: ``step`` cannot start before ``waits_for`` is finished. A task
that is *closed* (done or cancelled) holds nothing up any more.

* :func:`find_cycle` names a circle of waiting, if the edges hold one;
* :func:`cycle_if_added` says whether one more edge would close a circle, and which;
* :func:`waiting_on` lists, per task, the open tasks it still waits for (it is *blocked*);
* :func:`can_start_now` lists the open tasks that are neither started nor blocked;
* :func:`critical_path` is the longest chain of open tasks by remaining duration.

Remaining duration is a whole number of days per task, at least one
(:func:`remaining_days`: the days from today to the due date, one day without a due date
or when the due date is today or past).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

type Edge = tuple[int, int]


@dataclass(frozen=True)
class Task:
    """One step as the schedule sees it.

    ``days`` is its remaining duration; ``closed`` says it is done or cancelled;
    ``started`` that it is under way (in progress or on hold).
    """

    id: int
    days: int = 1
    closed: bool = False
    started: bool = False


@dataclass(frozen=True)
class Path:
    """A chain of tasks, first to last, and its length in days (the sum of their days)."""

    ids: tuple[int, ...]
    days: int


def remaining_days(due_on: dt.date | None, today: dt.date) -> int:
    """Days from ``today`` to ``due_on``; one without a due date, and never less than one."""
    if due_on is None:
        return 1
    return max((due_on - today).days, 1)


def _waits(ids: Iterable[int], edges: Iterable[Edge]) -> dict[int, list[int]]:
    """What each task waits for, in the order the edges name them (unknown ids left out)."""
    known = set(ids)
    waits: dict[int, list[int]] = {task: [] for task in known}
    for step, waits_for in edges:
        if step in known and waits_for in known and waits_for not in waits[step]:
            waits[step].append(waits_for)
    return waits


def _path_between(waits: dict[int, list[int]], start: int, goal: int) -> list[int] | None:
    """A chain of waiting from ``start`` to ``goal`` (both included), or None."""
    seen = {start}
    trail: list[tuple[int, int]] = [(start, 0)]
    while trail:
        node, index = trail[-1]
        if node == goal:
            return [n for n, _ in trail]
        following = waits.get(node, [])
        if index >= len(following):
            trail.pop()
            continue
        trail[-1] = (node, index + 1)
        nxt = following[index]
        if nxt not in seen:
            seen.add(nxt)
            trail.append((nxt, 0))
    return None


def cycle_if_added(edges: Iterable[Edge], step: int, waits_for: int) -> tuple[int, ...] | None:
    """The circle that ``step`` waiting for ``waits_for`` would close, or None.

    The circle is given as the chain ``step, waits_for, …, step``: each waits for the next.
    A task waiting for itself is the shortest circle, ``(step, step)``.
    """
    if step == waits_for:
        return (step, step)
    edge_list = list(edges)
    ids = {n for edge in edge_list for n in edge} | {step, waits_for}
    waits = _waits(ids, edge_list)
    chain = _path_between(waits, waits_for, step)
    if chain is None:
        return None
    return (step, *chain)


def find_cycle(ids: Iterable[int], edges: Iterable[Edge]) -> tuple[int, ...] | None:
    """A circle of waiting among the tasks, as ``a, b, …, a`` (each waits for the next)."""
    waits = _waits(ids, edges)
    for step in sorted(waits):
        for waits_for in waits[step]:
            if waits_for == step:
                return (step, step)
            chain = _path_between(waits, waits_for, step)
            if chain is not None:
                return (step, *chain)
    return None


def waiting_on(tasks: Sequence[Task], edges: Iterable[Edge]) -> dict[int, tuple[int, ...]]:
    """Per open task, the open tasks it still waits for (empty when it is not blocked)."""
    by_id = {task.id: task for task in tasks}
    waits = _waits(by_id, edges)
    return {
        task.id: tuple(w for w in waits[task.id] if not by_id[w].closed)
        for task in tasks
        if not task.closed
    }


def can_start_now(tasks: Sequence[Task], edges: Iterable[Edge]) -> tuple[int, ...]:
    """Open tasks not yet started whose every predecessor is closed, in the given order."""
    blocked = waiting_on(tasks, edges)
    return tuple(
        task.id for task in tasks if not task.closed and not task.started and not blocked[task.id]
    )


def critical_path(tasks: Sequence[Task], edges: Iterable[Edge]) -> Path:
    """The longest chain of open tasks by the sum of their remaining days.

    Closed tasks are left out (they take no more time). Among chains of the same length
    the one whose tasks come first in ``tasks`` wins, so the answer does not depend on
    the order of ``edges``. An empty plan has an empty path. Raises ValueError if the open
    tasks wait for one another in a circle.
    """
    open_tasks = [task for task in tasks if not task.closed]
    order = {task.id: index for index, task in enumerate(open_tasks)}
    days = {task.id: max(task.days, 1) for task in open_tasks}
    waits = _waits(order, edges)
    if find_cycle(order, ((s, w) for s, ws in waits.items() for w in ws)) is not None:
        raise ValueError("the plan's tasks wait for one another in a circle")
    # longest[t]: the longest chain ending in t (t last), as (days, chain of ids).
    longest: dict[int, tuple[int, tuple[int, ...]]] = {}

    def chain_to(task: int) -> tuple[int, tuple[int, ...]]:
        stack = [task]
        while stack:
            node = stack[-1]
            pending = [w for w in waits[node] if w not in longest]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            if node in longest:
                continue
            best: tuple[int, tuple[int, ...]] = (0, ())
            for before in sorted(waits[node], key=order.__getitem__):
                candidate = longest[before]
                if candidate[0] > best[0] or (
                    candidate[0] == best[0] and _earlier(candidate[1], best[1], order)
                ):
                    best = candidate
            longest[node] = (best[0] + days[node], (*best[1], node))
        return longest[task]

    best_path: tuple[int, tuple[int, ...]] = (0, ())
    for task in open_tasks:
        candidate = chain_to(task.id)
        if candidate[0] > best_path[0] or (
            candidate[0] == best_path[0] and _earlier(candidate[1], best_path[1], order)
        ):
            best_path = candidate
    return Path(ids=best_path[1], days=best_path[0])


def _earlier(chain: tuple[int, ...], other: tuple[int, ...], order: dict[int, int]) -> bool:
    """Whether ``chain`` comes first by the positions of its tasks (an empty one comes last)."""
    if not other:
        return bool(chain)
    return [order[t] for t in chain] < [order[t] for t in other]
