"""Cleaner-production measures: which ones a park plans and when, how their status moves, what
they are expected to save and have achieved, and how that shows in the enterprises' data."""

from __future__ import annotations

from .enterprise_rows import AIR_POLLUTANTS, WATER_POLLUTANTS
from .library import (
    CANCELLED_PATH,
    CHAIN_MEASURES,
    DECIMALS,
    ENTERPRISE_MEASURES,
    GENERIC_ENTERPRISE_MEASURES,
    PARK_MEASURES,
    STATUS_PATHS,
)
from .portable_math import child_rng, r


def plan_measures(base: int, profile: dict, roster: list[dict], cycles: list[int],
                  years: dict[int, dict[str, dict]]) -> list[dict]:
    """Choose the measures and the cycle each is introduced in; ids stay the same across cycles."""
    rng = child_rng(base, "measures")
    first = cycles[0]
    base_metrics = years[first]
    # park-level templates the park can use, in a shuffled but fixed order
    park_pool = [m for m in PARK_MEASURES
                 if not m.get("needs") or profile["facilities"].get(m["needs"])]
    rng.shuffle(park_pool)
    chains = _chains_by_size(years[first])
    chain_pool = [(c, m) for c in chains for m in CHAIN_MEASURES.get(c, [])]
    # interleave chains so that each chain gets one before any gets two
    chain_pool.sort(key=lambda cm: CHAIN_MEASURES[cm[0]].index(cm[1]))
    # enterprise measures go to the biggest energy users and emitters first
    key_ents = sorted((e for e in roster if e["enterprise_id"] in base_metrics and e["last_cycle"] is None),
                      key=lambda e: -base_metrics[e["enterprise_id"]]["metrics"]["energy"])[:10]
    ent_pool = []
    # a permit exceedance in the first cycle is answered by a measure started that same year and
    # finished the next, which is what brings the emission down in the data
    for x in profile.get("permit_exceed", []):
        e = next(e for e in roster if e["role"] == x["role"])
        tmpl = next(m for m in ENTERPRISE_MEASURES[e["archetype"]] if m["target"] == x["pollutant"])
        ent_pool.append((e, dict(tmpl, path=["实施中", "已完成"])))
    for rank in range(4):
        for e in key_ents:
            own = ENTERPRISE_MEASURES.get(e["archetype"], [])
            generic = GENERIC_ENTERPRISE_MEASURES[(rank + key_ents.index(e)) % len(GENERIC_ENTERPRISE_MEASURES)]
            options = own + [generic]
            if rank < len(options) and (e["enterprise_id"], options[rank]["title"]) not in {
                    (pe["enterprise_id"], pm["title"]) for pe, pm in ent_pool}:
                ent_pool.append((e, options[rank]))

    planned, n = [], 0
    for cycle in cycles:
        n_park, n_chain, n_ent = profile["measure_plan"].get(cycle, (1, 1, 2))
        batch = [("园区", None, park_pool.pop(0)) for _ in range(min(n_park, len(park_pool)))]
        batch += [("产业链", c, m) for c, m in (chain_pool.pop(0) for _ in range(min(n_chain, len(chain_pool))))]
        batch += [("企业", e, m) for e, m in (ent_pool.pop(0) for _ in range(min(n_ent, len(ent_pool))))]
        for level, scope, tmpl in batch:
            n += 1
            planned.append(dict(measure_id=f"{profile['id_prefix']}-M{n:02d}", level=level, scope=scope,
                                tmpl=tmpl, intro=cycle))
    # a park may drop a planned measure (e.g. a market that did not materialise)
    first_batch = [m for m in planned if m["tmpl"]["cost_class"] == "中高费" and m["intro"] == first
                   and "path" not in m["tmpl"]]
    for m in first_batch[len(first_batch) - profile.get("cancelled", 0):]:
        m["cancel"] = True
    return planned


def _chains_by_size(year: dict[str, dict]) -> list[str]:
    size: dict[str, float] = {}
    for y in year.values():
        size[y["enterprises"]["chain"]] = size.get(y["enterprises"]["chain"], 0.0) + y["metrics"]["energy"]
    return sorted(size, key=lambda c: -size[c])


def measure_rows(base: int, profile: dict, planned: list[dict], cycle: int,
                 years: dict[int, dict[str, dict]]) -> list[dict]:
    """The measures as they stand in one cycle: status moves along its path; expected effects are
    fixed when introduced; achieved effects appear once work starts and are stable afterwards."""
    rows = []
    for m in planned:
        if m["intro"] > cycle:
            continue
        if m["level"] == "企业" and m["scope"]["enterprise_id"] not in years[cycle]:
            continue  # the enterprise has left the park
        tmpl, draws = m["tmpl"], measure_draws(base, m)
        status = status_in(m, draws, cycle)
        expected = _expected_effects(draws, m, years[m["intro"]])
        start, end = _measure_dates(draws, m["intro"], cycle)
        row = dict(
            measure_id=m["measure_id"], level=m["level"],
            enterprise_id=m["scope"]["enterprise_id"] if m["level"] == "企业" else None,
            chain=m["scope"] if m["level"] == "产业链" else None,
            title=tmpl["title"], measure_type=tmpl["measure_type"], cost_class=tmpl["cost_class"],
            target=tmpl["target"], investment=r(draws["invest"], 1),
            **{f"expected_{k}": v for k, v in expected.items()},
            status=status, start_date=start, end_date=end,
        )
        done_share = draws["done"].get(status)
        for k, v in expected.items():
            d = DECIMALS["measures"][f"achieved_{k}"]
            row[f"achieved_{k}"] = r(v * done_share, d) if done_share is not None and v is not None else None
        rows.append(row)
    return rows


