"""`python -m disclosure_lint` runs the command line."""

from disclosure_lint.cli import main

raise SystemExit(main())
