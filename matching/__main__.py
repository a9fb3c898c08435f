"""``python -m matching``: the matching engine's command line (see matching/cli.py)."""

from matching.cli import main

raise SystemExit(main())
