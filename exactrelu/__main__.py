"""``python -m exactrelu`` is the ``exactrelu`` command."""

from .cli import main

raise SystemExit(main())
