"""`python -m xlpuzzel` runs the CLI."""

from xlpuzzel.cli import main

raise SystemExit(main())
