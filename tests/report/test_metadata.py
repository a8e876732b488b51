"""The audit metadata of a package (who audited and when): read, checked, and what the cover says
when it is missing."""

from __future__ import annotations

import pytest

from generator.report import MetadataError, audit_metadata
from generator.report.metadata import report_date

GOOD = {
    "created": "2026-08-25T08:00:00+08:00",
    "contributors": [
        {"title": "某环境咨询有限公司", "roles": ["audit-agency"]},
        {"title": "某园区管委会", "roles": ["park-administration"]},
        {"title": "李某", "roles": ["reviewing-expert"], "organization": "某大学"},
        {"title": "张某", "role": "contributor"},  # Frictionless v1's single role
    ],
    "parkaudit:audit_period": {"start": "2026-02-15", "end": "2026-07-31"},
}


def test_complete_metadata_is_read():
    meta = audit_metadata(GOOD, "x")
    assert meta.names("audit-agency") == "某环境咨询有限公司"
    assert meta.with_role("reviewing-expert")[0].organization == "某大学"
    assert meta.period == ("2026-02-15", "2026-07-31")
    assert meta.created == "2026-08-25T00:00:00Z"  # in UTC
    assert meta.missing() == []
    assert report_date(meta) == "2026-08-25T00:00:00Z"


def test_missing_metadata_is_no_error_but_is_listed(monkeypatch):
    meta = audit_metadata({}, "x")
    assert [en for _zh, en in meta.missing()] == [
        "no audit agency (a contributor with the role audit-agency)", "no park administration (role park-administration)",
        "no reviewing experts (role reviewing-expert)", "no audit period (parkaudit:audit_period)"]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert report_date(meta) is None  # never the time of the build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    assert report_date(meta) == "2025-06-15T15:06:40Z"


@pytest.mark.parametrize("change, zh, en", [
    ({"contributors": {"title": "x"}}, "contributors 应为列表", "contributors must be a list"),
    ({"contributors": [{"roles": ["audit-agency"]}]}, "没有名称", "has no name"),
    ({"contributors": [{"title": "x", "roles": ["auditor"]}]}, "角色未知：auditor", "unknown role auditor"),
    ({"contributors": [{"title": "x", "roles": "audit-agency"}]}, "非空的字符串列表", "non-empty list of strings"),
    ({"parkaudit:audit_period": {"start": "2026-13-01", "end": "2026-07-31"}}, "不是 YYYY-MM-DD", "is not a YYYY-MM-DD date"),
    ({"parkaudit:audit_period": {"start": "2026-08-01", "end": "2026-07-31"}}, "早于开始", "ends (2026-07-31) before it starts"),
    ({"parkaudit:audit_period": ["2026-01-01"]}, "应为", "must be"),
    ({"created": "2026-08-25"}, "带时区", "with a zone"),
])
def test_malformed_metadata_stops_the_report_in_both_languages(change, zh, en):
    with pytest.raises(MetadataError) as caught:
        audit_metadata({**GOOD, **change}, "anning-ip/2025/datapackage.json")
    message = str(caught.value)
    assert message.startswith("anning-ip/2025/datapackage.json") and zh in message and en in message
