"""False alarms of the narrative (and year) checks on whole-report prose: invented sentences a consistent report may
hold (counts over a wider scope, other years, other activities) inserted into consistent generated reports.

    python benchmarks/narrative_false_alarms.py [--n 6] [--seed 0]

Each sentence is templated with the report's own table values where it states them ({new} = 表三 本年新收
总计, {norm} = 表二 规范性文件 本年制发, {inforce} 现行有效, {rev} = 表四 复议 总计, {carried} 上年结转) and a
number no table holds ({big}). It goes in after the first heading of ``--n`` consistent 2021 reports; a
warning or error the report's gold does not hold is a false alarm. Sentences marked ``alarm`` state a
count that may really contradict the table (one scope only): they are expected to be reported and are
counted apart; one over a wider scope (全县…) stays info where the report also states its own count and
that one agrees (two scopes, by design), which the generator's own review sentence sometimes does. The
sentences are invented (no real report text).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

# (sentence, whether a warning is the right answer)
SENTENCES: list[tuple[str, bool]] = [
    ("全县各单位共收到政府信息公开申请{big}件。县政府本级收到政府信息公开申请{new}件。", False),
    ("全区行政机关共受理政府信息公开申请{big}件，区政府本级受理{new}件。", False),
    ("{Y}年，全市共收到依申请公开{big}件，较上年增长20%。本机关收到申请{new}件。", False),
    ("自《条例》实施以来，累计收到申请{big}件。", False),
    ("全年共制发文件{big}件，其中主动公开{new}件，依申请公开2件，不予公开3件。", False),
    ("{Y0}年收到申请{big}件，{Y}年收到申请{new}件。", False),
    ("办理人大代表建议{big}件、政协提案8件。", False),
    ("全年接待群众政务咨询{big}人次，办理政务咨询{big}件。", False),
    ("在政府信息公开申请办理中，本机关严格按照法定程序办理，平均办理时间为12个工作日。", False),
    ("全区共制发规范性文件{big}件，本机关制发规范性文件{norm}件。", False),
    ("公开规范性文件征求意见稿{big}件。", False),
    ("对{big}件规范性文件开展合法性审核。", False),
    ("完成规范性文件后评估{big}件。", False),
    ("向社会公开征求意见的规范性文件{big}件。", False),
    ("全年共审核规范性文件{big}件。", False),
    ("本年度发布规范性文件解读{big}篇。", False),
    ("现行有效规范性文件{inforce}件，本年新增{norm}件。", False),
    ("{Y}年，本机关未制发规范性文件。", False),
    ("行政复议决定书公开{big}件。", False),
    ("办理行政复议案件{big}件（非政府信息公开类）。", False),
    ("本机关作为被申请人的行政复议案件共{big}件，其中涉及政府信息公开的{rev}件。", False),
    ("全年办理依申请公开事项{new}件，比上年增加{big}件。", False),
    ("收到政府信息公开申请{new}件，涉及{big}个事项。", False),
    ("依申请公开答复平均用时{big}个工作日。", False),
    ("上年度结转的{carried}件申请已全部办结。", False),
    ("与上年同期（{Y0}年1月1日至{Y0}年12月31日）相比，申请量增长20%。", False),
    ("本机关{Y0}年1月1日至{Y0}年12月31日期间的年度报告已于{Y}年1月公开。", False),
    # one scope only: the count may contradict the table, so a warning is right
    ("全县共发生政府信息公开行政复议{big}件。", True),
    ("本年度共收到政府信息公开申请{big}件。", True),
    ("本报告所列数据的统计期限自{Y0}年1月1日起至{Y0}年12月31日止。", True),   # YEAR_MISMATCH
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=6, help="consistent generated reports per sentence")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from gkextract.pipeline import extract
    from gkextract.synth import generate_record, render
    from gkextract.synth.content import Block

    started = time.time()
    folder = Path(tempfile.mkdtemp())
    false_alarms = silent = 0
    for template, should_alarm in SENTENCES:
        fired = 0
        for s in range(args.n):
            rec, content = generate_record(random.Random(f"alarm:{args.seed}:{s}"), templates=["2021"],
                                           allow_blanks=False)   # a blank cell makes a finding info
            req, pro, rev = rec.tables.requests, rec.tables.proactive, rec.tables.review_litigation
            text = template.format(
                big=(req.get("new_received", "total") or 0) + 37, new=req.get("new_received", "total"),
                carried=req.get("carried_over", "total"), norm=pro.get("normative_docs", "issued"),
                inforce=pro.get("normative_docs", "in_force"), rev=rev.get("review", "total"),
                Y=rec.year, Y0=rec.year - 1)
            at = next(i for i, b in enumerate(content.blocks) if b.kind == "heading")
            content.blocks.insert(at + 1, Block("para", text))
            path = folder / f"r{s}.txt"
            path.write_bytes(render(content, "txt_tab"))
            gold = {c.rule for c in rec.checks if c.severity != "info"}
            fired += any(c.severity != "info" and c.rule not in gold for c in extract(path).checks)
        if should_alarm:
            silent += args.n - fired
        else:
            false_alarms += fired
        print(f"{'alarm ' if should_alarm else 'quiet '} {fired}/{args.n} reported  {template}")
    quiet = sum(not a for _, a in SENTENCES) * args.n
    loud = sum(a for _, a in SENTENCES) * args.n
    print(f"\nfalse alarms: {false_alarms}/{quiet} reports whose sentence is consistent; "
          f"missed: {silent}/{loud} whose sentence contradicts the table; {time.time() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
