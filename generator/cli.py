"""`parkaudit` command line. Each subcommand is a module in generator/commands/ exposing
`NAME`, `HELP`, `add_arguments(parser)` and `run(args) -> int`; the CLI finds them itself, so a new
stage adds a module and touches nothing here.

Exit status: 0 success, 1 the data or the result has errors, 2 unusable arguments.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from generator import __version__, commands


def _command_modules():
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{commands.__name__}.{info.name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parkaudit",
        description="产业园区清洁生产审核发布工具 / publish industrial-park cleaner-production audits",
    )
    parser.add_argument("--version", action="version", version=f"parkaudit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    return int(args._run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
