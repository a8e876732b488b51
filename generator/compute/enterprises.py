"""Key enterprises (重点企业), industry-chain aggregates and rankings within industries.

Key enterprises follow method.md §5 (the 80 % rule), a ParkAudit design choice stated on the site:

- for each metric in the configuration (indicators.yaml `key_enterprises.metrics`), the
  enterprises that report a value are sorted by value, descending (ties in enterprise-id order);
- the park total is the sum of the reported values (the same rule as the park variable); when it
  is missing or not positive, the metric selects nobody;
- the metric selects the shortest prefix whose cumulative value reaches the share (80 %) of the
  total, compared exactly in decimal arithmetic; every enterprise whose value equals the value at
  the cut-off is selected too (ties at the cut-off are all included);
- the key list is the union over metrics; each key enterprise lists the metrics that selected it,
  with its value and its share of the park total;
- when `include_mandatory_audit` is true, enterprises on the mandatory audit list
  (强制性清洁生产审核名单) are added, marked `mandatory_audit` in `reasons`; an enterprise can be
  both.

The key list is ordered by enterprise id. Shares are fractions of 1, rounded to 6 decimals for
presentation (selection uses the exact values).

Chains: enterprises are grouped by their `chain` column; indicators.yaml `chains` declares which
totals, intensities and shares are given. Totals per chain follow the park rule (missing only when
no enterprise of the chain reports); an intensity is one chain total × a factor over another
(missing when either is missing or the denominator is zero); a share is the chain total over the
park's.

Rankings: within each industry (the first three characters of the GB/T 4754 code, i.e. section
letter + division), enterprises are ranked by energy intensity (tce per 10^4 CNY output value) and
by each pollutant's intensity (kg per 10^4 CNY output value), lowest first; equal values share a
rank (1, 2, 2, 4); an enterprise without the value (or with no output value) is unranked.
Pollutants are not added up into one number: they are ranked one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# What compute can produce; which of it is used, in which order and with which labels is declared
# in indicators.yaml (checked against these names when the file is loaded, then handed here as the
# plain dataclasses below).

# Per-enterprise metrics (columns of CycleData.enterprises) that key-enterprise selection can use.
ENTERPRISE_METRICS: tuple[str, ...] = (
    "energy_tce", "fresh_water", "cod", "nh3n", "tn", "tp", "so2", "nox", "pm", "vocs", "gsw_generated", "hw_generated", "co2",
)

# Enterprise columns that chain_aggregates can total per chain: the enterprise metrics and the
# enterprise's own value added and output value.
CHAIN_COLUMNS: tuple[str, ...] = ("value_added", "output_value") + ENTERPRISE_METRICS


@dataclass(frozen=True)
class KeyEnterpriseConfig:
    """indicators.yaml `key_enterprises`: the metrics of the 80 % rule, in order, and the share."""

    metrics: tuple[str, ...]
    share: Decimal
    include_mandatory_audit: bool


@dataclass(frozen=True)
class ChainIntensity:
    """A chain intensity: numerator × factor / denominator, both chain totals (factor converts
    units, e.g. 1000 for t → kg)."""

    id: str
    numerator: str
    denominator: str
    factor: Decimal = Decimal(1)


@dataclass(frozen=True)
class ChainConfig:
    """indicators.yaml `chains`: totals per chain, intensities over them, and the totals whose
    share of the park is given (named `<total>_share`); in this order in chains.csv."""

    totals: tuple[str, ...]
    intensities: tuple[ChainIntensity, ...]
    shares: tuple[str, ...]

    @property
    def share_names(self) -> tuple[str, ...]:
        return tuple(f"{col}_share" for col in self.shares)


@dataclass
class MetricSelection:
    metric: str
    total: Decimal | None
    selected: list[str] = field(default_factory=list)
    cutoff_value: Decimal | None = None
    cumulative_share: Decimal | None = None
    reason: str | None = None


@dataclass
class KeyEnterprises:
    config: KeyEnterpriseConfig
    by_metric: list[MetricSelection]
    # enterprise id → {"reasons": [...], "metrics": {metric: (value, share)}}
    members: dict[str, dict]

    @property
    def ids(self) -> list[str]:
        return sorted(self.members)


def _d(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(repr(float(x)))


def select_metric(values: dict[str, Decimal | float | None], share: Decimal, metric: str = "") -> MetricSelection:
    """The 80 % rule for one metric. `values` maps enterprise id → value (None = not reported)."""
    reported = {k: _d(v) for k, v in values.items() if v is not None}
    if not reported:
        return MetricSelection(metric, None, reason="无企业报送 / no enterprise reports this metric")
    total = sum(reported.values(), Decimal(0))
    if total <= 0:
        return MetricSelection(metric, total, reason="园区合计为零 / the park total is zero")
    order = sorted(reported.items(), key=lambda kv: (-kv[1], kv[0]))
    target = total * share
    cum = Decimal(0)
    cut = None
    for i, (_, v) in enumerate(order):
        cum += v
        if cum >= target:
            cut = i
            break
    assert cut is not None  # the full list reaches the total
    cutoff_value = order[cut][1]
    selected = [k for k, _ in order[: cut + 1]]
    for k, v in order[cut + 1 :]:
        if v == cutoff_value:
            selected.append(k)
            cum += v
        else:
            break
    return MetricSelection(metric, total, selected, cutoff_value, cum / total)


def select_key_enterprises(
    metrics: dict[str, dict[str, Decimal | float | None]],
    mandatory: set[str],
    config: KeyEnterpriseConfig,
) -> KeyEnterprises:
    """`metrics[metric][enterprise_id]` → value; `mandatory` = ids on the mandatory audit list."""
    by_metric = []
    members: dict[str, dict] = {}
    for metric in config.metrics:
        values = metrics.get(metric, {})
        sel = select_metric(values, config.share, metric)
        by_metric.append(sel)
        for eid in sel.selected:
            m = members.setdefault(eid, {"reasons": [], "metrics": {}})
            m["reasons"].append(metric)
            v = _d(values[eid])
            m["metrics"][metric] = (v, v / sel.total)
    if config.include_mandatory_audit:
        for eid in sorted(mandatory):
            m = members.setdefault(eid, {"reasons": [], "metrics": {}})
            m["reasons"].append("mandatory_audit")
    return KeyEnterprises(config, by_metric, dict(sorted(members.items())))


def round_decimal(x: Decimal | float | None, places: int) -> float | None:
    if x is None:
        return None
    q = _QUANTUM.get(places)
    if q is None:
        q = _QUANTUM[places] = Decimal(1).scaleb(-places)
    if x.__class__ is not Decimal:  # values from compute are Decimals already
        x = _d(x)
    return float(x.quantize(q, ROUND_HALF_UP))  # positional: a keyword costs more, per cell of score.json


_QUANTUM: dict[int, Decimal] = {}  # places → 10^-places; round_decimal runs for every cell of score.json


def _ratio(num, den, scale=1):
    if num is None or den is None or den == 0:
        return None
    return _d(num) * scale / _d(den)


def chain_aggregates(enterprises: list[dict], park_totals: dict[str, Decimal | None], config: ChainConfig) -> list[dict]:
    """One entry per chain (sorted by chain name). `enterprises` rows carry `chain` and metrics;
    `park_totals` holds the park value of every total in `config.shares`."""
    chains: dict[str, list[dict]] = {}
    for e in enterprises:
        chains.setdefault(e.get("chain") or "(未分类)", []).append(e)
    out = []
    for name in sorted(chains):
        rows = chains[name]
        totals = {}
        for col in config.totals:
            vals = [_d(r[col]) for r in rows if r.get(col) is not None]
            totals[col] = sum(vals, Decimal(0)) if vals else None
        intens = {i.id: _ratio(totals[i.numerator], totals[i.denominator], i.factor) for i in config.intensities}
        shares = {f"{col}_share": _ratio(totals[col], park_totals.get(col)) for col in config.shares}
        out.append(
            {
                "chain": name,
                "n_enterprises": len(rows),
                "enterprise_ids": sorted(r["enterprise_id"] for r in rows),
                "totals": {k: round_decimal(v, 6) for k, v in totals.items()},
                "intensities": {k: round_decimal(v, 6) for k, v in intens.items()},
                "shares": {k: round_decimal(v, 6) for k, v in shares.items()},
            }
        )
    return out


# Rankings are compute's own (not declared in indicators.yaml): energy and these pollutants, one by one.
_RANKED_POLLUTANTS = ("cod", "nh3n", "so2", "nox", "pm", "vocs")


def _competition_ranks(items: list[tuple[str, Decimal | None]]) -> dict[str, int | None]:
    ranked = sorted(((v, k) for k, v in items if v is not None))
    ranks: dict[str, int | None] = {k: None for k, v in items if v is None}
    prev_v, prev_rank = None, 0
    for i, (v, k) in enumerate(ranked, start=1):
        if v != prev_v:
            prev_rank, prev_v = i, v
        ranks[k] = prev_rank
    return ranks


def industry_rankings(enterprises: list[dict]) -> list[dict]:
    """Per industry (first 3 chars of the GB/T 4754 code), ranks by intensity per output value."""
    groups: dict[str, list[dict]] = {}
    for e in enterprises:
        code = (e.get("industry_code") or "")[:3] or "(无)"
        groups.setdefault(code, []).append(e)
    out = []
    for code in sorted(groups):
        rows = sorted(groups[code], key=lambda r: r["enterprise_id"])
        intens = {}
        for r in rows:
            ov = r.get("output_value")
            ent = {"energy_intensity": _ratio(r.get("energy_tce"), ov)}
            for p in _RANKED_POLLUTANTS:
                ent[f"{p}_intensity"] = _ratio(r.get(p), ov, 1000)
            intens[r["enterprise_id"]] = ent
        ranks = {}
        for key in ["energy_intensity"] + [f"{p}_intensity" for p in _RANKED_POLLUTANTS]:
            ranks[key] = _competition_ranks([(eid, intens[eid][key]) for eid in intens])
        entries = []
        for r in rows:
            eid = r["enterprise_id"]
            entries.append(
                {
                    "enterprise_id": eid,
                    "enterprise_name": r.get("enterprise_name"),
                    "industry_code": r.get("industry_code"),
                    "output_value": round_decimal(r.get("output_value"), 6),
                    "intensities": {k: round_decimal(v, 6) for k, v in intens[eid].items()},
                    "ranks": {k: ranks[k][eid] for k in ranks},
                }
            )
        entries.sort(key=lambda x: (x["ranks"]["energy_intensity"] is None, x["ranks"]["energy_intensity"] or 0, x["enterprise_id"]))
        out.append(
            {
                "industry": code,
                "industry_names": sorted({r.get("industry_name") or "" for r in rows}),
                "n_enterprises": len(rows),
                "enterprises": entries,
            }
        )
    return out
