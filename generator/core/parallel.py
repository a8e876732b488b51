"""Run one function per park on every core, results in input order.

Parks are independent (prev(...) and the tenfold-jump check read only the same park's earlier
cycles), so validation, scoring and rendering split by park without changing a byte: each worker
returns its park's result and the caller combines them in park order, exactly as the serial loop
did. Workers are forked, so they start with everything already imported.

PARKAUDIT_JOBS sets the number of worker processes (default: the number of CPUs; 1 runs in this
process, which is also what happens for a single park).

The parks run with the cyclic garbage collector tuned for them (parks_gc): per-park work allocates
millions of short-lived containers (table cells, Decimals, the dicts of a score document) that
reference counting frees, and with Python's default young-generation threshold (700) the collector
ran some 230 times over 30 packages and walked every long-lived object (the imported modules,
pandas, the configuration and shared data) in its older generations: 5-6 % of the CPU time of
validating and scoring them. Objects that exist before the parks start are frozen (moved out of
the collector's generations; before the fork, so the workers inherit it and, not touching their
headers, share the parent's memory pages longer; a build runs whole in one block, and what it made
before its parks is frozen again just before the fork) and the young threshold is raised to
YOUNG_THRESHOLD, which leaves that time under 0.5 %. Garbage in reference cycles is still
collected, a little later.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000  # allocations between young-generation collections (Python's default: 700)


def jobs() -> int:
    raw = os.environ.get("PARKAUDIT_JOBS", "")
    try:
        n = int(raw) if raw else (os.cpu_count() or 1)
    except ValueError:
        raise SystemExit(f"PARKAUDIT_JOBS 必须是正整数 / must be a positive integer: {raw!r}") from None
    return max(1, n)


def map_parks(fn, items: list, *args, done=None, each=None) -> list:
    """[fn(item, *args) for item in items], spread over worker processes. `args` reach the
    workers through the fork, not through a pipe, so large shared inputs cost nothing per park.
    `each(result)`, if given, is called in this process on each result as it comes in, in input
    order, while the workers go on with the next items; what it returns is kept instead (it may
    write a result out and keep less of it). `done(n)`, if given, is called as the first n
    results are in (a progress line)."""
    with parks_gc():
        return _map_parks(fn, items, args, done, each)


def _map_parks(fn, items: list, args: tuple, done, each) -> list:
    workers = min(jobs(), len(items))
    if workers <= 1 or multiprocessing.parent_process() is not None:  # already inside a worker: stay serial
        results = []
        for item in items:
            result = fn(item, *args)
            results.append(result if each is None else each(result))
            if done is not None:
                done(len(results))
        return results
    global _TASK
    _TASK = (fn, args)
    if _FROZE:  # what was made since the block began (a build's configuration, state, shared data) too
        gc.freeze()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_sigint)
    try:
        results = []
        for result in pool.map(_run_task, items, chunksize=1):
            results.append(result if each is None else each(result))
            if done is not None:
                done(len(results))
    except BaseException:
        # Ctrl-C or a failing park: queued parks are not started, and the ones running (at most
        # one per worker) are waited for, so none of them writes into a folder being cleaned up
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        _TASK = None
    pool.shutdown()
    return results


_TASK = None  # (fn, args) of the running map, inherited by the forked workers
_GC_DEPTH = 0  # parks_gc blocks entered and not left (a forked worker inherits its parent's)
_FROZE = False  # the outermost parks_gc block froze objects (and unfreezes them when it ends)


@contextmanager
def parks_gc():
    """The garbage collector as per-park work wants it (see the module's docstring), and as it was
    afterwards: its thresholds restored and what was frozen here unfrozen. Only the outermost
    block acts (a map inside a worker, or inside another map, finds it done), and it leaves
    freezing alone when something else has frozen objects already."""
    global _GC_DEPTH, _FROZE
    _GC_DEPTH += 1
    if _GC_DEPTH > 1:
        try:
            yield
        finally:
            _GC_DEPTH -= 1
        return
    thresholds = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    _FROZE = freeze
    gc.set_threshold(max(YOUNG_THRESHOLD, thresholds[0]), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()
        _FROZE = False
        _GC_DEPTH -= 1


def _run_task(item):
    fn, args = _TASK
    return fn(item, *args)


def _ignore_sigint():
    # Ctrl-C goes to the whole process group: let the parent alone handle it, once
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def by_park(refs) -> list[list]:
    """The package refs grouped by park, parks and cycles in the order given."""
    groups: dict[str, list] = {}
    for ref in refs:
        groups.setdefault(ref.park_id, []).append(ref)
    return list(groups.values())
