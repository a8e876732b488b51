"""Generate the bundled demo data: four real Yunnan parks, three audit cycles, fictional figures.

The park names, catalogue codes, types, approval dates, areas and leading industries come from the
2018 national catalogue of development zones (../shared/domain/yunnan_parks_2018.csv). Everything
else -- the enterprises, their names and codes, and every audit figure -- is invented. The numbers
are shaped to be plausible for each industry (magnitudes, intensities, balances) and to improve from
cycle to cycle, so that every later stage (validate, compute, score, render, diff) has something
realistic to show, including a few deliberate gaps.

    python scripts/make_demo_data.py [--data-root data]

The generator is the package scripts/demodata/ (code) with its literal inputs in
scripts/demodata/tables/ (archetypes, measures, park profiles, ...). Output is deterministic: the
same command writes the same bytes, and tests/project/test_demo_data.py checks that data/ is what
this script writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

try:
    import generator  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import demodata  # noqa: E402  (scripts/ is on sys.path: this file's folder)
from generator.core import schemas_dir  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", type=Path, default=Path("data"),
                        help="folder holding schemas/ and reference/ (default: data)")
    args = parser.parse_args(argv)
    if not (schemas_dir(args.data_root)).is_dir():
        print(f"错误：{args.data_root}/schemas 不存在 / error: {args.data_root}/schemas not found", file=sys.stderr)
        return 2
    for path in demodata.make_demo(args.data_root):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
