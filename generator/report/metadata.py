"""Who audited and when: the audit metadata of a data package, read and checked.

It lives in the package descriptor (datapackage.json), in Frictionless terms:

    "created": "2025-11-20T00:00:00Z",                  the report's date (Frictionless `created`)
    "contributors": [                                   Frictionless contributors, with `roles`
      {"title": "…环境咨询有限公司", "roles": ["audit-agency"]},
      {"title": "…工业园区管理委员会", "roles": ["park-administration"]},
      {"title": "王某", "roles": ["audit-lead"], "organization": "…环境咨询有限公司"},
      {"title": "李某", "roles": ["reviewing-expert"], "organization": "…大学"}
    ],
    "parkaudit:audit_period": {"start": "2025-03-01", "end": "2025-10-31"}

Missing metadata is not an error (older packages have none): the report then says it was not
given, and its data-quality annex lists what is missing. Metadata that is there but wrong (a
contributor without a name, an unknown role, a date that is no date, a period that ends before
it starts) stops the report with MetadataError, which names each problem in Chinese and English.
The check is here, not in generator/validate, because only the report reads these fields.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timezone

from generator.core import AUDIT_ROLES, GENERIC_ROLES

PERIOD_KEY = "parkaudit:audit_period"

# ParkAudit's roles, in the order the report lists them; Frictionless' own generic roles are accepted too
ROLES = AUDIT_ROLES


class MetadataError(Exception):
    """The package's audit metadata is malformed; `problems` are (zh, en) pairs."""

    def __init__(self, where: str, problems: list[tuple[str, str]]):
        self.where = where
        self.problems = problems
        lines = "\n".join(f"  - {zh} / {en}" for zh, en in problems)
        super().__init__(f"{where}：审核元数据有误 / the audit metadata is malformed:\n{lines}")

    def __reduce__(self):  # raised in a worker process, re-raised in the build
        return MetadataError, (self.where, self.problems)


@dataclass(frozen=True)
class Person:
    name: str
    roles: tuple[str, ...]
    organization: str | None = None

    @property
    def role_labels(self) -> str:
        return "、".join(ROLES.get(r) or GENERIC_ROLES.get(r, r) for r in self.roles)


@dataclass(frozen=True)
class AuditMetadata:
    contributors: tuple[Person, ...]
    period: tuple[str, str] | None  # (start, end), ISO dates
    created: str | None  # ISO 8601, UTC, seconds: "2025-11-20T00:00:00Z"

    def with_role(self, role: str) -> list[Person]:
        return [p for p in self.contributors if role in p.roles]

    def names(self, role: str) -> str | None:
        people = self.with_role(role)
        return "、".join(p.name for p in people) if people else None

    def missing(self) -> list[tuple[str, str]]:
        """What a complete report would show and the package does not give: (zh, en) pairs."""
        out = []
        if not self.with_role("audit-agency"):
            out.append(("未注明审核机构（contributors 中角色为 audit-agency 的条目）",
                        "no audit agency (a contributor with the role audit-agency)"))
        if not self.with_role("park-administration"):
            out.append(("未注明园区管理机构（角色 park-administration）", "no park administration (role park-administration)"))
        if not self.with_role("reviewing-expert"):
            out.append(("未注明评审专家（角色 reviewing-expert）", "no reviewing experts (role reviewing-expert)"))
        if self.period is None:
            out.append((f"未注明审核期（{PERIOD_KEY}）", f"no audit period ({PERIOD_KEY})"))
        return out


def audit_metadata(descriptor: dict, where: str) -> AuditMetadata:
    """The audit metadata of a package descriptor; MetadataError if any of it is malformed.
    `where` names the descriptor in messages."""
    problems: list[tuple[str, str]] = []
    people = _contributors(descriptor.get("contributors"), problems)
    period = _period(descriptor.get(PERIOD_KEY), problems)
    created = _created(descriptor.get("created"), problems)
    if problems:
        raise MetadataError(where, problems)
    return AuditMetadata(tuple(people), period, created)


def _contributors(raw, problems) -> list[Person]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(("contributors 应为列表", "contributors must be a list"))
        return []
    out = []
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append((f"contributors 第 {n} 项应为对象", f"contributor {n} must be an object"))
            continue
        name = item.get("title") or " ".join(str(item[k]) for k in ("givenName", "familyName") if item.get(k))
        if not isinstance(name, str) or not name.strip():
            problems.append((f"contributors 第 {n} 项没有名称（title）", f"contributor {n} has no name (title)"))
            continue
        roles = item.get("roles", [item["role"]] if "role" in item else [])  # Frictionless v2 `roles`, v1 `role`
        if isinstance(roles, str) or not isinstance(roles, list) or not roles or not all(isinstance(r, str) for r in roles):
            problems.append((f"contributors 第 {n} 项（{name}）的 roles 应为非空的字符串列表",
                             f"contributor {n} ({name}): roles must be a non-empty list of strings"))
            continue
        unknown = [r for r in roles if r not in ROLES and r not in GENERIC_ROLES]
        if unknown:
            known = ", ".join(ROLES)
            problems.append((f"contributors 第 {n} 项（{name}）的角色未知：{', '.join(unknown)}（可用：{known}）",
                             f"contributor {n} ({name}): unknown role {', '.join(unknown)} (known: {known})"))
            continue
        org = item.get("organization")
        if org is not None and not isinstance(org, str):
            problems.append((f"contributors 第 {n} 项（{name}）的 organization 应为文本", f"contributor {n} ({name}): organization must be text"))
            continue
        out.append(Person(name.strip(), tuple(roles), org.strip() if org else None))
    return out


def _period(raw, problems) -> tuple[str, str] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"start", "end"}:
        problems.append((f"{PERIOD_KEY} 应为 {{\"start\": 日期, \"end\": 日期}}", f"{PERIOD_KEY} must be {{\"start\": date, \"end\": date}}"))
        return None
    days = {}
    for key in ("start", "end"):
        try:
            days[key] = date.fromisoformat(raw[key]) if isinstance(raw[key], str) and len(raw[key]) == 10 else None
        except ValueError:
            days[key] = None
        if days[key] is None:
            problems.append((f"{PERIOD_KEY}.{key} 不是 YYYY-MM-DD 格式的日期：{raw[key]!r}", f"{PERIOD_KEY}.{key} is not a YYYY-MM-DD date: {raw[key]!r}"))
    if None in days.values():
        return None
    if days["end"] < days["start"]:
        problems.append((f"审核期结束（{raw['end']}）早于开始（{raw['start']}）", f"the audit period ends ({raw['end']}) before it starts ({raw['start']})"))
        return None
    return raw["start"], raw["end"]


def _created(raw, problems) -> str | None:
    if raw is None:
        return None
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00")) if isinstance(raw, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        problems.append((f"created 应为带时区的 ISO 8601 时间（如 2025-11-20T00:00:00Z）：{raw!r}",
                         f"created must be an ISO 8601 time with a zone (such as 2025-11-20T00:00:00Z): {raw!r}"))
        return None
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def report_date(meta: AuditMetadata) -> str | None:
    """The report's date, never the time it was built: the package's `created`, else the end of
    the audit period, else SOURCE_DATE_EPOCH (the reproducible-builds convention); None if
    none is given (the cover then says so, and the files carry no date)."""
    if meta.created:
        return meta.created
    if meta.period:
        return f"{meta.period[1]}T00:00:00Z"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None
