"""CLI commands that live in modules of their own; importing this package registers them on
``kgbuild.cli.app`` (imported at the end of kgbuild/cli.py)."""

from importlib import import_module
from pkgutil import iter_modules

for _module in sorted(m.name for m in iter_modules(__path__)):
    import_module(f"{__name__}.{_module}")
