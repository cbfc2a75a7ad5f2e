"""The Dask executor: the run's tasks on a `dask.distributed` cluster, results streamed back to the one writer.

`DaskExecutor.map` keeps the executor contract (`pipeline.run.executors`): one payload per task,
in any order, never raising for a task's own failure. It starts a `LocalCluster` of `workers`
processes on this machine, or connects to a running scheduler (`scheduler="tcp://host:8786"`), and:

* **batches** files into Dask tasks (up to `files_per_task`, fewer near the end so every worker
  keeps busy): Dask spends milliseconds per task, as much as a short document costs, so one task
  per file would halve the throughput. An OCR page is a task of its own (seconds each);
* **bounds what is in flight** to `in_flight_per_thread` tasks per worker thread, taking more
  from the queue as results come back (`as_completed`), so a million files never become a
  million futures, and pages the OCR stage queues while the run goes on are taken next;
* **isolates each file** in a child process of the worker thread (`sidecar`): the per-file
  timeout (E601) and a file that kills its process (E602) cost that file only, as with the pool;
* **retries lost workers**: a task whose worker died (killed, its machine gone) is run again by
  Dask elsewhere; one that keeps killing workers ends in Dask's `KilledWorker` (Dask counts a death
  against every task the worker held, running or queued): its files are then tried again one per
  Dask task, with one task per worker thread in flight so a worker holds only what it runs, and a
  file whose own task is killed so again ends as E602, named;
* **checks every worker** computes the client's rules version (E540 otherwise) and sees the local inputs at
  the client's paths (E542 otherwise: a folder not mounted there), before it runs a file; a relative path is
  read against the client's working folder (`Task.cwd`), and named in the outputs as it was given.

The client sends each task's path or URL, key and the work options, and receives the packed
result and its output bytes; it alone writes the store and the outputs, so a client killed
midway resumes from the store like a local run.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.errors import SolieuError, missing_extra
from pipeline.outputs.records import Payload
from pipeline.readers.remote import is_url
from pipeline.run.cluster.sidecar import InputsUnseen, WorkerCheck, WorkerMismatch, run_units, solieu_version
from pipeline.run.executors import DEFAULT_TIMEOUT_S, TaskQueue, WorkFn, default_workers, task_queue
from pipeline.run.work import Task, WorkOptions, failure_payload, local_source, run_task

WORKER_WAIT_S = 60.0  # how long a run on a remote scheduler waits for its first worker
CONNECT_TIMEOUT_S = 20.0


def require_dask() -> None:
    """E505 when the `dask` extra is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise missing_extra("--executor dask", "dask", "dask.distributed") from exc


