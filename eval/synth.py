"""Synthetic local programmes for the scale benchmark: seeded variations of the real local plans.

Each document takes one of the shipped local texts (the Hải Phòng commune plan, the Long An programme, the
Điện Biên letter), puts it in another commune or province, changes its numbers and drops some of its
points, so a large corpus is full of near-duplicates, as a province's real uploads would be. The same seed
gives the same documents, so vectors cached by one run serve the next.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from assistant.config import PROJECT_ROOT
from assistant.sources import read_catalog

KNOWLEDGE = PROJECT_ROOT / "knowledge"
TEMPLATES = {"kh-xa-haiphong": "Hải Phòng", "ctr59-longan": "Long An", "cv59-dienbien": "Điện Biên"}
PROVINCES = ["Bắc Giang", "Nghệ An", "Quảng Ngãi", "Bình Định", "Tây Ninh", "Đồng Tháp", "Thái Bình",
             "Hà Tĩnh", "Phú Thọ", "Kiên Giang", "Lâm Đồng", "Sơn La", "Cà Mau", "Ninh Bình", "Gia Lai"]  # fmt: skip
SYLLABLES = ["An", "Bình", "Hòa", "Phú", "Tân", "Long", "Thạnh", "Hưng", "Mỹ", "Lợi", "Đông", "Tây",
             "Phước", "Thuận", "Quang", "Trung", "Nghĩa", "Xuân", "Vĩnh", "Lộc", "Sơn", "Hải", "Minh"]  # fmt: skip
_BULLET = re.compile(r"^[-+•]\s")
_PERCENT = re.compile(r"\b(\d{1,2})%")


@dataclass(frozen=True)
class Synthetic:
    id: str
    entry: dict  # a catalog [[document]] table
    text: str


def _commune(rng: random.Random) -> str:
    return " ".join(rng.sample(SYLLABLES, 2))


def make(n: int, seed: int = 38, start: int = 0, template: str | None = None) -> list[Synthetic]:
    """Documents start .. start+n-1 of the seeded series (document i is the same in every run); `template`:
    one shipped text for all of them instead of one drawn for each."""
    metas = {m.id: m for m in read_catalog(KNOWLEDGE / "catalog.toml")}
    out = []
    for i in range(start, start + n):
        rng = random.Random(f"{seed}-{i}")
        tid = rng.choice(sorted(TEMPLATES))
        tid = template or tid
        meta = metas[tid]
        text = (KNOWLEDGE / meta.source).read_text(encoding="utf-8")
        province, commune = rng.choice(PROVINCES), _commune(rng)
        number = f"{rng.randint(10, 199)}-KH/ĐU"
        text = text.replace(TEMPLATES[tid], province)
        text = _PERCENT.sub(lambda m, r=rng: f"{max(1, int(m.group(1)) + r.randint(-3, 5))}%", text)
        keep = []
        for para in text.split("\n\n"):
            if _BULLET.match(para) and rng.random() < 0.3:
                continue  # drop some points: documents differ in shape, not only in names
            keep.append(para.replace("của xã", f"của xã {commune}", 1))
        text = f"ĐẢNG ỦY XÃ {commune.upper()}\n\nSố: {number}\n\n" + "\n\n".join(keep)
        doc_id = f"synth-{i:04d}"
        entry = {
            "id": doc_id, "file": f"{doc_id}.txt", "kind": meta.kind, "number": number,
            "short": f"{meta.kind} {number} (xã {commune}, {province})", "title": meta.title,
            "issuer": f"Ban Thường vụ Đảng ủy xã {commune}", "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "level": "xã", "place": province, "signer": "", "implements": ["Chỉ thị số 38-CT/TW"],
            "official": True, "press_note": "", "notes": f"synthetic, seed {seed}, from {tid}",
        }  # fmt: skip
        out.append(Synthetic(doc_id, entry, text))
    return out


def write_knowledge(folder: Path, n: int, seed: int = 38) -> Path:
    """The shipped knowledge/ plus `n` synthetic programmes, as one catalog folder."""
    shutil.copytree(KNOWLEDGE, folder, dirs_exist_ok=True)
    docs = make(n, seed)
    catalog = (folder / "catalog.toml").read_text(encoding="utf-8")
    for d in docs:
        (folder / d.entry["file"]).write_text(d.text + "\n", encoding="utf-8")
    extra = tomli_w.dumps({"document": [d.entry for d in docs]}) if docs else ""
    (folder / "catalog.toml").write_text(catalog.rstrip() + "\n\n" + extra, encoding="utf-8")
    return folder


def write_upload(folder: Path, i: int, seed: int = 38) -> Path:
    """A commune plan of new text as a plain-text file, for timing one add as an upload costs: the same template
    every time (the Hải Phòng commune plan, ~30 clauses), every paragraph marked with the seed so that no vector
    cache of an earlier run holds any of it."""
    d = make(1, seed, start=i, template="kh-xa-haiphong")[0]
    paragraphs = [p + f" (Bản {seed}.)" if len(p.split()) >= 8 else p for p in d.text.split("\n\n")]
    path = folder / f"{d.id}.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path
