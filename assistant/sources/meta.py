"""A document's catalog entry: guessed from its own header, then corrected by what the user gives."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace
from pathlib import Path

from assistant.clauses import subject_line
from assistant.schema import DocMeta
from assistant.sources.errors import DocumentError
from assistant.sources.reflow import DECORATION, clean_line, is_all_caps, marker_kind, starts_lower
from assistant.text.lexicon import DOC_KIND_CODES, DOC_KINDS, KINDS_RX, MOTTOS, POSTS_FOLDED
from assistant.text.normalize import fold, key, nfc

# the kinds a header writes in capitals ("HƯỚNG DẪN"), and the codes its number carries ("27-HD/…"), folded
_KINDS = {k.upper(): k for k in DOC_KINDS}
_KIND_CODES = {fold(code).upper(): kind[:1].upper() + kind[1:] for kind, code in DOC_KIND_CODES.items()}
_NUMBER = re.compile(r"(?<!\w)(?:Số|SỐ)\s*:?\s*(\d+\s*[-–/]\s*\w[^\s,;]*)")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_SIGN = re.compile(r"^\W*(?:T/M|K/T|TM\.|KT\.|TM\s|KT\s)")
# a parent body over the issuing department in the header's first lines, and the department's head word
_PARENT = re.compile(r"^(?:UBND|ỦY BAN NHÂN DÂN)\s+((?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ)\s+\S.*)$")
_PARTY_PARENT = re.compile(r"^(?:TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY|QUẬN ỦY|THỊ ỦY|ĐẢNG ỦY)\s+\S")
_UNIT = re.compile(r"^(?:SỞ|PHÒNG|BAN|CHI CỤC|TRUNG TÂM|VĂN PHÒNG|THANH TRA|ỦY BAN KIỂM TRA)(?:\s|$)")
_POST_LINE = re.compile(rf"^(?:{POSTS_FOLDED})$", re.IGNORECASE)
_SUBJECT_LINE = re.compile(r"^V/[vV]\b")  # "V/v …" (về việc): an official letter's subject
_CITED = re.compile(rf"({KINDS_RX})\s+(?:số\s+)?(\d+\s*[-/]\s*[^\s,;]+)")
_HEADER_LINES = 30


def _without_mottos(line: str) -> str:
    for motto in MOTTOS:
        line = line.replace(motto, " ")
    return clean_line(line)


def _iso_date(day: int, month: int, year: int) -> str:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def slugify(text: str, max_len: int = 60) -> str:
    """Readable ascii id: 'Kế hoạch 12-KH/ĐU' -> 'ke-hoach-12-kh-du'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(nfc(text)).lower()).strip("-")
    return slug[:max_len].rstrip("-")