def measure_draws(base: int, m: dict) -> dict:
    """Every random choice about one measure, drawn in a fixed order from its own generator, so
    that its rows in every cycle and its effect on the enterprise's data agree."""
    rng = child_rng(base, "measure", m["measure_id"])
    tmpl = m["tmpl"]
    path = CANCELLED_PATH if m.get("cancel") else tmpl.get("path") or rng.choice(STATUS_PATHS[tmpl["cost_class"]])
    start_month = rng.randint(1, 9)
    return dict(
        path=path,
        share=tmpl["effect"] * rng.uniform(0.8, 1.2),   # share of the metric saved when complete
        invest=rng.uniform(*tmpl["invest"]),
        start=(start_month, rng.randint(1, 28)),
        end=(rng.randint(start_month + 1, 12), rng.randint(1, 28)),
        done={"实施中": rng.uniform(0.3, 0.6), "已完成": rng.uniform(0.85, 1.1)},  # achieved / expected
    )


def status_in(m: dict, draws: dict, cycle: int) -> str:
    path = draws["path"]
    return path[min(cycle - m["intro"], len(path) - 1)]


# metrics an enterprise measure changes in its own data: the key in enterprise_year's `effects`
EFFECT_METRICS = {"energy", "water", "CO2", *WATER_POLLUTANTS, *AIR_POLLUTANTS}


def measure_effects(base: int, planned: list[dict], cycles: list[int]) -> dict[tuple[str, int], dict[str, float]]:
    """(enterprise id, cycle) -> {metric: multiplier}: what the enterprise's own measures have
    achieved so far, so that a completed 干熄焦 shows as lower energy use in the data."""
    effects: dict[tuple[str, int], dict[str, float]] = {}
    for m in planned:
        if m["level"] != "企业" or m["tmpl"]["target"] not in EFFECT_METRICS:
            continue
        draws = measure_draws(base, m)
        for cycle in cycles:
            done = draws["done"].get(status_in(m, draws, cycle)) if cycle >= m["intro"] else None
            if done is not None:
                key = (m["scope"]["enterprise_id"], cycle)
                metric = m["tmpl"]["target"]
                factor = max(0.0, 1.0 - draws["share"] * done)
                effects.setdefault(key, {})[metric] = effects.get(key, {}).get(metric, 1.0) * factor
    return effects


def _expected_effects(draws: dict, m: dict, year: dict[str, dict]) -> dict:
    """Savings sized on the scope's metric in the cycle the measure was planned."""
    target = m["tmpl"]["target"]
    if m["level"] == "企业":
        scope = [year[m["scope"]["enterprise_id"]]]
    elif m["level"] == "产业链":
        scope = [y for y in year.values() if y["enterprises"]["chain"] == m["scope"]]
    else:
        scope = list(year.values())
    total = lambda key: sum(y["metrics"].get(key, 0.0) for y in scope)  # noqa: E731
    share = draws["share"]
    energy = water = pollutant = co2 = None
    if target == "energy":
        energy = total("energy") * share
        co2 = energy * 2.5  # mostly coal-type fuel saved
    elif target == "water":
        water = total("water") * share
    elif target == "CO2":
        co2 = total("CO2") * share
    elif target in ("solid_waste", "hazardous_waste"):
        pollutant = total(target) * share  # waste newly utilised instead of stored or disposed
    elif target != "management":
        pollutant = total(target) * share
        if target == "COD" and m["level"] != "企业":
            water = total("water") * share * 0.3  # collection fixes also stop leaks
    benefit = (energy or 0) * 0.09 + (water or 0) * 0.00045 + (co2 or 0) * 0.006 + \
        ((pollutant or 0) * 0.002 if target in ("solid_waste", "hazardous_waste") else 0.0)
    return dict(
        energy_saving=r(energy, 1), water_saving=r(water, 0), pollutant_reduction=r(pollutant, 3),
        co2_reduction=r(co2, 1), economic_benefit=r(benefit, 1) if benefit else None,
    )


def _measure_dates(draws: dict, intro: int, cycle: int):
    """start_date once work starts; end_date = completion (or planned completion while running)."""
    path = draws["path"]
    start_year = next((intro + i for i, s in enumerate(path) if s in ("实施中", "已完成")), None)
    done_year = next((intro + i for i, s in enumerate(path) if s == "已完成"), None)
    (start_month, start_day), (end_month, end_day) = draws["start"], draws["end"]
    status = path[min(cycle - intro, len(path) - 1)]
    if status in ("计划", "已取消") or start_year is None:
        return None, None
    start = f"{start_year}-{start_month:02d}-{start_day:02d}"
    end_year = done_year if done_year is not None else start_year + 2
    return start, f"{end_year}-{end_month:02d}-{end_day:02d}"
