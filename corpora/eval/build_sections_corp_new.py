"""Build sections_corp_new.jsonl: hand-assigned paragraph labels for corp_new + corp_holdout.

Labels were decided by reading each numbered non-empty line (FORMAT.md definitions,
corp_dev.jsonl conventions). Codes: O=other P=preamble R=review X=problems
U=outlook L=plan C=closing. One code per non-empty line, in order.
"""
import json
from collections import Counter
from pathlib import Path

SRC = Path("/work/main/corpora/redact")
OUT = Path(__file__).with_name("sections_corp_new.jsonl")
CODE = {"O": "other", "P": "preamble", "R": "review", "X": "problems",
        "U": "outlook", "L": "plan", "C": "closing"}

def seq(*parts):
    """parts: (code, count) pairs -> flat list of codes."""
    return [c for c, n in parts for _ in range(n)]

LABELS = {
    # title, byline | greeting, 现将…报告如下 | 一、(4..20) | 二、问题 | 三、工作打算 | contacts
    "corp-new-01": seq(("O", 2), ("P", 2), ("R", 17), ("X", 2), ("L", 2), ("O", 2)),
    # title | opening summary | 一、(2..16) | 二、问题 | 三、2024年工作思路 + task list | unit, contacts
    "corp-new-02": seq(("O", 1), ("P", 1), ("R", 15), ("X", 2), ("L", 2), ("O", 4)),
    # title | addressee, opening | 一、(3..17) | 二、问题 | 三、下一步工作打算 | unit, contacts
    "corp-new-03": seq(("O", 1), ("P", 2), ("R", 15), ("X", 2), ("L", 2), ("O", 3)),
    # title | opening summary | 一、(2..14) | 二、问题 | 三、工作安排 | unit, contacts, ID example line
    "corp-new-04": seq(("O", 1), ("P", 1), ("R", 13), ("X", 2), ("L", 2), ("O", 4)),
    # 述职报告, (byline) | 现将…报告如下 | 一、履职基本情况 (3..16) | 二、不足 | 三、工作思路 | contacts
    "corp-new-05": seq(("O", 2), ("P", 1), ("R", 14), ("X", 2), ("L", 2), ("O", 3)),
    # title | opening summary | 一、(2..14) | 二、问题 | 三、工作计划 | 报送单位, contacts
    "corp-new-06": seq(("O", 1), ("P", 1), ("R", 13), ("X", 2), ("L", 2), ("O", 3)),
    # title | addressee, opening | 一、基本情况 + 二、主要工作 (3..19) | 三、问题 | 四、工作打算 | unit, contacts
    "corp-new-07": seq(("O", 1), ("P", 2), ("R", 17), ("X", 2), ("L", 2), ("O", 3)),
    # title, subtitle, byline | greeting, 向大会报告 | 一、工作回顾 (5..18) | 二、问题
    # | 三、主要目标和工作安排 | 同志们，让我们… | contacts
    "corp-new-08": seq(("O", 3), ("P", 2), ("R", 14), ("X", 2), ("L", 2), ("C", 1), ("O", 2)),
    # title | opening summary | 一、(2..10) | 二、问题 | 三、工作计划 | contacts
    "corp-hold-01": seq(("O", 1), ("P", 1), ("R", 9), ("X", 2), ("L", 2), ("O", 2)),
    # title | addressee, opening | 一、基本情况 + 二、主要工作 (3..11) | 三、问题 | 四、下一步工作 | unit, contact
    "corp-hold-02": seq(("O", 1), ("P", 2), ("R", 9), ("X", 2), ("L", 2), ("O", 2)),
    # title, 述职人 | 现将…述职如下 | 一、(3..11) | 二、不足 | 三、工作计划 | contact
    "corp-hold-03": seq(("O", 2), ("P", 1), ("R", 9), ("X", 2), ("L", 2), ("O", 1)),
    # title | opening summary | 一、二、三、 (2..7) | 四、2024年工作重点 | contacts
    "corp-hold-04": seq(("O", 1), ("P", 1), ("R", 6), ("L", 2), ("O", 2)),
}

def line_spans(text):
    out, pos = [], 0
    for line in text.split("\n"):
        s = line.strip()
        if s:
            st = pos + line.index(s)
            out.append((st, st + len(s)))
        pos += len(line) + 1
    return out

def main():
    counts, n_docs = Counter(), 0
    with OUT.open("w", encoding="utf-8") as fo:
        for name in ("corp_new.jsonl", "corp_holdout.jsonl"):
            for raw in (SRC / name).open(encoding="utf-8"):
                d = json.loads(raw)
                text = d["text"]
                spans = line_spans(text)
                codes = LABELS[d["id"]]
                assert len(codes) == len(spans), (d["id"], len(codes), len(spans))
                paras = [{"start": s, "end": e, "label": CODE[c]} for (s, e), c in zip(spans, codes)]
                # validation: every non-empty line exactly once, spans slice to the stripped line
                nonempty = [l.strip() for l in text.split("\n") if l.strip()]
                assert [text[p["start"]:p["end"]] for p in paras] == nonempty, d["id"]
                assert all(paras[i]["end"] < paras[i + 1]["start"] for i in range(len(paras) - 1))
                counts.update(p["label"] for p in paras)
                n_docs += 1
                fo.write(json.dumps({"id": d["id"], "source": d["source"], "text": text,
                                     "paragraphs": paras}, ensure_ascii=False) + "\n")
    print(n_docs, "docs", sum(counts.values()), "paragraphs")
    for lab in ("preamble", "review", "problems", "outlook", "plan", "closing", "other"):
        print(f"{lab}\t{counts[lab]}")

if __name__ == "__main__":
    main()
