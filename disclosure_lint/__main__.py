"""`python -m disclosure_lint` and the `disclosure-lint` command: the command line, with Ctrl-C
held from the first line (interrupts.py), so that whenever it comes the run ends cleanly."""

from disclosure_lint import interrupts


def entry() -> int:
    interrupts.hold_from_start()
    try:
        from disclosure_lint.cli import main

        code = main()
    except KeyboardInterrupt:  # before the run could report it itself
        code = interrupts.say_interrupted()
    finally:
        interrupts.ignore_from_now()
    if code == interrupts.EXIT_INTERRUPTED:
        interrupts.exit_now(code)
    return code


if __name__ == "__main__":
    raise SystemExit(entry())
