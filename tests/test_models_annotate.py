"""Label Studio round trip: record → pre-annotated task → (corrected) task → record."""
import json
import subprocess
import sys

from gkextract.annotate import LABEL_CONFIG, import_tasks, record_task, task_record
from gkextract.document import Document, Paragraph
from gkextract.record import Figure, Item, Record, Section, Source


def make():
    doc = Document.build("r.txt", "txt", "0" * 64, [
        Paragraph("一、总体情况"), Paragraph("本年度主动公开政府信息120条，收到申请6件。"),
        Paragraph("五、存在的主要问题及改进情况"),
        Paragraph("主要存在以下问题：一是栏目更新不及时；二是解读形式单一。"),
        Paragraph("下一步，我们将建立栏目更新台账。")])
    b = doc.blocks
    figs = [Figure(label="PROACTIVE_TOTAL", value=120, unit="条", text="主动公开政府信息120条"),
            Figure(label="REQUESTS_RECEIVED", value=6, unit="件", text="收到申请6件")]
    record = Record(source=Source(path="r.txt", format="txt", sha256="0" * 64), title="测试报告", year=2023,
                    sections=[Section(key="overview", title="一、总体情况", start=b[0].start, end=b[2].start),
                              Section(key="problems", title="五、存在的主要问题及改进情况", start=b[2].start,
                                      end=len(doc.text))],
                    figures=figs,
                    problems=[Item(text="栏目更新不及时", themes=["timeliness"]),
                              Item(text="解读形式单一", themes=["interpretation"])],
                    measures=[Item(text="下一步，我们将建立栏目更新台账", themes=["timeliness"])])
    return doc, record


def test_prediction_round_trip_is_lossless():
    doc, record = make()
    task = record_task(doc, record)
    json.dumps(task, ensure_ascii=False)  # plain JSON
    labels = {r["from_name"] for r in task["predictions"][0]["result"]}
    assert labels == {"section", "figure", "item", "themes"}
    back = task_record(json.loads(json.dumps(task)))
    assert [(s.key, s.title, s.start) for s in back.sections] == [(s.key, s.title, s.start) for s in record.sections]
    assert [(f.label, f.value, f.unit, f.text) for f in back.figures] == \
        [(f.label, f.value, f.unit, f.text) for f in record.figures]
    assert back.problems == record.problems and back.measures == record.measures
    assert back.title == "测试报告" and back.year == 2023
    assert 'perRegion="true"' in LABEL_CONFIG and "PROACTIVE_TOTAL" in LABEL_CONFIG


def test_corrections_in_annotations_win_over_predictions():
    doc, record = make()
    task = record_task(doc, record)
    result = [dict(r, value=dict(r["value"])) for r in task["predictions"][0]["result"]]
    # the annotator deletes the 收到申请 figure, relabels the first problem's themes, adds a measure
    result = [r for r in result if not (r["from_name"] == "figure" and "申请" in r["value"]["text"])]
    for r in result:
        if r["from_name"] == "themes" and r["value"]["text"].startswith("栏目更新不及时"):
            r["value"]["choices"] = ["platforms", "timeliness"]
    text = doc.text
    s = text.index("建立栏目更新台账")
    result.append({"id": "new", "from_name": "item", "to_name": "text", "type": "labels",
                   "value": {"start": s, "end": s + 8, "text": "建立栏目更新台账", "labels": ["measure"]}})
    result.append({"id": "new", "from_name": "themes", "to_name": "text", "type": "choices",
                   "value": {"start": s, "end": s + 8, "choices": ["mechanisms", "awareness"]}})
    task["annotations"] = [{"result": [], "was_cancelled": True}, {"result": result}]
    task["annotations"] = [task["annotations"][1], task["annotations"][0]]  # cancelled one is skipped
    (back,) = import_tasks([task])
    assert [f.label for f in back.figures] == ["PROACTIVE_TOTAL"]
    assert back.problems[0].themes == ["timeliness", "platforms"]  # taxonomy order
    # the measure-only theme 'awareness' is not a measure theme and is dropped
    assert back.measures[-1] == Item(text="建立栏目更新台账", themes=["mechanisms"])


def test_cli_export_import(shared_corpus, tmp_path):
    src = sorted((shared_corpus / "seeds").glob("*.txt"))[0]
    tasks = tmp_path / "tasks.json"
    run = lambda *a: subprocess.run([sys.executable, "-m", "gkextract", *a], capture_output=True, text=True)
    out = run("annotate", "export", str(src), "--out", str(tasks))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "tasks.label_config.xml").exists()
    out = run("annotate", "import", str(tasks), "--out", str(tmp_path / "records"))
    assert out.returncode == 0, out.stderr
    rec = json.loads((tmp_path / "records" / f"{src.stem}.json").read_text(encoding="utf-8"))
    assert rec["schema"] == "gkextract.record/1" and rec["problems"] and rec["sections"]
