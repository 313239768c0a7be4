"""argparse value types shared by every option group: each turns a bad value into a one-line usage
error that says what was expected, so `--timeout nan` or `--jobs 0` never reaches the code."""

from __future__ import annotations

import argparse
import math


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or math.isinf(value):  # `not >` also refuses nan
        raise argparse.ArgumentTypeError(f"{text!r} must be a number more than 0")
    return value


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 or more")
    return value


def positive_int(text: str) -> int:
    value = count(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0")
    return value
