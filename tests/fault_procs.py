"""Helpers for the fault tests: a small knowledge base, upload texts, and a process that keeps asking.

`python tests/fault_procs.py ask DATA_DIR KNOWLEDGE_DIR QUESTIONS.json OUT.jsonl STOP_FILE` answers the
questions round and round in its own process (as a second client of the same store) until STOP_FILE
exists, writing one JSON line per answer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from docgen import SAMPLE_PLAN  # noqa: E402

from assistant.config import Settings  # noqa: E402


def small_kb(folder: Path, data_dir: Path) -> Settings:
    """Two real documents (Directive 38, the Hải Phòng commune plan) copied into `folder`."""
    folder.mkdir(parents=True)
    src = ROOT / "knowledge"
    catalog = (src / "catalog.toml").read_text(encoding="utf-8")
    blocks = [
        b for b in catalog.split("[[document]]")[1:] if 'id = "ct38"' in b or 'id = "kh-xa-haiphong"' in b
    ]
    (folder / "catalog.toml").write_text("".join("[[document]]" + b for b in blocks), encoding="utf-8")
    for name in ("ct38.txt", "kh-xa-haiphong.txt"):
        shutil.copy(src / name, folder / name)
    return Settings(knowledge_dir=folder, data_dir=data_dir)


def commune_plan(path: Path, commune: str, number: int, extra_sections: int = 0) -> Path:
    """The sample commune plan for another commune and number; `extra_sections` makes it longer."""
    lines = [line.replace("An Bình", commune).replace("12-KH", f"{number}-KH") for line in SAMPLE_PLAN]
    end = lines.index("Nơi nhận:")
    extra = []
    for i in range(extra_sections):
        extra.append(f"{4 + i}. Nhiệm vụ bổ sung số {i + 1} của xã {commune}")
        extra += [
            f"- Xã {commune} giao bộ phận số {i + 1}.{j} kiểm tra {topic} tại thôn số {j}, báo cáo hằng quý."
            for j, topic in enumerate(
                ("cân đo trong chợ", "nhãn hàng hóa", "cột đo xăng dầu", "mã số mã vạch"), 1
            )
        ]
    lines = lines[:end] + extra + lines[end:]
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


QUESTIONS = [
    "Chỉ thị 38 giao nhiệm vụ gì về trung tâm kiểm định ở các vùng kinh tế trọng điểm?",
    "Ai ký Chỉ thị 38-CT/TW?",
    "Kế hoạch của Đảng ủy xã ở Hải Phòng dành ngân sách tối thiểu bao nhiêu?",
    "Chỉ thị 38 yêu cầu gì về tuyên truyền?",
]


def run_cli(args: list[str], settings: Settings, env: dict | None = None, **kw) -> subprocess.Popen:
    """`python -m assistant ...` as its own process over `settings`' folders."""
    full_env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TROLY_DATA_DIR": str(settings.data_dir),
        "TROLY_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        **(env or {}),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", *args], cwd=ROOT, env=full_env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw,
    )  # fmt: skip


def wait_for(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise TimeoutError(f"timed out waiting for {what}")


def latest_job(settings: Settings) -> dict | None:
    jobs = sorted((settings.index_dir / "jobs").glob("*.json"))
    for path in reversed(jobs):
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None


def ask_loop(data_dir: str, knowledge_dir: str, questions: str, out: str, stop: str) -> None:
    from assistant.pipeline import Assistant

    a = Assistant(Settings(knowledge_dir=Path(knowledge_dir), data_dir=Path(data_dir)))
    qs = json.loads(Path(questions).read_text(encoding="utf-8"))
    with open(out, "a", encoding="utf-8") as fh:
        while not Path(stop).exists():
            for q in qs:
                t = time.perf_counter()
                try:
                    ans = a.ask(q)
                    rec = {"q": q, "text": ans.text, "cites": [c.clause.id for c in ans.citations]}
                except Exception as exc:  # recorded: the test fails on any
                    rec = {"q": q, "error": repr(exc)}
                rec |= {
                    "ms": (time.perf_counter() - t) * 1000,
                    "snapshot": a.index.snapshot,
                    "t": time.time(),
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                fh.flush()


if __name__ == "__main__":
    if sys.argv[1] == "ask":
        ask_loop(*sys.argv[2:7])
