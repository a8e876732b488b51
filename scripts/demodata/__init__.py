"""The demo-data generator: plausible, fictional audit data for real or invented parks.

The literal inputs -- enterprise archetypes, measure templates, the demo park profiles, combustion
factors, decimals per column -- are files in tables/ (see tables/README.md), read by `library`.
The code is split by what it makes:

    portable_math     seeded draws per purpose, rounding; no libm, so bytes match everywhere
    identities        valid USCCs and invented enterprise names
    roster            who is in a park, with what stable traits
    enterprise_rows   one enterprise in one year: its rows of every enterprise table
    park_rows         the park and park_facilities rows, steam sold inside the park
    measures          the measures: planned, progressing, and their effect on the data
    generation        one park, every cycle: generate_park
    package_writer    rows to CSV, one package written atomically: table_csv, write_package
    bundled_demo      the three demo parks written into data/: make_demo

Output is deterministic: every random draw comes from a `random.Random` seeded from the park id
and a fixed key, never from the global generator or the clock.

scripts/make_demo_data.py is the command line for the bundled demo; scripts/make_synthetic_data.py
builds national-scale load-test data from the same functions: `generate_park(rng, profile, cycles,
n_enterprises, industry_mix)` builds every table for every cycle of one park from a profile and
the archetype library `ARCHETYPES`, and `write_package(data_root, park_id, cycle, park_name,
tables)` writes one package.
"""

from .bundled_demo import DEMO_CYCLES, DEMO_SEED, make_demo, park_rng
from .generation import generate_park
from .library import (
    ARCHETYPES,
    BRAND_FIRST,
    BRAND_SECOND,
    ENTERPRISE_MEASURES,
    PARK_PROFILES,
    TABLES_DIR,
    load_coefficients,
)
from .package_writer import format_cell, table_csv, write_package
from .portable_math import lognormal

__all__ = [
    "ARCHETYPES", "BRAND_FIRST", "BRAND_SECOND", "DEMO_CYCLES", "DEMO_SEED", "ENTERPRISE_MEASURES",
    "PARK_PROFILES", "TABLES_DIR", "format_cell", "generate_park", "load_coefficients", "lognormal",
    "make_demo", "park_rng", "table_csv", "write_package",
]
