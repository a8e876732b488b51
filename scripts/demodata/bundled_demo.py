"""The bundled demo: four Yunnan parks, three cycles, written into data/<park>/<cycle>/."""

from __future__ import annotations

import random
from pathlib import Path

from .generation import generate_park
from .library import PARK_PROFILES, audit_metadata, load_coefficients
from .package_writer import write_package

DEMO_SEED = "parkaudit-demo-v1"
DEMO_CYCLES = [2023, 2024, 2025]


def park_rng(park_id: str, seed: str = DEMO_SEED) -> random.Random:
    """The one generator a park's data is drawn from: the seed and the park id, nothing else."""
    return random.Random(f"{seed}:{park_id}")


def make_demo(data_root: Path, cycles: list[int] = DEMO_CYCLES) -> list[Path]:
    """Write every demo park's packages under data_root (which holds schemas/ and reference/)."""
    coefficients = load_coefficients(data_root)
    written = []
    for park_id, profile in PARK_PROFILES.items():
        by_cycle = generate_park(park_rng(park_id), profile, cycles, profile["n_enterprises"],
                                 profile["industry_mix"], park_id=park_id, coefficients=coefficients)
        for cycle, tables in by_cycle.items():
            written.append(write_package(data_root, park_id, cycle, profile["park_name"], tables,
                                         metadata=audit_metadata(park_id, cycle)))
    return written