def unique_id(base: str, existing: set[str]) -> str:
    base = base or "van-ban"
    candidate, n = base, 2
    while candidate in existing:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def guess_meta(text: str, filename: str, existing_ids: set[str]) -> DocMeta:
    """Best-effort catalog entry from the document's own header, for when the user gives none."""
    lines = [x for x in (clean_line(y) for y in nfc(text).splitlines()) if x]
    head = lines[:_HEADER_LINES]

    number = ""
    for line in head:
        m = _NUMBER.search(line)
        if m:
            number = re.sub(r"\s*([-–/])\s*", lambda g: "-" if g.group(1) in "-–" else "/", m.group(1))
            number = number.rstrip(".")
            break

    kind, kind_idx, kind_rest = "", -1, ""
    for i, line in enumerate(head[:15]):
        for word, name in _KINDS.items():
            if line.startswith(word) and (len(line) == len(word) or not line[len(word)].isalpha()):
                kind, kind_idx, kind_rest = name, i, line[len(word) :].strip(" :-–")
                break
        if kind:
            break
    if not kind and number:
        code = re.match(r"^\d+[-/]([^\W\d_]+)", number)
        code2 = re.search(r"/([^\W\d_]+)-", number)
        for c in (code and code.group(1), code2 and code2.group(1)):
            if c and fold(c).upper() in _KIND_CODES:
                kind = _KIND_CODES[fold(c).upper()]
                break
    if not kind and any(_SUBJECT_LINE.match(line) for line in head[:15]):
        kind = "Công văn"  # an official letter has no kind title; its subject line "V/v …" marks it
    kind = kind or "Văn bản"

    date, place = "", ""
    for line in head:
        m = _DATE.search(line)
        if m:
            date = _iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            before = _without_mottos(line[: m.start()])
            before = _NUMBER.sub(" ", before)
            # ("   *   Lam Giang, ngày …": the rule under the issuer is no part of the place)
            place = clean_line(before).strip(" ,.-–*")
            break

    # issuer: the capitalised lines at the very top, before the title, mottos removed
    issuer_lines: list[str] = []
    title_issuer = ""
    for i, line in enumerate(head[:12]):
        if i == kind_idx or _NUMBER.search(line) or _DATE.search(line):
            if issuer_lines and (i == kind_idx):
                break
            continue
        cleaned = _without_mottos(line)
        if not cleaned or DECORATION.match(cleaned):
            continue
        if is_all_caps(cleaned) or (cleaned.isupper() and len(cleaned) > 2):
            if kind_idx >= 0 and i > kind_idx:
                break
            issuer_lines.append(cleaned)
        elif issuer_lines or i > 3:
            break
    if kind_idx >= 0 and kind_idx + 1 < len(head):
        m = re.match(r"^CỦA\s+(.+)$", head[kind_idx + 1])
        if m and is_all_caps(head[kind_idx + 1]):
            title_issuer = m.group(1)
    if len(issuer_lines) > 1 and issuer_lines[0].startswith("ĐẢNG BỘ"):
        issuer_lines = issuer_lines[1:]  # the parent Party organisation; the issuer is the line below
    elif (
        len(issuer_lines) > 1 and (parent := _PARENT.match(issuer_lines[0])) and _UNIT.match(issuer_lines[1])
    ):
        # "UBND TỈNH NAM THÀNH / SỞ KHOA HỌC VÀ CÔNG NGHỆ": the body above is the parent; the issuer is the
        # department, of the parent's place
        issuer_lines = [*issuer_lines[1:], parent.group(1)]
    elif len(issuer_lines) > 1 and _PARTY_PARENT.match(issuer_lines[0]) and _UNIT.match(issuer_lines[1]):
        # "TỈNH ỦY LAM SƠN / BAN TUYÊN GIÁO VÀ DÂN VẬN": the committee's board, "Ban … Tỉnh ủy Lam Sơn"
        issuer_lines = [*issuer_lines[1:], issuer_lines[0]]
    body = [x for x in lines if not is_all_caps(x)]
    issuer = as_written(" ".join(issuer_lines) or title_issuer, body + [place])

    title = _guess_title(head, kind_idx, kind_rest) or (lines[0] if lines else "")
    title = title[:300]

    level = _guess_level(issuer)
    signer = _guess_signer(lines, body)
    cited = (f"{k} số {''.join(n.split())}" for k, n in _CITED.findall(title))
    implements = tuple(dict.fromkeys(cited))

    short = f"{kind} {number}" if number else f"{kind} {title[:40]}".rstrip(" ,;:-")
    base = slugify(f"{kind} {number}") if number else slugify(Path(filename).stem)
    return DocMeta(
        id=unique_id(base, set(existing_ids)),
        kind=kind,
        number=number,
        title=title,
        issuer=issuer,
        date=date,
        level=level,
        short=short,
        signer=signer,
        implements=implements,
        official=True,
        source=filename,
        place=place,
    )


_ORDINARY = set(
    "tỉnh ủy uỷ huyện xã phường thị trấn thành phố quận ban đảng bộ khối cơ quan và các của nhân dân hội đồng "
    "thường vụ chấp hành kiểm tra tuyên giáo dân vận tổ chức văn phòng sở phòng chi cục trung tâm doanh nghiệp "
    "khoa học công nghệ tài chính nội vụ".split()
)


