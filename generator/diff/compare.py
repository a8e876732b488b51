"""The diff stage's comparison: what changed, in audit terms, between two scored park-cycles.

Plain functions over plain data, so that the CLI (`parkaudit diff`, through sources.py) and the
site ("changes since the previous cycle") share one comparison; markdown.py says it in words.

- `diff_results(old, new, ...) -> dict`: two score.json documents (generator.score) of one
  park, plus, optionally, each side's improvement measures (rows of measures.csv) and validation
  findings (generator.validate Finding.to_dict()). The result lists only what changed: grade and
  Y_I/Y_II/Y_III of each graded system; pass/fail and the unmet list of each compliance system
  (HJ 274); every indicator whose published value, state, level or compliance status changed;
  key enterprises added or removed (with their metrics) or selected on other grounds; measures
  added, removed or with a new status; validation findings added or removed.
- `headline(doc)`: the results of a package that exists on one side only (a new cycle);
  `one_sided(...)` the entry for such a package.
- `report(...)` wraps the pair diffs of many parks.

Published values are compared, not raw floats: an indicator's `display` (rounded once by its
precision), the published indices (`indices_display`), levels and statuses, so that what the diff
reports is what a reader of the report would see change.

Order is deterministic: indicators in the order of the indicator systems (systems by id, then
categories/groups and their indicators as listed), enterprises and measures by id, findings by
file, row, field and code.
"""

from __future__ import annotations

from generator import __version__

FORMAT_VERSION = 1

MEASURE_FIELDS = ("measure_id", "level", "enterprise_id", "chain", "title", "target", "status")


def _pair(old, new):
    return None if old == new else {"old": old, "new": new}


def _system_order(systems: dict) -> list[str]:
    """Graded systems first (grade, indices), then compliance systems; each by id."""
    return sorted(systems, key=lambda sid: (systems[sid].get("method") != "graded", sid))


def _indicator_order(*docs) -> list[str]:
    """Indicator ids in the order of the systems (_system_order) and their categories/groups,
    then any indicator outside every system, by id."""
    order: list[str] = []
    for doc in docs:
        if not doc:
            continue
        for sid in _system_order(doc.get("systems", {})):
            s = doc["systems"][sid]
            blocks = s.get("categories") if s.get("method") == "graded" else s.get("groups")
            for block in blocks or []:
                for item in block.get("indicators", []):
                    if item["indicator"] not in order:
                        order.append(item["indicator"])
    rest = sorted({iid for doc in docs if doc for iid in doc.get("indicators", {})} - set(order))
    return order + rest


def _system_items(doc: dict | None) -> dict[tuple[str, str], dict]:
    """(system id, indicator id) → the indicator's entry in that system."""
    out = {}
    for sid, s in (doc or {}).get("systems", {}).items():
        blocks = s.get("categories") if s.get("method") == "graded" else s.get("groups")
        for block in blocks or []:
            for item in block.get("indicators", []):
                out[(sid, item["indicator"])] = dict(item, group=block.get("id"))
    return out


def _ind_name(iid: str, *entries) -> dict:
    for e in entries:
        if e and e.get("name"):
            return e["name"]
    return {"zh": iid, "en": iid}


def _diff_systems(old: dict, new: dict) -> list[dict]:
    out = []
    os_, ns = old.get("systems", {}), new.get("systems", {})
    for sid in _system_order({**os_, **ns}):
        o, n = os_.get(sid), ns.get(sid)
        ref = n or o
        entry = {"id": sid, "method": ref.get("method"), "name": ref.get("name"), "presence": _pair(o is not None, n is not None)}
        if ref.get("method") == "graded":
            og = (o or {}).get("grade")
            ng = (n or {}).get("grade")
            entry["grade"] = None if (og or {}).get("grade") == (ng or {}).get("grade") else {"old": og, "new": ng}
            oi, ni = (o or {}).get("indices_display", {}), (n or {}).get("indices_display", {})
            entry["indices"] = [
                {"level": lv, "old": oi.get(lv), "new": ni.get(lv)}
                for lv in ("I", "II", "III")
                if oi.get(lv) != ni.get(lv)
            ]
            changed = entry["grade"] or entry["indices"]
        else:
            entry["passed"] = _pair((o or {}).get("passed"), (n or {}).get("passed"))
            o_doc = {"systems": {sid: o}} if o else None
            n_doc = {"systems": {sid: n}} if n else None
            items = {**_system_items(o_doc), **_system_items(n_doc)}
            ou = {u["indicator"]: u for u in (o or {}).get("unmet", [])}
            nu = {u["indicator"]: u for u in (n or {}).get("unmet", [])}
            order = _indicator_order(o_doc, n_doc)

            def _unmet(u):
                item = items.get((sid, u["indicator"]), {})
                return {"indicator": u["indicator"], "name": _ind_name(u["indicator"], item), "group": u.get("group"), "status": u.get("status")}

            entry["unmet_added"] = [_unmet(nu[i]) for i in order if i in nu and i not in ou]
            entry["unmet_removed"] = [_unmet(ou[i]) for i in order if i in ou and i not in nu]
            changed = entry["passed"] or entry["unmet_added"] or entry["unmet_removed"]
        if changed or entry["presence"]:
            out.append(entry)
    return out


