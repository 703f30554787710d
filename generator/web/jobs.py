"""Bundles built in the background for the web page: one build per plan at a time, its progress (documents done
of all, then the PDF stage) read by the page every second; the build itself is ``build.build_plan``, the
CLI's, so the bundle is the same bytes."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..build import build_plan
from ..errors import KehoachError, PlanError

WRITING = "đang ghi các tệp"
PDF = "đang xuất PDF bằng LibreOffice"


@dataclass
class Job:
    """One build: what the progress page shows."""

    name: str
    pdf: bool
    done: int = 0
    total: int = 0
    current: str = ""  # the document just made
    phase: str = "đang tạo văn bản"
    started: float = field(default_factory=time.monotonic)
    finished: bool = False
    failed: list[str] = field(default_factory=list)  # the reasons, in the CLI's words
    status: int = 0  # the HTTP status of a failure (422: the plan has errors; 409: the bundle was not written)

    def tick(self, done: int, total: int, current: str) -> None:
        self.done, self.total, self.current = done, total, current
        if done == total:
            self.phase = PDF if self.pdf else WRITING

    @property
    def seconds(self) -> int:
        return int(time.monotonic() - self.started)

    def as_dict(self) -> dict[str, object]:
        return {"done": self.done, "total": self.total, "current": self.current, "phase": self.phase,
                "seconds": self.seconds, "finished": self.finished, "failed": self.failed}


class Builds:
    """The builds of one served folder, by plan name."""

    def __init__(self, out_root: Path) -> None:
        self.out_root = out_root
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()

    def start(self, path: Path, pdf: bool) -> Job:
        """The plan's running build, or a new one started."""
        with self.lock:
            job = self.jobs.get(path.stem)
            if job is not None and not job.finished:
                return job
            job = self.jobs[path.stem] = Job(path.stem, pdf)
        threading.Thread(target=self._run, args=(job, path), name=f"kehoach-build-{path.stem}", daemon=True).start()
        return job

    def _run(self, job: Job, path: Path) -> None:
        try:
            build_plan(path, self.out_root, pdf=job.pdf, progress=job.tick)
        except PlanError as exc:
            job.failed, job.status = [str(i) for i in exc.issues], 422
        except KehoachError as exc:
            job.failed, job.status = [str(exc)], 409
        except Exception as exc:  # never a silent thread death: the page says it, the bundle is untouched
            job.failed, job.status = [f"lỗi không lường trước khi tạo bộ văn bản: {type(exc).__name__}"], 500
        finally:
            job.finished = True

    def get(self, name: str) -> Job | None:
        return self.jobs.get(name)
