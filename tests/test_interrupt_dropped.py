"""A Ctrl-C that Python drops where it was raised (inside a weakref callback, whose exceptions are only
"ignored") leaves no traceback on stderr: the run notes it and says so in its one line. Other
exceptions dropped there are still printed."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import gc, os, signal, sys, weakref
from disclosure_lint import interrupts

interrupts.release_start()

class Thing:
    pass

def {name}(ref):
    {body}

thing = Thing()
ref = weakref.ref(thing, {name})
del thing
gc.collect()
print("seen" if interrupts.seen() else "not seen")
"""


def run(name: str, body: str) -> subprocess.CompletedProcess:
    code = SCRIPT.format(name=name, body=body)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_a_ctrl_c_dropped_in_a_weakref_callback_is_noted_without_a_traceback() -> None:
    done = run("on_collect", "os.kill(os.getpid(), signal.SIGINT); [0 for _ in range(10000)]")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "seen"
    assert done.stderr == ""


def test_another_exception_dropped_there_is_still_printed() -> None:
    done = run("on_collect", "raise ValueError('broken callback')")
    assert done.stdout.strip() == "not seen"
    assert "Exception ignored" in done.stderr and "broken callback" in done.stderr
