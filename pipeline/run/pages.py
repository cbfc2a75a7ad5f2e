"""The run's OCR page stage: a scanned PDF's pages spread over every worker, each page cached in the store.

OCR costs seconds a page, so a 40-page scan read by one worker keeps the others idle for
minutes. `PagedExecutor` wraps any executor (the pool, serial, Dask) and turns such a file
into several units of work, on the same executor and through the same contract:

1. the file's task reads the PDF and judges every page as always; when pages need OCR it
   answers with a plan naming them (`PagePlanPayload`), not with a result;
2. each of those pages whose result the store does not hold (by the file's bytes, the page and
   the OCR engine, `readers.ocr_pages.page_cache_key`) becomes a task of its own, queued ahead of
   the files still waiting, so every free worker takes one; each result is cached as it arrives;
3. when the last page is in, the file's task runs again with its pages' results and extracts
   the document once: the same records as an inline read. The OCR seconds of its pages are
   added to its timings.

A page whose task times out (E601) or kills its worker (E602), or whose file can no longer be
read, fails its file with that code and the page's number; its other pages stay cached. The
progress bar counts pages with files. The store is the parent's alone: page results are kept
with the batch commits, so a run killed midway resumes with the pages it had.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.outputs.records import Payload, unpack
from pipeline.readers.ocr_options import OcrOptions
from pipeline.readers.ocr_pages import cacheable, dump_page, load_page, page_cache_key
from pipeline.run.executors import Executor, TaskQueue
from pipeline.run.store import Store
from pipeline.run.work import PagePayload, PagePlanPayload, Task, WorkOptions, failure_payload

PAGE_KEY = "#page"  # a page task's key: its file's key, this, the page number


@dataclass
class _Scan:
    """A file waiting for its OCR pages."""

    task: Task
    sha256: str
    missing: set[int]
    pages: dict[int, Any] = field(default_factory=dict)  # number → OcrPage
    seconds: float = 0.0


class PagedExecutor:
    """An executor whose PDF files have their OCR pages run as tasks of their own (see the module)."""

    def __init__(self, inner: Executor, store: Store, progress: Any = None) -> None:
        self.inner = inner
        self.store = store
        self.progress = progress
        self.pages_run = 0  # pages OCRed by this run (for its report)
        self.pages_reused = 0  # pages taken from the store

    def map(self, tasks: Iterable[Task], options: WorkOptions) -> Iterator[Payload]:
        options = replace(options, ocr_units=True)
        ocr = OcrOptions(mode=options.ocr, timeout_s=options.ocr_timeout)  # type: ignore[arg-type]
        files: dict[str, Task] = {}  # file key → its task, from when it is taken until its result is out
        queue = TaskQueue(_noted(tasks, files), total=len(tasks) if isinstance(tasks, Sized) else None)
        scans: dict[str, _Scan] = {}  # file key → the file waiting for pages
        page_tasks: dict[str, tuple[str, int]] = {}  # page task key → (file key, page number)
        for payload in self.inner.map(queue, options):
            if isinstance(payload, PagePlanPayload):
                self._plan(payload, files[payload.key], ocr, options, queue, scans, page_tasks)
            elif payload.key in page_tasks:
                file_key, number = page_tasks.pop(payload.key)
                if self.progress is not None:
                    self.progress.advance()
                failed = self._page(payload, number, ocr, options, scans.get(file_key), queue)
                if failed is not None:
                    del scans[file_key]
                    files.pop(file_key, None)
                    yield failed
            else:
                files.pop(payload.key, None)
                scan = scans.pop(payload.key, None)
                if scan is not None and scan.seconds:
                    payload.timings["ocr"] = payload.timings.get("ocr", 0.0) + scan.seconds
                yield payload

    def _plan(
        self,
        plan: PagePlanPayload,
        file_task: Task,
        ocr: OcrOptions,
        options: WorkOptions,
        queue: TaskQueue,
        scans: dict[str, _Scan],
        page_tasks: dict[str, tuple[str, int]],
    ) -> None:
        """A file's pages: those the store holds are taken, the others queued first, one task each."""
        scan = _Scan(file_task, plan.sha256, set())
        for number in plan.pages:
            page = self._cached(page_cache_key(plan.sha256, number, ocr, plan.engine), options.ocr_timeout)
            if page is not None:
                scan.pages[number] = page
            else:
                scan.missing.add(number)
        self.pages_reused += len(scan.pages)
        if self.progress is not None:
            self.progress.add_pages(len(plan.pages), done=len(scan.pages))
        scans[plan.key] = scan
        for number in sorted(scan.missing, reverse=True):  # ahead of the files waiting, in page order
            key = f"{plan.key}{PAGE_KEY}{number}"
            page_tasks[key] = (plan.key, number)
            queue.appendleft(replace(file_task, key=key, page=number, sha256=plan.sha256))
        if not scan.missing:
            queue.appendleft(_with_pages(scan))

    def _cached(self, key: str, ocr_timeout: float) -> Any:
        blob = self.store.get_page(key, ocr_timeout)
        if blob is None:
            return None
        try:
            return load_page(blob)
        except ValueError:  # a damaged entry is a cache miss: the page is OCRed again and replaced
            return None

    def _page(
        self,
        payload: Payload,
        number: int,
        ocr: OcrOptions,
        options: WorkOptions,
        scan: _Scan | None,
        queue: TaskQueue,
    ) -> Payload | None:
        """Keep one page's result; the file's failure when the page failed (None otherwise)."""
        if not isinstance(payload, PagePayload):
            return None if scan is None else _file_failure(scan.task, payload, number)
        page = payload.page
        self.pages_run += 1
        if cacheable(page):
            self.store.put_page(
                page_cache_key(payload.sha256, number, ocr, payload.engine),
                page.image_hash,
                options.ocr_timeout if page.timed_out else None,
                dump_page(page),
            )
        if scan is None:  # its file already failed on another page
            return None
        scan.pages[number] = page
        scan.missing.discard(number)
        scan.seconds += page.seconds
        if not scan.missing:
            queue.appendleft(_with_pages(scan))
        return None


def _noted(tasks: Iterable[Task], files: dict[str, Task]) -> Iterator[Task]:
    """`tasks` as they are taken, each noted in `files` (a scan's plan comes back with its key only)."""
    for task in tasks:
        files[task.key] = task
        yield task


def _with_pages(scan: _Scan) -> Task:
    """The file's task again, with its pages' results: it extracts the document."""
    pages = tuple(scan.pages[number] for number in sorted(scan.pages))
    return replace(scan.task, sha256=scan.sha256, ocr_pages=pages)


def _file_failure(task: Task, page_payload: Payload, number: int) -> Payload:
    """The file's error when one of its pages failed: the page's code, its message with the page number."""
    chunk = page_payload.chunk if page_payload.chunk is not None else unpack(page_payload.blob)
    record = json.loads(chunk.errors) if chunk.errors else {}
    message = str(record.get("message", "")).removeprefix(f"{task.doc_id}: ")
    code = page_payload.error_code or "E603"
    stage = record.get("stage", "worker")
    return failure_payload(task, code, f"page {number}: {message}", stage, timeout_s=page_payload.timeout_s)
