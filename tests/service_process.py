"""`disclosure-lint serve` as a real process on 127.0.0.1 for tests and benchmarks: started on a
free port, its address read from the line it prints, stopped by its process id."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from dataclasses import dataclass


@dataclass
class Service:
    process: subprocess.Popen
    url: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


def start_service(*args: str, env: dict[str, str] | None = None, wait: float = 60) -> Service:
    process = subprocess.Popen([sys.executable, "-m", "disclosure_lint", "serve", "--port", "0", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    assert process.stderr is not None
    ready, _, _ = select.select([process.stderr], [], [], wait)
    line = process.stderr.readline().decode("utf-8", "replace") if ready else ""
    if "serving on " not in line:
        process.kill()
        rest = process.stderr.read().decode("utf-8", "replace")
        raise RuntimeError(f"the service did not start: {line}{rest}")
    url = line.split("serving on ", 1)[1].split()[0]
    return Service(process, url)
