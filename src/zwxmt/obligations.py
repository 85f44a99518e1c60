"""Declarations of the rules enforced outside the cleanup and the checks: the lifecycle's
obligations and guards (:mod:`zwxmt.lifecycle`), the scoring tables (:mod:`zwxmt.scoring`),
the review's content and interaction rules (:mod:`zwxmt.review`) and the inventory form.

Each names the clause, the rulebook parameters it reads (section.name) and the function that
enforces it, so ``zwxmt rules --coverage`` and a ``grep`` for a clause id land on the code.
"""

from __future__ import annotations

from zwxmt.declarations import Declaration, declare

__all__: list[str] = []


def _declare_all() -> None:
    from zwxmt.checks.run import evaluate_checks
    from zwxmt.cleanup.criteria import age_eligible
    from zwxmt.cleanup.inventory import inventory_table
    from zwxmt.lifecycle import deadlines, guards, registry
    from zwxmt.models import forms
    from zwxmt.review import audit, content, entrusted, interaction
    from zwxmt.scoring import engine

    for d in (
        # the verdict of a spot check: one failing item is 不合格 (单项否决), and what follows
        Declaration("single_veto_verdict", "NAT-V", "verdict", "单项否决：任一项不合格即不合格",
                    ("checks.verdict_rule",),
                    ("HN-5.3-veto", "HN-4.4", "LN-3.4", "LN-4.4-spotcheck"),
                    fn=evaluate_checks),
        # the one-year gate of the six exit criteria
        Declaration("first_year_gate", "ZJG-6.5.1", "obligation", "开设1年以上",
                    ("cleanup.min_age_years",), fn=age_eligible),
        # lifecycle obligations (deadlines.OBLIGATIONS; the clause is the period's citation)
        Declaration("change_filing", "ZJG-6.3", "obligation", "变更信息及时同步备案",
                    ("lifecycle.change_filing_working_days",), ("HN-A1(2)",),
                    fn=deadlines.obligations),
        Declaration("host_change", "LN-3.1-host-change", "obligation",
                    "主办单位变化后及时注销或变更并公告",
                    ("lifecycle.host_change_working_days",), ("HN-4.1-host-change",),
                    fn=deadlines.obligations),
        Declaration("rectification", "ZJG-6.5.1(3)", "obligation", "晾晒后3天内整改",
                    ("lifecycle.rectification_days",), fn=deadlines.obligations),
        Declaration("deregistration_steps", "ZJG-6.4", "obligation", "注销流程（停更公告、"
                    "平台注销、拟注销申请、完成注销）",
                    ("lifecycle.deregistration_request_working_days",),
                    ("ZJG-6.4(1)", "ZJG-6.4(2)", "ZJG-6.4(3)", "ZJG-6.4(4)", "ZJG-6.4-notice"),
                    fn=deadlines.obligations),
        # lifecycle guards (guards.py predicates)
        Declaration("subject_may_hold_account", "ZJG-6.1.2-subject", "obligation",
                    "开设主体", fn=guards.SUBJECT_MAY_HOLD_ACCOUNT.evaluate),
        Declaration("not_banned", "ZJG-6.1.2-ban", "obligation", "注销后1年内不得再申请",
                    ("lifecycle.reapplication_ban_years",), fn=guards.NOT_BANNED.evaluate),
        Declaration("application_complete", "ZJG-6.1.1", "obligation", "开设申请",
                    (), ("ZJG-6", "ZJG-6.1.1-T1", "ZJG-6.1.2", "ZJG-6.1.1-basic",
                         "ZJG-6.1.1-plan", "ZJG-6.1.1-org", "ZJG-6.1.1-content",
                         "ZJG-6.1.1-funding", "ZJG-6.1.1-signoff"),
                    fn=guards.APPLICATION_COMPLETE.evaluate),
        Declaration("filed_in_both_systems", "ZJG-6.2", "obligation",
                    "备案（浙江：省平台和全国系统同步备案；衡南：审批后全国系统备案）",
                    ("lifecycle.filing_systems",), ("ZJG-6.2-fields", "HN-4.1-filing", "ZJG-6.3"),
                    fn=guards.FILED_IN_BOTH_SYSTEMS.evaluate),
        Declaration("one_account_registry", "LN-3.1-one-account", "obligation",
                    "同一平台只开设一个账号（登记时）", ("lifecycle.one_account_per_platform",),
                    fn=registry.Registry),
        Declaration("matrix", "ZJO-2.2", "obligation", "1+N 矩阵",
                    ("lifecycle.matrix_check",), fn=registry.Registry),
        # scoring (表2)
        Declaration("assessment_table", "ZJG-9.2-T2", "score", "全省政务新媒体考核评价指标",
                    ("scoring.platforms",),
                    ("ZJG-9", "ZJG-9.2", "ZJG-9.2-T2-operation", "ZJG-9.2-T2-diligence",
                     "ZJG-9.2-T2-health", "ZJG-9.2-T2-cluster", "ZJG-9.2-T2-growth",
                     "ZJG-9.2-T2-V1", "ZJG-9.2-T2-V2", "ZJG-9.2-T2-V3", "ZJG-9.2-T2-V4",
                     "ZJG-9.2-T2-VD", "ZJG-9.1"), fn=engine.score),
        # review
        Declaration("content_rules", "ZJG-7.1", "obligation", "内容发布规范",
                    ("review.advertising_terms", "review.opinion_terms",
                     "review.repost_source_domains"),
                    ("ZJG-7.1-sources", "ZJG-7.1-opinion-ads", "LN-3.2-sources",
                     "HN-4.2-sources"), fn=content.check_content),
        Declaration("interaction_rules", "ZJG-7.3.3", "obligation", "留言答复时限",
                    ("review.reply_limit_working_days", "review.min_response_rate"),
                    ("ZJG-7.3", "ZJG-7.3.3-reply", "HN-3.2", "HN-3.2-reply", "HN-3.2-deadline"),
                    fn=interaction.check_interaction),
        Declaration("review_workflow", "ZJG-8.2.1", "obligation", "三审三校",
                    ("review.distinct_reviewers",),
                    ("ZJG-8.2.1-roles", "ZJG-8.2.2", "ZJG-8.2.2(1)", "ZJG-8.2.2(2)",
                     "ZJG-8.2.2(3)", "ZJG-8.2.2(4)", "ZJG-8.2.2(5)", "ZJG-8.2.2(6)",
                     "ZJG-8.2.2(7)", "ZJG-8.1.2", "ZJG-8.2", "ZJG-8.2.1-check"),
                    fn=audit.audit_reviews),
        Declaration("entrusted_operation", "ZJO-2.4", "obligation", "委托运营",
                    ("review.allowed_operator_kinds",),
                    ("ZJG-5.2.5", "ZJG-6.1.1-security", "LN-3.3-password"),
                    fn=entrusted.check_accounts),
        # the inventory form
        Declaration("inventory_form", "HN-A2", "form", "排查及清理整合情况表",
                    ("cleanup.platform_vendor",),
                    ("HN-A2-fields", "HN-A2(1)", "HN-A2(2)", "HN-A2(3)", "HN-A2(4)",
                     "HN-A2(5)", "HN-A2(6)", "HN-A2(7)", "HN-A2(8)", "HN-A2(9)",
                     "HN-4.1-inventory", "ZJO-2.1-inventory"),
                    fn=inventory_table),
        Declaration("filing_form", "HN-A1", "form", "备案登记表（字段、栏目、管理队伍、运行状态）",
                    (), ("HN-A1-fields", "HN-A1-columns", "HN-A1-status"),
                    fn=forms.FilingRegistration),
    ):
        declare(d)


_declare_all()