def _diff_indicators(old: dict, new: dict) -> list[dict]:
    oi, ni = old.get("indicators", {}), new.get("indicators", {})
    o_items, n_items = _system_items(old), _system_items(new)
    systems = {sid: s.get("method") for doc in (old, new) for sid, s in doc.get("systems", {}).items()}
    out = []
    for iid in _indicator_order(old, new):
        o, n = oi.get(iid), ni.get(iid)
        o_state = o["state"] if o else "absent"
        n_state = n["state"] if n else "absent"
        value = _pair(o.get("display") if o else None, n.get("display") if n else None)
        state = _pair(o_state, n_state)
        levels, statuses = [], []
        for sid in sorted(systems):
            a, b = o_items.get((sid, iid)), n_items.get((sid, iid))
            if a is None and b is None:
                continue
            if systems[sid] == "graded":
                la, lb = (a or {}).get("level"), (b or {}).get("level")
                if la != lb:
                    levels.append({"system": sid, "old": la, "new": lb})
            else:
                sa, sb = (a or {}).get("status"), (b or {}).get("status")
                if sa != sb:
                    statuses.append({"system": sid, "old": sa, "new": sb})
        if value or state or levels or statuses:
            ref = n or o or {}
            out.append(
                {
                    "indicator": iid,
                    "name": _ind_name(iid, n, o),
                    "unit": ref.get("unit"),
                    "value": value,
                    "state": state,
                    "levels": levels,
                    "compliance": statuses,
                }
            )
    return out


def _metric_info(*docs) -> dict[str, dict]:
    info = {}
    for doc in docs:
        for m in (doc or {}).get("key_enterprises", {}).get("by_metric", []):
            info.setdefault(m["metric"], {"name": m.get("name"), "unit": m.get("unit")})
    return info


def _member(e: dict, info: dict) -> dict:
    return {
        "enterprise_id": e["enterprise_id"],
        "enterprise_name": e.get("enterprise_name"),
        "chain": e.get("chain"),
        "reasons": list(e.get("reasons", [])),
        "metrics": [
            {
                "metric": m["metric"],
                "name": (info.get(m["metric"]) or {}).get("name"),
                "unit": (info.get(m["metric"]) or {}).get("unit"),
                "value": m.get("value"),
                "share": m.get("share"),
            }
            for m in e.get("metrics", [])
        ],
    }


def _diff_key_enterprises(old: dict, new: dict) -> dict:
    ok = old.get("key_enterprises", {})
    nk = new.get("key_enterprises", {})
    om = {e["enterprise_id"]: e for e in ok.get("enterprises", [])}
    nm = {e["enterprise_id"]: e for e in nk.get("enterprises", [])}
    info = _metric_info(new, old)
    reasons_changed = [
        {
            "enterprise_id": eid,
            "enterprise_name": nm[eid].get("enterprise_name"),
            "old": list(om[eid].get("reasons", [])),
            "new": list(nm[eid].get("reasons", [])),
            "gained": [r for r in nm[eid].get("reasons", []) if r not in om[eid].get("reasons", [])],
            "lost": [r for r in om[eid].get("reasons", []) if r not in nm[eid].get("reasons", [])],
        }
        for eid in sorted(set(om) & set(nm))
        if list(om[eid].get("reasons", [])) != list(nm[eid].get("reasons", []))
    ]
    added = [_member(nm[eid], info) for eid in sorted(set(nm) - set(om))]
    removed = [_member(om[eid], info) for eid in sorted(set(om) - set(nm))]
    used = {r for e in added + removed for r in e["reasons"]}
    used |= {r for e in reasons_changed for r in e["gained"] + e["lost"]}
    return {
        "count": _pair(ok.get("count"), nk.get("count")),
        "added": added,
        "removed": removed,
        "reasons_changed": reasons_changed,
        "metrics": {k: v for k, v in sorted(info.items()) if k in used},
    }


def _measure(row: dict) -> dict:
    return {k: (row.get(k) or None) for k in MEASURE_FIELDS}


def _diff_measures(old: list[dict], new: list[dict]) -> dict:
    om = {r["measure_id"]: _measure(r) for r in old}
    nm = {r["measure_id"]: _measure(r) for r in new}
    return {
        "added": [nm[k] for k in sorted(set(nm) - set(om))],
        "removed": [om[k] for k in sorted(set(om) - set(nm))],
        "status_changed": [
            dict(nm[k], old_status=om[k]["status"])
            for k in sorted(set(om) & set(nm))
            if om[k]["status"] != nm[k]["status"]
        ],
    }


def _finding_key(f: dict) -> tuple:
    return (f.get("file_in_package") or f.get("file") or "", f.get("row") or 0, f.get("field") or "", f.get("code"), f.get("message_en") or "")


def _diff_findings(old: list[dict], new: list[dict]) -> dict:
    ok = {_finding_key(f): f for f in old}
    nk = {_finding_key(f): f for f in new}
    return {
        "added": [nk[k] for k in sorted(set(nk) - set(ok))],
        "removed": [ok[k] for k in sorted(set(ok) - set(nk))],
    }


