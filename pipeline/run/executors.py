"""Executors: map the unit of work over tasks and stream the results back to the one writer.

The contract (`Executor`): given tasks and the work options, yield one `Payload`
per task, in any order, never raising for a task's own failure; a task stopped
by its time limit is `failure_payload(task, "E601", …, timeout_s=limit)`, so
the store keeps it with the limit it hit. Tasks given as a `collections.deque`
are taken from its left as workers get free, so the consumer may add tasks while
results come in (the OCR page stage queues a scan's pages that way); so is a
`TaskQueue`, which pulls the run's tasks from their iterable only as they are taken. Two executors
implement it here: `SerialExecutor` runs each task in this process (no
pickling; a timeout by SIGALRM), `PoolExecutor` runs worker processes it manages
itself. A worker works on one task at a time and has at most one more waiting in
its pipe (while many tasks wait, so that it never sits idle while the parent
merges another worker's result), so a task that hangs (E601) or kills its worker
(E602) is known exactly, the one waiting behind it goes back to the queue, and the
batch goes on with a fresh worker. The
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
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass, field
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


class TaskQueue:
    """The tasks waiting to run: those added in front (a scan's OCR pages, the files of a worker that died)
    first, then the rest, pulled from the run's iterable only when taken, so a folder's tasks are never
    all in memory. Its length counts both: the iterable must be Sized, or it is read at once.

    >>> queue = TaskQueue(iter("abc"), total=3)
    >>> queue.popleft(), len(queue), queue.peek()
    ('a', 2, 'b')
    >>> queue.appendleft("z"); [queue.popleft() for _ in range(len(queue))], bool(queue)
    (['z', 'b', 'c'], False)
    """

    def __init__(self, tasks: Iterable[Task], total: int | None = None) -> None:
        self._front: deque[Task] = deque()
        self._rest: Iterator[Task] = iter(())
        self._left = 0  # tasks still in `_rest`
        if isinstance(tasks, deque):  # taken in place: whoever holds it may add to it
            self._front = tasks
        elif total is not None or isinstance(tasks, Sized):
            self._rest, self._left = iter(tasks), total if total is not None else len(tasks)  # type: ignore[arg-type]
        else:
            self._front = deque(tasks)

    def __iter__(self) -> Iterator[Task]:
        """Takes the tasks, one at a time, including those added while iterating."""
        while self:
            yield self.popleft()

    def __len__(self) -> int:
        return len(self._front) + self._left

    def __bool__(self) -> bool:
        return len(self) > 0

    def popleft(self) -> Task:
        if self._front:
            return self._front.popleft()
        if self._left <= 0:
            raise IndexError("pop from an empty TaskQueue")
        self._left -= 1
        return next(self._rest)

    def peek(self) -> Task | None:
        """The next task, left in the queue (None when it is empty)."""
        if not self._front and self._left > 0:
            self._front.append(self.popleft())
        return self._front[0] if self._front else None

    def appendleft(self, task: Task) -> None:
        self._front.appendleft(task)

    def extendleft(self, tasks: Iterable[Task]) -> None:
        """As deque's: the last of `tasks` ends up first."""
        self._front.extendleft(tasks)


def task_queue(tasks: Iterable[Task]) -> TaskQueue:
    """`tasks` as a TaskQueue: itself if it is one, a deque taken in place, anything else pulled as taken."""
    return tasks if isinstance(tasks, TaskQueue) else TaskQueue(tasks)


def pulled(tasks: Iterable[Task]) -> Iterator[Task]:
    """The tasks one at a time; a deque or a TaskQueue is taken from its left, so tasks added while
    iterating are seen."""
    if isinstance(tasks, deque):
        while tasks:
            yield tasks.popleft()
    else:
        yield from tasks  # a TaskQueue's iterator takes its tasks


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
    tasks: deque[Task] = field(default_factory=deque)  # sent, in order: the first is the one being worked on
    deadline: float = 0.0  # of the first task


_IN_FLIGHT = 2  # tasks sent to a worker at most: the one it works on and its next
_SEND_AHEAD_WHILE = 4  # ... the next sent ahead only while this many tasks per worker wait (not near the end,
# where a task waiting behind a long one would leave another worker idle)


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
    pending = task_queue(tasks)
    pool: list[_Worker] = []

    def start() -> _Worker:
        parent, child = ctx.Pipe()
        inherited = parent if method == "fork" else None
        process = ctx.Process(target=_worker_main, args=(child, inherited, os.getpid(), work_fn, options), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def started(worker: _Worker) -> None:
        """The worker's first task starts now: its time limit runs from here."""
        worker.deadline = time.monotonic() + timeout if timeout else float("inf")

    def assign(worker: _Worker) -> None:
        """Top the worker up: a task if it has none, and its next while many wait."""
        while pending and (
            not worker.tasks or (len(worker.tasks) < _IN_FLIGHT and len(pending) >= _SEND_AHEAD_WHILE * workers)
        ):
            task = pending.popleft()
            worker.tasks.append(task)
            if len(worker.tasks) == 1:
                started(worker)
            with contextlib.suppress(OSError):  # a dead worker's sentinel reports it below
                worker.conn.send(task)

    def replace(worker: _Worker) -> _Worker:
        """A fresh worker in place of `worker` (killed), the task waiting behind its first back in the queue."""
        with contextlib.suppress(Exception):
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        worker.tasks.popleft()
        pending.extendleft(reversed(worker.tasks))
        fresh = start()
        pool[pool.index(worker)] = fresh
        return fresh

    def fill() -> None:
        """Every idle worker takes a waiting task; more workers start while tasks wait."""
        for worker in pool:
            assign(worker)
        while pending and len(pool) < workers:
            pool.append(start())
            assign(pool[-1])

    try:
        fill()
        while any(w.tasks for w in pool):
            busy = [w for w in pool if w.tasks]
            wait_for = min(w.deadline for w in busy) - time.monotonic()
            ready = set(
                wait(
                    [w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=max(0.0, min(wait_for, 3600.0))
                )
            )
            now = time.monotonic()
            for worker in busy:
                task = worker.tasks[0]
                if worker.conn in ready or worker.process.sentinel in ready:
                    payload = None
                    with contextlib.suppress(EOFError, OSError):
                        if worker.conn.poll():
                            payload = worker.conn.recv()
                    if payload is None:
                        code = worker.process.exitcode
                        payload = failure_payload(task, "E602", f"worker died (exit code {code})")
                        worker = replace(worker)
                    else:
                        worker.tasks.popleft()
                        if worker.tasks:
                            started(worker)
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
    """Tasks in `workers` processes, each working on one and holding at most its next."""

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
