"""The portal's comparison chart ranks parks by their III index; a better-graded park below a
worse-graded one (杨林, II with 86, under 昆明高新, III with 100) is explained in its sentence."""

from __future__ import annotations

from generator.render.pages.portal import comparison_chart


def _row(name, grade, iii):
    return {"id": name, "name": name, "grade": grade, "grade_label": f"{grade} 级", "cycle": "2025", "y_raw": {"III": iii}}


def test_the_sentence_explains_a_better_grade_with_a_lower_iii_index():
    rows = [_row("杨林", "II", 86.0), _row("昆明高新", "III", 100.0), _row("安宁", "below", 60.0)]
    assert "较高等级园区的 III 级指数可能低于较低等级的园区" in comparison_chart(rows).summary


def test_no_explanation_where_grades_and_indices_agree():
    rows = [_row("甲", "III", 100.0), _row("乙", "below", 80.0), _row("丙", "below", 60.0)]
    summary = comparison_chart(rows).summary
    assert "较高等级" not in summary and summary.startswith("3 个园区中，甲 的 III 级综合评价指数最高")