@dataclass
class DaskExecutor:
    """Tasks on a Dask cluster: a LocalCluster of `workers` processes, or the scheduler at `scheduler`."""

    workers: int = field(default_factory=default_workers)
    scheduler: str | None = None
    timeout: float | None = DEFAULT_TIMEOUT_S
    work_fn: WorkFn = run_task
    announce: bool = True  # print the dashboard's address (once, on stderr)
    files_per_task: int = 8
    in_flight_per_thread: int = 2
    retries: int = 1  # a task that raised (not a lost worker: Dask reschedules those itself)
    cluster_options: dict[str, Any] = field(default_factory=dict)  # more LocalCluster arguments
    batches_sent: int = 0  # Dask tasks submitted by the last map (for the benchmark)
    _alone: set[str] = field(default_factory=set, repr=False)  # keys of files split out of a killed batch

    def map(self, tasks: Iterable[Task], options: WorkOptions) -> Iterator[Payload]:
        require_dask()
        from distributed import as_completed

        queue = task_queue(tasks)
        expected = _expected(options, _probe(queue))
        with self._client() as client:
            self._announce(client)
            running = as_completed(with_results=True, raise_errors=False)
            in_flight: dict[str, list[Task]] = {}
            threads = _threads(client)
            checked = time.monotonic()
            self.batches_sent = 0

            def top_up() -> None:
                # While files of a killed batch are being tried alone, one task per thread: a worker then holds
                # only the task it runs, so Dask's count of deaths blames that task alone.
                per_thread = 1 if self._alone else self.in_flight_per_thread
                while queue and len(in_flight) < per_thread * threads:
                    batch = self._take(queue, threads)
                    future = client.submit(
                        run_units,
                        batch,
                        options,
                        self.timeout,
                        self.work_fn,
                        expected,
                        pure=False,
                        retries=self.retries,
                    )
                    in_flight[future.key] = batch
                    running.add(future)
                    self.batches_sent += 1

            top_up()
            for future, result in running:
                batch = in_flight.pop(future.key)
                if future.status == "finished":
                    self._alone.difference_update(task.key for task in batch)
                    yield from result
                else:
                    yield from self._failed(batch, result, queue)
                del future, result
                if time.monotonic() - checked > 2.0:  # workers join and leave
                    threads, checked = _threads(client), time.monotonic()
                top_up()

    def _take(self, queue: TaskQueue, threads: int) -> list[Task]:
        """The next Dask task's files: an OCR page alone, else up to `files_per_task` files, fewer when the
        queue runs short, so that the last tasks still spread over every thread."""
        first = _anchored(queue.popleft())
        if first.page or first.key in self._alone:
            return [first]
        size = max(1, min(self.files_per_task, math.ceil(len(queue) / (2 * max(1, threads)))))
        batch = [first]
        while (
            len(batch) < size and (head := queue.peek()) is not None and not head.page and head.key not in self._alone
        ):
            batch.append(_anchored(queue.popleft()))
        return batch

    def _failed(self, batch: list[Task], error: Any, queue: TaskQueue) -> Iterator[Payload]:
        """A Dask task that did not finish: its workers kept dying, it was cancelled, or it raised."""
        from distributed import KilledWorker

        exc = error[1] if isinstance(error, tuple) and len(error) > 1 else error
        if isinstance(exc, WorkerMismatch):
            raise SolieuError("E540", str(exc))
        if isinstance(exc, InputsUnseen):
            raise SolieuError("E542", str(exc))
        if isinstance(exc, KilledWorker):
            if any(task.key not in self._alone for task in batch):  # which file did it? each alone, once more
                self._alone.update(task.key for task in batch)
                queue.extendleft(reversed(batch))
                return
            message = "the Dask workers running it died again and again (the file kills them, or they are killed)"
        else:
            message = f"the Dask task failed: {type(exc).__name__}: {exc}"
        for task in batch:
            self._alone.discard(task.key)
            yield failure_payload(task, "E602", message)

    @contextlib.contextmanager
    def _client(self) -> Iterator[Any]:
        """A client of the scheduler given, or of a LocalCluster started here (and stopped after)."""
        import dask
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                client = Client(self.scheduler, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError, ValueError) as exc:
                raise SolieuError("E541", f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc
            try:
                try:
                    client.wait_for_workers(1, timeout=WORKER_WAIT_S)
                except (TimeoutError, OSError) as exc:
                    raise SolieuError(
                        "E541",
                        f"no Dask worker joined the scheduler at {self.scheduler} within "
                        f"{WORKER_WAIT_S:g} s (start one: dask worker {self.scheduler})",
                    ) from exc
                yield client
            finally:
                client.close()
            return
        settings = {
            "dashboard_address": ":0" if _has_dashboard() else None,
            "silence_logs": logging.CRITICAL,
            **self.cluster_options,
        }
        # The sidecars are the workers' children, so a worker is no daemon (it exits with them regardless). One
        # task per worker thread at a time: when a worker dies, Dask counts every task it held against that task
        # (KilledWorker after `allowed-failures`), so a queued file would share the blame of the running one.
        with dask.config.set({"distributed.worker.daemon": False, "distributed.scheduler.worker-saturation": 1.0}):
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True, **settings)
        try:
            client = Client(cluster)
            try:
                yield client
            finally:
                client.close()
        finally:
            cluster.close()

    def _announce(self, client: Any) -> None:
        if not self.announce:
            return
        link = None
        with contextlib.suppress(Exception):
            if "dashboard" in client.scheduler_info().get("services", {}) and _has_dashboard():
                link = client.dashboard_link
        where = self.scheduler or f"a LocalCluster of {self.workers} worker processes"
        print(
            f"solieu: running on Dask ({where})" + (f"; dashboard {link}" if link else ""), file=sys.stderr, flush=True
        )


def _threads(client: Any) -> int:
    """The worker threads the scheduler knows of now (at least 1)."""
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:
        return 1


def _has_dashboard() -> bool:
    """Dask serves its dashboard only with bokeh installed."""
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


def _expected(options: WorkOptions, probe: str = "") -> WorkerCheck:
    """The rules version every worker must compute (the client's), and an input every worker must see."""
    from pipeline.run.cache_key import rules_version
    from pipeline.run.work import lexicon_for

    return WorkerCheck(
        rules_version(options.taxonomy_text, lexicon_version=lexicon_for(options).version), solieu_version(), probe
    )


def _anchored(task: Task) -> Task:
    """The task with the client's working folder, so a worker reads a relative path where the client meant it
    (the path the outputs name stays the one given)."""
    if task.cwd or is_url(task.path) or os.path.isabs(task.path):
        return task
    return replace(task, cwd=os.getcwd())


def _probe(queue: TaskQueue) -> str:
    """One input every worker must be able to see: an absolute local path, or a URL ('' when there is none)."""
    task = queue.peek()
    if task is None:
        return ""
    return task.path if is_url(task.path) else os.path.abspath(local_source(task.path, task.cwd))
