"""Run one function per park on every core, results in input order.

Parks are independent (prev(...) and the tenfold-jump check read only the same park's earlier
cycles), so validation, scoring and rendering split by park without changing a byte: each worker
returns its park's result and the caller combines them in park order, exactly as the serial loop
did. Workers are forked, so they start with everything already imported.

PARKAUDIT_JOBS sets the number of worker processes (default: the number of CPUs; 1 runs in this
process, which is also what happens for a single park).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor


def jobs() -> int:
    raw = os.environ.get("PARKAUDIT_JOBS", "")
    try:
        n = int(raw) if raw else (os.cpu_count() or 1)
    except ValueError:
        raise SystemExit(f"PARKAUDIT_JOBS 必须是正整数 / must be a positive integer: {raw!r}") from None
    return max(1, n)


def map_parks(fn, items: list, *args, done=None) -> list:
    """[fn(item, *args) for item in items], spread over worker processes. `args` reach the
    workers through the fork, not through a pipe, so large shared inputs cost nothing per park.
    `done(n)`, if given, is called as the first n results are in (a progress line)."""
    workers = min(jobs(), len(items))
    if workers <= 1 or multiprocessing.parent_process() is not None:  # already inside a worker: stay serial
        results = []
        for item in items:
            results.append(fn(item, *args))
            if done is not None:
                done(len(results))
        return results
    global _TASK
    _TASK = (fn, args)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_sigint)
    try:
        results = []
        for result in pool.map(_run_task, items, chunksize=1):
            results.append(result)
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
