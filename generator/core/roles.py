"""The people and organisations of an audit, by their role codes in a descriptor's `contributors`
(Frictionless `roles`), with the Chinese labels readers and clerks see. One definition for the
workbook (authoring) and the formal report (report), which may not import each other."""

# ParkAudit's roles, in the order the report lists them
AUDIT_ROLES = {
    "audit-agency": "审核机构",
    "park-administration": "园区管理机构",
    "audit-lead": "审核组长",
    "audit-team": "审核组成员",
    "reviewing-expert": "评审专家",
}
# Frictionless' own generic roles, accepted too
GENERIC_ROLES = {"author": "作者", "publisher": "发布者", "maintainer": "维护者", "wrangler": "数据整理", "contributor": "贡献者"}
