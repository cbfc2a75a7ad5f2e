"""Executors: map the unit of work over tasks and stream the results back to the one writer.

The contract (`Executor`): given tasks and the work options, yield one `Payload`
per task, in any order, never raising for a task's own failure; a task stopped
by its time limit is `failure_payload(task, "E601", …, timeout_s=limit)`, so
the store keeps it with the limit it hit. Tasks given as a `collections.deque`
are taken from its left as workers get free, so the consumer may add tasks while
results come in (the OCR page stage queues a scan's pages that way). Two executors
implement it here: `SerialExecutor` runs each task in this process (no
pickling; a timeout by SIGALRM), `PoolExecutor` runs worker processes it manages
itself, one task in flight per worker, so a task that hangs (E601) or kills its
worker (E602) is known exactly and the batch goes on with a fresh worker. The
work function is a parameter, so another unit of work (an OCR page) or a test's
fault injector reuses them unchanged; the cluster executor (`pipeline.run.cluster`, Dask)
implements the same protocol.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from pipeline.outputs.records import Payload
from pipeline.run.store import release_inherited_locks
from pipeline.run.work import Task, WorkOptions, failure_payload, run_task

WorkFn = Callable[[Task, WorkOptions], Payload]
DEFAULT_TIMEOUT_S = 120.0


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Executor(Protocol):
    """Maps a unit of work over tasks; yields one payload per task as each finishes."""

    def map(self, tasks: Iterable[Task], options: WorkOptions) -> Iterator[Payload]: ...


def pulled(tasks: Iterable[Task]) -> Iterator[Task]:
    """The tasks one at a time; a deque is taken from its left, so tasks added while iterating are seen."""
    if isinstance(tasks, deque):
        while tasks:
            yield tasks.popleft()
    else:
        yield from tasks


class _Timeout(BaseException):
    """Raised by the alarm in serial mode; a BaseException so the unit of work cannot swallow it."""


def run_serial(
    tasks: Iterable[Task], options: WorkOptions, timeout: float | None, work_fn: WorkFn = run_task
) -> Iterator[Payload]:
    """Run each task in this process; the timeout uses SIGALRM when this is the main thread."""
    import threading

    use_alarm = bool(timeout) and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")

    def on_alarm(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, on_alarm) if use_alarm else None
    try:
        for task in pulled(tasks):
            try:
                if use_alarm and timeout:
                    signal.setitimer(signal.ITIMER_REAL, timeout)
                payload = work_fn(task, options)
            except _Timeout:
                payload = failure_payload(task, "E601", f"no result after {timeout:g} s", timeout_s=timeout)
            finally:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            yield payload
    finally:
        if use_alarm:
            signal.signal(signal.SIGALRM, previous)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the run's process dies (even by kill -9)."""
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _worker_main(conn: Any, parent_end: Any, parent_pid: int, work_fn: WorkFn, options: WorkOptions) -> None:
    """A pool worker: take a task, send back its payload, until told to stop or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    _die_with_parent()
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        return
    if parent_end is not None:
        parent_end.close()  # a forked copy of the parent's end would hide the parent's death
    release_inherited_locks()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(work_fn(task, options))


@dataclass
class _Worker:
    process: Any
    conn: Any
    task: Task | None = None
    deadline: float = 0.0


def run_pool(
    tasks: Iterable[Task], options: WorkOptions, workers: int, timeout: float | None, work_fn: WorkFn = run_task
) -> Iterator[Payload]:
    """Run tasks in up to `workers` processes (started as tasks wait); yields payloads as they finish.

    A worker past its deadline is killed (E601); a worker that dies (segfault,
    os._exit, out of memory) yields E602 for its file; either is replaced.
    """
    import multiprocessing as mp
    from multiprocessing.connection import wait

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx: Any = mp.get_context(method)
    pending = tasks if isinstance(tasks, deque) else deque(tasks)
    pool: list[_Worker] = []

    def start() -> _Worker:
        parent, child = ctx.Pipe()
        inherited = parent if method == "fork" else None
        process = ctx.Process(target=_worker_main, args=(child, inherited, os.getpid(), work_fn, options), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def assign(worker: _Worker) -> None:
        worker.task = pending.popleft() if pending else None
        if worker.task is not None:
            worker.deadline = time.monotonic() + timeout if timeout else float("inf")
            with contextlib.suppress(OSError):  # a dead worker's sentinel reports it below
                worker.conn.send(worker.task)

    def replace(worker: _Worker) -> _Worker:
        with contextlib.suppress(Exception):
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        fresh = start()
        pool[pool.index(worker)] = fresh
        return fresh

    def fill() -> None:
        """Every idle worker takes a waiting task; more workers start while tasks wait."""
        for worker in pool:
            if worker.task is None and pending:
                assign(worker)
        while pending and len(pool) < workers:
            pool.append(start())
            assign(pool[-1])

    try:
        fill()
        while any(w.task is not None for w in pool):
            busy = [w for w in pool if w.task is not None]
            wait_for = min(w.deadline for w in busy) - time.monotonic()
            ready = set(
                wait(
                    [w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=max(0.0, min(wait_for, 3600.0))
                )
            )
            now = time.monotonic()
            for worker in busy:
                task = worker.task
                assert task is not None
                if worker.conn in ready or worker.process.sentinel in ready:
                    payload = None
                    with contextlib.suppress(EOFError, OSError):
                        if worker.conn.poll():
                            payload = worker.conn.recv()
                    if payload is None:
                        code = worker.process.exitcode
                        payload = failure_payload(task, "E602", f"worker died (exit code {code})")
                        worker = replace(worker)
                    assign(worker)  # its next file first: the worker reads it while the result is merged
                    yield payload
                elif now >= worker.deadline:
                    worker = replace(worker)
                    assign(worker)
                    yield failure_payload(
                        task, "E601", f"no result after {timeout:g} s; worker stopped", timeout_s=timeout
                    )
            fill()  # tasks the consumer added while a result was out
    finally:
        for worker in pool:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
        for worker in pool:
            worker.process.join(1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1)
            worker.conn.close()


@dataclass(frozen=True)
class SerialExecutor:
    """Every task in this process, one after another."""

    timeout: float | None = DEFAULT_TIMEOUT_S
    work_fn: WorkFn = run_task

    def map(self, tasks: Iterable[Task], options: WorkOptions) -> Iterator[Payload]:
        return run_serial(tasks, options, self.timeout, self.work_fn)


@dataclass(frozen=True)
class PoolExecutor:
    """Tasks in `workers` processes, one in flight per worker."""

    workers: int
    timeout: float | None = DEFAULT_TIMEOUT_S
    work_fn: WorkFn = run_task

    def map(self, tasks: Iterable[Task], options: WorkOptions) -> Iterator[Payload]:
        return run_pool(tasks, options, self.workers, self.timeout, self.work_fn)


def local_executor(workers: int, n_tasks: int, timeout: float | None, work_fn: WorkFn = run_task) -> Executor:
    """Serial in-process for one worker, else the process pool (even for one task: a file that kills its
    process must cost that file only; and one scan's OCR pages may keep every worker busy)."""
    if workers <= 1 or n_tasks < 1:
        return SerialExecutor(timeout, work_fn)
    return PoolExecutor(workers, timeout, work_fn)