def as_written(name: str, body: list[str]) -> str:
    """A name the header writes in capitals ("ĐẢNG ỦY XÃ AN BÌNH"), cased as the body (and the place line)
    write its parts ("Đảng ủy", "xã", "An Bình"), longest part first; a word never written is a name's
    ("Lam Thạch"), capitalised, save the ordinary words bodies' names are made of."""
    if not name or not is_all_caps(name):
        return name
    text = " " + " | ".join(body) + " "
    lower = text.lower()  # the same length: positions carry over
    words, out, i = name.split(), [], 0
    while i < len(words):
        for j in range(len(words), i, -1):
            part = " ".join(words[i:j])
            at = lower.find(f" {part.lower()} ")
            if at >= 0:
                out.append(text[at + 1 : at + 1 + len(part)])
                i = j
                break
        else:  # never written in the body: an ordinary word of bodies' names in lower case, a place's own
            word = words[i].lower()  # name capitalised ("TỈNH ỦY LAM THẠCH": "tỉnh ủy Lam Thạch")
            out.append(word if word in _ORDINARY else word.capitalize())
            i += 1
    cased = " ".join(out)
    return cased[:1].upper() + cased[1:]


def _guess_title(head: list[str], kind_idx: int, kind_rest: str) -> str:
    def stops(line: str) -> bool:
        return bool(
            DECORATION.match(line)
            or _NUMBER.search(line)
            or _DATE.search(line)
            or marker_kind(line)
            or line.startswith(("Căn cứ", "Thực hiện", "Kính gửi"))
        )

    if kind_idx >= 0:
        parts = [kind_rest] if kind_rest else []
        for line in head[kind_idx + 1 : kind_idx + 6]:
            if not parts and re.match(r"^CỦA\s", line) and is_all_caps(line):
                continue  # "CỦA BAN BÍ THƯ": the issuer, not the subject
            # "Thực hiện công tác …" right under the kind, with no full stop, is the subject, as the parser reads it
            subject = not parts and subject_line(line) and not _NUMBER.search(line) and not _DATE.search(line)
            if stops(line) and not subject:
                break
            if parts and not (starts_lower(line) or (is_all_caps(parts[-1]) and is_all_caps(line))):
                break
            parts.append(line)
        return " ".join(parts)
    for i, line in enumerate(head):  # a Công văn: "V/v ..." (về việc) is its subject
        if _SUBJECT_LINE.match(line) or line.startswith("Về việc"):
            parts = [line]
            for nxt in head[i + 1 : i + 4]:
                if stops(nxt) or not starts_lower(nxt):
                    break
                parts.append(nxt)
            return " ".join(parts)
    return ""


def _guess_level(issuer: str) -> str:
    k = " ".join(key(issuer).split())
    if re.search(r"\bthị (?:xã|ủy)\b", k):
        return "huyện"
    if re.search(r"\b(xã|phường|thị trấn)\b(?! hội)", k):
        return "xã"
    if re.search(r"\b(huyện|quận|huyện ủy|quận ủy)\b", k):
        return "huyện"
    if re.search(r"\b(tỉnh|thành phố|thành ủy|tỉnh ủy)\b", k):
        return "tỉnh"
    if re.search(r"\btrung ương\b|\bban bí thư\b|\bbộ chính trị\b", k):
        return "Trung ương"
    if re.search(r"\bchính phủ\b|\bthủ tướng\b", k):
        return "Chính phủ"
    return ""


