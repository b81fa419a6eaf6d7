"""``python -m incidents``: the Incident Atlas command line."""
from .cli import main

raise SystemExit(main())
