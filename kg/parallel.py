"""Mapping a function over many articles: in this process, in forked processes, or on Ray.

Every engine yields results in input order, so a build gives the same graph
whichever engine ran it. Inputs are streamed: only a bounded window of
articles is in flight at once, so memory does not grow with the archive.
"""

from __future__ import annotations

import collections
import itertools
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from .errors import KgError

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "ray")


def cpu_count() -> int:
    """Cores this process may use (respects CPU affinity where the OS has it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def warm() -> None:
    """Load jieba's dictionary and kg's lexicons into this process (once).

    Done in the parent before forking, so that workers share them instead of
    each paying the dictionary's load time.
    """
    from . import lexicon, segment

    lexicon.load()
    segment.tokenizer()


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items (the last may be shorter)."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _apply(func: Callable[[T], R], batch: list[T]) -> list[R]:
    return [func(x) for x in batch]


def _apply_star(args):
    return _apply(*args)


def run(
    func: Callable[[T], R],
    items: Iterable[T],
    jobs: int = 1,
    engine: str = "local",
    address: str | None = None,
    batch: int = 32,
) -> Iterator[R]:
    """``func`` over ``items``, in input order, with ``jobs`` processes of ``engine``.

    ``local`` with one job runs in this process; with more it forks a pool
    after :func:`warm` (workers inherit jieba's dictionary already loaded).
    ``ray`` sends batches of ``batch`` items as Ray tasks to the cluster at
    ``address`` (``None`` starts a local one with ``jobs`` CPUs). ``func``
    must be a module-level function; results must be picklable.
    """
    if engine not in ENGINES:
        raise KgError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if jobs < 1:
        raise KgError(f"--jobs must be at least 1, not {jobs}")
    if engine == "ray":
        yield from _ray(func, items, jobs, address, batch)
        return
    it = iter(items)
    head = list(itertools.islice(it, batch + 1))
    if jobs == 1 or len(head) <= batch:
        # One process, or too few items to be worth forking for.
        warm()
        yield from map(func, itertools.chain(head, it))
    else:
        yield from _pool(func, itertools.chain(head, it), jobs, batch)


def _bounded(items: Iterable[T], slots: threading.Semaphore, stop: threading.Event) -> Iterator[T]:
    # Pool.imap reads its input as fast as it can; hold it to a window. Once ``stop`` is set, end:
    # the pool's task thread must not wait for a slot while the pool waits for it to finish.
    for x in items:
        slots.acquire()
        if stop.is_set():
            return
        yield x


def _worker_signals() -> None:
    # Ctrl-C reaches the whole process group; the parent alone handles it. SIGTERM (how the
    # parent's pool stops its workers) must end a worker quietly, not run a handler it forked with.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _pool(func: Callable[[T], R], items: Iterable[T], jobs: int, batch: int) -> Iterator[R]:
    import multiprocessing

    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this OS: workers load the dictionary themselves
        ctx = multiprocessing.get_context()
    warm()
    window = jobs * 4
    slots, stop = threading.Semaphore(window), threading.Event()
    tasks = ((func, b) for b in _bounded(batched(items, batch), slots, stop))
    with ctx.Pool(jobs, initializer=_worker_signals) as pool:
        try:
            for results in pool.imap(_apply_star, tasks):
                slots.release()
                yield from results
        finally:
            # Stop the feeder thread, waking it if it waits for a slot, so that the pool can shut down.
            stop.set()
            slots.release()


def _ray(func: Callable[[T], R], items: Iterable[T], jobs: int, address: str | None, batch: int) -> Iterator[R]:
    try:
        import ray
    except ImportError:
        raise KgError("--engine ray needs Ray: pip install 'kg[ray]'") from None
    started = not ray.is_initialized()
    if started:
        try:
            if address:
                ray.init(address=address, log_to_driver=False, logging_level="WARNING")
            else:
                # A cluster of this machine alone listens on loopback only.
                ray.init(address="local", num_cpus=jobs, include_dashboard=False, log_to_driver=False, logging_level="WARNING",
                         _node_ip_address="127.0.0.1")
        except (ConnectionError, RuntimeError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise KgError(f"cannot connect to the Ray cluster at {address or 'a new local cluster'}: {first}") from None
    try:
        task = ray.remote(_apply)
        window = max(2, int(ray.cluster_resources().get("CPU", jobs))) * 2
        pending: collections.deque = collections.deque()
        for b in batched(items, batch):
            pending.append(task.remote(func, b))
            if len(pending) >= window:
                yield from ray.get(pending.popleft())
        while pending:
            yield from ray.get(pending.popleft())
    finally:
        if started:
            ray.shutdown()
