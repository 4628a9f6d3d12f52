"""`gkextract extract` as a user runs it: outputs, failures with reasons, exit codes, no lost data."""
import json
import shutil

from typer.testing import CliRunner

from gkextract.cli import app

runner = CliRunner()


def _corpus_copy(tmp_path, shared_corpus):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(shared_corpus / "seeds" / "001_21383420ef0381a8.txt", src / "a.txt")
    shutil.copy(shared_corpus / "real" / "huaian_hongzequ_2023.pdf", src / "b.pdf")
    return src


def test_folder_to_json_dir(tmp_path, shared_corpus):
    src = _corpus_copy(tmp_path, shared_corpus)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    rec = json.loads((out / "b.json").read_text(encoding="utf-8"))
    assert rec["schema"] == "gkextract.record/1" and rec["year"] == 2023
    assert "2 ok, 0 failed" in result.output


def test_bad_files_fail_alone_with_reasons_and_keep_old_outputs(tmp_path, shared_corpus):
    src = _corpus_copy(tmp_path, shared_corpus)
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\ngarbage")
    (src / "menu.txt").write_text("今日菜单：红烧肉，青菜豆腐汤。", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "broken.json").write_text("my earlier result", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--out", str(out), "--jobs", "2"])
    assert result.exit_code == 1
    assert (out / "broken.json").read_text(encoding="utf-8") == "my earlier result"
    failures = {f["path"].rsplit("/", 1)[-1]: f["reason"]
                for f in json.loads((out / "_failures.json").read_text(encoding="utf-8"))}
    assert failures["empty.txt"] == "file is empty"
    assert failures["broken.pdf"] == "corrupt or truncated PDF"
    assert failures["menu.txt"].startswith("not a government information disclosure report")
    assert (out / "a.json").exists() and (out / "b.json").exists()


def test_jsonl_keeps_lines_of_other_inputs(tmp_path, shared_corpus):
    src = _corpus_copy(tmp_path, shared_corpus)
    jsonl = tmp_path / "all.jsonl"
    jsonl.write_text(json.dumps({"source": {"path": "elsewhere.txt"}, "note": "keep me"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src / "a.txt"), str(src / "b.pdf"), "--out", str(jsonl)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [x["source"]["path"].rsplit("/", 1)[-1] for x in lines] == ["elsewhere.txt", "a.txt", "b.pdf"]
    runner.invoke(app, ["extract", str(src / "a.txt"), "--out", str(jsonl)])
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 3  # replaced, not duplicated


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["extract", str(tmp_path)]).exit_code == 2        # no --out / --db
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert runner.invoke(app, ["extract", str(empty), "--out", str(tmp_path / "o")]).exit_code == 2


def test_help_names_the_extras_as_written():
    """Help text is plain: `gkextract[dask]` and `gkextract[ocr]` (the extras a user installs) are not taken
    for markup tags and dropped."""
    from typer.testing import CliRunner

    from gkextract.cli import app

    out = " ".join(CliRunner().invoke(app, ["extract", "--help"], terminal_width=200).output.split())
    assert "gkextract[dask]" in out and "gkextract[ocr]" in out
