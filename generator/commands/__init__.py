"""Subcommands of `parkaudit`, one module each (see generator/cli.py)."""