def _measures_from(doc: dict | None):
    items = ((doc or {}).get("measures") or {}).get("items")
    return items if isinstance(items, list) else None


def diff_results(
    old: dict | None,
    new: dict | None,
    *,
    old_measures: list[dict] | None = None,
    new_measures: list[dict] | None = None,
    old_findings: list[dict] | None = None,
    new_findings: list[dict] | None = None,
) -> dict:
    """What changed between two score.json documents of one park.

    `old`/`new` may be None for a side that could not be scored (its findings are still compared).
    Measures are compared when both sides have them (the arguments, or a `measures.items` list in
    score.json); findings when both arguments are given. Every list is empty and every pair None
    when nothing changed; `changed` says whether anything did."""
    ref = new or old or {}
    park = ref.get("park", {})
    out: dict = {
        "park": {"id": park.get("id"), "name": (park.get("profile") or {}).get("park_name")},
        "old": {"cycle": (old or {}).get("park", {}).get("cycle"), "scored": old is not None},
        "new": {"cycle": (new or {}).get("park", {}).get("cycle"), "scored": new is not None},
        "systems": [],
        "indicators": [],
        "key_enterprises": None,
        "measures": None,
        "findings": None,
    }
    if (old is None) != (new is None):  # one side scored: show its results
        out["headline"] = headline(old if new is None else new)
    if old is not None and new is not None:
        out["systems"] = _diff_systems(old, new)
        out["indicators"] = _diff_indicators(old, new)
        out["key_enterprises"] = _diff_key_enterprises(old, new)
    if old_measures is None:
        old_measures = _measures_from(old)
    if new_measures is None:
        new_measures = _measures_from(new)
    if old_measures is not None and new_measures is not None:
        out["measures"] = _diff_measures(old_measures, new_measures)
    if old_findings is not None and new_findings is not None:
        out["findings"] = _diff_findings(old_findings, new_findings)
    out["changed"] = has_changes(out)
    return out


def has_changes(d: dict) -> bool:
    if d.get("status") in ("added", "removed"):
        return True
    if d["old"].get("scored") != d["new"].get("scored"):
        return True
    ke = d.get("key_enterprises") or {}
    return bool(
        d.get("systems")
        or d.get("indicators")
        or ke.get("count") or ke.get("added") or ke.get("removed") or ke.get("reasons_changed")
        or any((d.get("measures") or {}).values())
        or any((d.get("findings") or {}).values())
    )


def headline(doc: dict | None) -> dict | None:
    """The results of one package, for a package that exists on one side only."""
    if doc is None:
        return None
    systems = []
    for sid in _system_order(doc.get("systems", {})):
        s = doc["systems"][sid]
        if s.get("method") == "graded":
            systems.append({"id": sid, "method": "graded", "name": s.get("name"), "grade": s.get("grade"), "indices": s.get("indices_display")})
        else:
            items = _system_items({"systems": {sid: s}})
            systems.append(
                {
                    "id": sid,
                    "method": "compliance",
                    "name": s.get("name"),
                    "passed": s.get("passed"),
                    "unmet": [
                        {"indicator": u["indicator"], "name": _ind_name(u["indicator"], items.get((sid, u["indicator"]))), "group": u.get("group"), "status": u.get("status")}
                        for u in s.get("unmet", [])
                    ],
                }
            )
    return {
        "systems": systems,
        "key_enterprises": doc.get("key_enterprises", {}).get("count"),
        "measures": (doc.get("measures") or {}).get("n_measures"),
    }


def one_sided(status: str, park_id: str, park_name: str | None, cycle: str, doc: dict | None, findings: list[dict] | None, reason: str | None = None) -> dict:
    """An entry for a package present on one side only (`status` 'added' or 'removed')."""
    return {
        "status": status,
        "park": {"id": park_id, "name": park_name},
        "old": {"cycle": cycle if status == "removed" else None, "scored": doc is not None if status == "removed" else None},
        "new": {"cycle": cycle if status == "added" else None, "scored": doc is not None if status == "added" else None},
        "headline": headline(doc),
        "findings": {"added": list(findings or []), "removed": []} if status == "added" else {"added": [], "removed": list(findings or [])},
        "reason": reason,
        "changed": True,
    }


def report(mode: str, old_ref: dict, new_ref: dict, entries: list[dict], notes: list[dict] | None = None) -> dict:
    """The whole comparison: every entry that changed, sorted by park and cycle."""
    changed = sorted(
        (e for e in entries if e.get("changed")),
        key=lambda e: (e["park"]["id"] or "", e["new"].get("cycle") or e["old"].get("cycle") or "", e["old"].get("cycle") or ""),
    )
    return {
        "parkaudit": {"format_version": FORMAT_VERSION, "generator": f"parkaudit {__version__} diff"},
        "mode": mode,
        "old": old_ref,
        "new": new_ref,
        "changed": bool(changed),
        "entries": changed,
        "notes": list(notes or []),
    }
