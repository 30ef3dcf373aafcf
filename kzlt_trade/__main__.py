"""``python -m kzlt_trade`` runs the command-line interface."""

from kzlt_trade.cli import main

raise SystemExit(main())
