"""``python -m kgbuild``."""

from kgbuild.cli import main

raise SystemExit(main())
