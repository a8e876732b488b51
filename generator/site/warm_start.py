"""`python -m generator.site.warm_start ARGS…`: `mkdocs ARGS…`, started before its pages are ready.

Why: starting MkDocs (Python importing MkDocs, the theme, the Markdown extensions and the
plugins, and reading mkdocs.yml) took ~0.4 s of a one-park rebuild's ~1.3 s site stage, while the
second core idled during the park's own work. `parkaudit build` starts this process first
(generator/site/mkdocs.py: start_site), and it loads what does not depend on the pages, then
waits: the line "go" on its input runs `mkdocs ARGS…` exactly as `python -m mkdocs` would (the
configuration is read again then, so nothing loaded early decides anything); anything else,
end of input included (the build stopped before its site), ends it having written nothing.
"""

from __future__ import annotations

import logging
import os
import sys


def main(argv: list[str]) -> int:
    from mkdocs.__main__ import cli
    from mkdocs.config import load_config

    config_file = argv[argv.index("-f") + 1] if "-f" in argv[:-1] else None
    logging.disable(logging.CRITICAL)  # what the early read finds, the real one reports
    try:
        load_config(config_file=config_file)  # imports the theme, the extensions and the plugins
    except Exception:  # noqa: BLE001 - the real run, after "go", reports it
        pass
    finally:
        logging.disable(logging.NOTSET)
    if sys.stdin.readline().strip() != "go":
        return 0
    try:
        cli.main(args=argv, prog_name="mkdocs")
    except SystemExit as done:  # MkDocs' own status (click exits, in standalone mode, on success too)
        if done.code not in (0, None):
            raise
    # MkDocs has written and closed every file: leave without tearing down the interpreter (freeing
    # the build's objects one by one took ~0.1 s of a one-park rebuild's site stage)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
