"""The roster: who is in the park, with what stable traits (size, codes, individual factors)."""

from __future__ import annotations

import random

from .identities import make_name, make_uscc
from .library import ARCHETYPES
from .portable_math import jitter, lognormal


def allocate(counts: list[tuple[str, float]], n: int) -> list[str]:
    """Split n tail slots over archetypes by weight (largest remainder, deterministic)."""
    total = sum(w for _, w in counts)
    exact = [(k, n * w / total) for k, w in counts]
    out = {k: int(x) for k, x in exact}
    rest = n - sum(out.values())
    for k, x in sorted(exact, key=lambda kx: (-(kx[1] - int(kx[1])), kx[0]))[:rest]:
        out[k] += 1
    return [k for k, _ in counts for _ in range(out[k])]


def build_roster(rng: random.Random, profile: dict, n_enterprises: int, industry_mix) -> list[dict]:
    """Stable enterprise traits: id, name, codes, archetype, size, individual intensity factors."""
    base_year = profile["base_year"]
    specs = [dict(a) for a in profile.get("anchors", [])]
    n_active_anchors = sum(1 for a in specs if a.get("first_cycle", base_year) == base_year)
    n_tail = max(0, n_enterprises - n_active_anchors)
    for key in allocate(list(industry_mix), n_tail):
        # tail size: log-normal around the median, capped so that anchors stay dominant
        va = lognormal(rng, profile["tail_va_median"], profile["tail_va_sigma"])
        specs.append(dict(role=None, archetype=key, va=min(va, 14000.0)))
    for spec in specs:
        spec["va"] *= jitter(rng, 0.06)

    ids = list(range(1, len(specs) + 1))
    rng.shuffle(ids)  # ids follow registration order, not size: the biggest firm is not E001
    brands: set[str] = set()
    codes: set[str] = set()
    roster = []
    for spec, num in zip(specs, ids):
        arch = ARCHETYPES[spec["archetype"]]
        big = spec.get("big", False)
        category = "重点管理" if big else arch["category"]
        if not big and category == "重点管理" and spec["va"] < 2500:
            category = "简化管理"  # small plants of a key-managed industry are often simplified
        uscc = make_uscc(rng, profile["area_codes"], codes)
        if category in ("重点管理", "简化管理"):
            permit_no = uscc + "001P"
        else:  # registration-only firms: half hold a registration receipt number, half nothing
            permit_no = uscc + "001W" if rng.random() < 0.5 else ""
        mandatory = arch["mandatory"] and (big or category == "重点管理" or rng.random() < 0.5)
        first = spec.get("first_cycle", base_year)
        audit_from = _first_year(rng, first, profile["audit_rate"] if mandatory
                                 else profile.get("voluntary_audit_rate", 0.15), big)
        disclose_from = _first_year(rng, first, profile["disclose_rate"] if (mandatory or big)
                                    else profile.get("voluntary_disclose_rate", 0.3), big)
        roster.append(dict(
            enterprise_id=f"{profile['id_prefix']}{num:03d}",
            enterprise_name=make_name(rng, profile, arch, big, brands),
            uscc=uscc, permit_no=permit_no, permit_category=category,
            archetype=spec["archetype"], arch=arch, role=spec.get("role"), big=big,
            base_va=spec["va"],
            first_cycle=first, last_cycle=spec.get("last_cycle"),
            mandatory=mandatory, audit_from=audit_from, disclose_from=disclose_from,
            high_tech=rng.random() < arch["high_tech"],
            # individual deviation from the archetype, fixed for the enterprise's life
            f_energy=jitter(rng, 0.2), f_water=jitter(rng, 0.25), f_air=jitter(rng, 0.3),
            f_sw=jitter(rng, 0.25), f_conc=jitter(rng, 0.2), f_emp=jitter(rng, 0.2),
            mix=_perturbed_mix(rng, arch["mix"]),
            va_ratio=arch["va_ratio"] * jitter(rng, 0.08),
            reuse=min(0.985, arch["reuse"] * jitter(rng, 0.03)),
            sw_util=min(0.98, arch["sw_util"] * jitter(rng, 0.06)),
            uses_reclaimed=big or rng.random() < 0.3,
            pv=arch["pv"] and (big or rng.random() < 0.4),
        ))
    return sorted(roster, key=lambda e: e["enterprise_id"])


def _first_year(rng: random.Random, first_cycle: int, rate: float, big: bool) -> int | None:
    """From which year a yes/no attainment holds: most at the start, some later, some never."""
    x, lag = rng.random(), rng.choice([1, 2])  # always two draws: later draws do not depend on x
    if x < rate:
        return first_cycle
    if x < rate + (1 - rate) * (0.6 if big else 0.3):
        return first_cycle + lag
    return None


def _perturbed_mix(rng: random.Random, mix: dict[str, float]) -> dict[str, float]:
    shares = {k: v * jitter(rng, 0.12) for k, v in mix.items()}
    total = sum(shares.values())
    return {k: v / total for k, v in shares.items()}


def is_active(e: dict, cycle: int) -> bool:
    return e["first_cycle"] <= cycle and (e["last_cycle"] is None or cycle <= e["last_cycle"])
