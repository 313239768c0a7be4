"""disclosure-lint: is this paid content, and does it say so?"""

__version__ = "0.1.0"