def _guess_signer(lines: list[str], body: list[str]) -> str:
    """ "Name (T/M Đảng ủy, Bí thư)": the name under the last signature formula, with the formula and the post
    written above it, cased as the body (the lines not in capitals) writes them (the form the catalog uses)."""
    idx = max((i for i, x in enumerate(lines) if _SIGN.match(x)), default=-1)
    if idx < 0:  # a head signing in their own right: "GIÁM ĐỐC" over the name, no T/M or KT.
        idx = max(
            (i for i, x in enumerate(lines[-12:], len(lines) - 12) if _POST_LINE.match(fold(x))), default=-1
        )
    if idx < 0:
        return ""
    block: list[str] = []
    for line in lines[idx + 1 : idx + 9]:
        if len(line) > 50:
            break
        block.append(line.strip("*_ "))
    candidates = [
        x for x in block if x and not x.startswith(("-", "(", "–")) and not any(ch.isdigit() for ch in x)
    ]
    name = ""
    for x in candidates:  # a name: 2-5 capitalised words, not all capitals
        words = x.split()
        if 2 <= len(words) <= 5 and all(w[0].isupper() for w in words) and not is_all_caps(x):
            name = x
            break
    if not name:
        return candidates[-1] if candidates else ""
    posts = [lines[idx]] + [x for x in block[: block.index(name)] if x and is_all_caps(x)]
    cased = []
    for post in posts:
        m = _SIGN.match(post)
        formula, rest = (post[: m.end()].strip(), post[m.end() :].strip()) if m else ("", post)
        # T/M: the body signed for, as the text writes it; K/T, TL.: a post, as posts are written
        if rest.isupper():
            rest = as_written(rest, body) if formula.startswith(("T/M", "TM")) else _as_post(rest)
        cased.append(" ".join(x for x in (formula, rest) if x))
    return f"{name} ({', '.join(cased)})" if cased else name


def _as_post(caps: str) -> str:
    """ "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch", "BÍ THƯ" -> "Bí thư": the post's first word capitalised, and the one
    after "Phó"."""
    words = caps.lower().split()
    return " ".join(
        w[:1].upper() + w[1:] if i == 0 or (i == 1 and words[0] == "phó") else w for i, w in enumerate(words)
    )


_OVERRIDABLE = {
    "title",
    "number",
    "date",
    "kind",
    "issuer",
    "level",
    "signer",
    "short",
    "id",
    "place",
    "notes",
    "implements",
    "official",
    "press_note",
}


def parse_date(value: str, name: str = "") -> str:
    """dd/mm/yyyy, d-m-yyyy or ISO yyyy-mm-dd -> ISO; DocumentError otherwise."""
    value = value.strip()
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", value)
    iso = ""
    if m:
        iso = _iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if m:
            iso = _iso_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if not iso:
        where = f"Tệp «{name}»: " if name else ""
        raise DocumentError(
            f"{where}ngày ban hành «{value}» không hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm, "
            "ví dụ 05/03/2025."
        )
    return iso


def apply_overrides(meta: DocMeta, overrides: dict, name: str) -> DocMeta:
    unknown = set(overrides) - _OVERRIDABLE
    if unknown:
        raise DocumentError(
            f"Tệp «{name}»: không có trường thông tin {', '.join(sorted(unknown))}. "
            "Vui lòng chỉ điền các trường có trên biểu mẫu."
        )
    given = {k: v for k, v in overrides.items() if v is not None and v != "" and v != [] and v != ()}
    changes: dict = {}
    for k, v in given.items():
        if k == "official":
            changes[k] = bool(v)
        elif k == "implements":
            items = re.split(r"[;\n]", v) if isinstance(v, str) else list(v)
            changes[k] = tuple(nfc(str(x)).strip() for x in items if str(x).strip())
        elif k == "date":
            changes[k] = parse_date(str(v), name)
        else:
            changes[k] = clean_line(nfc(str(v)))
    if "number" in changes:
        changes["number"] = re.sub(r"\s*([-–])\s*", "-", changes["number"])
    if "id" in changes:
        slug = slugify(changes["id"])
        if not slug:
            raise DocumentError(
                f"Tệp «{name}»: mã văn bản «{changes['id']}» không hợp lệ. Vui lòng dùng chữ cái không dấu, "
                "chữ số và dấu gạch ngang, ví dụ ke-hoach-12-kh-du."
            )
        changes["id"] = slug
    if (
        "issuer" in changes and "level" not in changes
    ):  # the level the header's issuer suggested is the new one's
        changes["level"] = _guess_level(changes["issuer"]) or meta.level
    new = replace(meta, **changes)
    if "short" not in changes and ({"kind", "number", "title"} & set(changes)):
        short = f"{new.kind} {new.number}" if new.number else f"{new.kind} {new.title[:40]}".rstrip(" ,;:-")
        new = replace(new, short=short)
    return new
