"""Premise checks: a question that states a document's issuer, signer, date, a count or a percentage wrongly
is corrected first, cited, before the rest is answered ("Chỉ thị … do Ban Bí thư ban hành, không phải …").

Claims are read from the question with general patterns ("do X ban hành", "X ký", "có N nhóm", "ngày …",
"P% của …") and compared with the document's fact sheet (facts.build_sheet); nothing names a document here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ..names import doc_aliases, number_aliases
from ..schema import Clause, Query
from ..text import normalize
from ..text.lexicon import CARRY_VERBS, KINDS_FOLDED, ORDINAL_NUM, POSTS_FOLDED, SURNAMES, years_said
from ..text.overlap import overlap
from ..text.sentences import split_sentences
from .facts import FactSheet, Sheets, bound_fact, human_date, percent_key
from .references import References

_ORG_WORDS = re.compile(
    r"^(ban|bo|chinh phu|quoc hoi|thu tuong|pho thu tuong|tinh uy|thanh uy|huyen uy|dang uy|uy ban|ubnd|"
    r"hoi dong|so|chu tich|bi thu|tong bi thu|trung uong|van phong|cuc|tong cuc)\b"
)
# where a claimed body ends: a verb or a word after it ("được", not "giao"/"dang"/"de"/"lam", which fold from
# "giáo", "Đảng", "đề", "Lâm" inside names as well)
_STOP = r"(?=\s+(?:ban hanh|ky|phat hanh|dua ra|de ra|ve|yeu cau|quy dinh|neu|co|la|thi|nham|trien khai|gom|voi|vao|nam|ngay|thang|duoc|thuc hien|muc dich|muc tieu|noi dung|y nghia|lam can cu|gui)\b|[,?.!]|$)"
# a claim does not run across another "do/của/bởi": "của Long An do Ủy ban … ban hành" claims the Ủy ban
_ISSUER_CLAIM = re.compile(
    rf"(?<!\btrong )\b(?:do|cua|boi)\s+([\w/-]+(?:\s(?!(?:do|cua|boi)\b)[\w/-]+){{0,7}}?){_STOP}"
)
_ISSUER_LEAD = re.compile(r"^\s*([\w/-]+(?:\s[\w/-]+){0,6}?)\s(?:da\s+|vua\s+)?ban hanh\b")
_SURNAMES = {normalize.fold(s) for s in SURNAMES}
# "… do X ký", then "X ký …" at the start (tried apart: the second must not swallow the first)
_SIGNER_CLAIMS = (
    re.compile(
        r"\b(?:do|duoc)\s+(?:ong|ba|dong chi|d/c)?\s*(\w+(?:\s\w+){0,11}?)\s(?:da\s+|vua\s+)?ky\b(?!\s+(?:thuat|nang|luong|ket))"
    ),
    re.compile(
        r"^\s*(?:ong|ba|dong chi)?\s*(\w+(?:\s\w+){0,7}?)\s(?:da\s+|vua\s+)?ky\b(?!\s+(?:thuat|nang|luong|ket))"
    ),
)
_COUNT_CLAIM = re.compile(
    r"\b(?:co|gom|voi|de ra|dua ra|dat ra|neu|bao gom|chia thanh|xac dinh)\s+"
    r"(\d+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+"
    r"(nhom|nhiem vu|giai phap|muc|diem|noi dung)\b"
)
_DATE_CLAIM = re.compile(
    r"\b(?:ngay|hom|ban hanh|ky|ra doi)\s+(?:ngay\s+|vao\s+|tu\s+)?(\d{1,2})\s*(?:/|thang)\s*(\d{1,2})\s*(?:/|nam)\s*(\d{4})\b"
)
_YEAR_CLAIM = re.compile(
    r"\b(?:ban hanh|ky|ra doi)\s+(?:vao\s+|tu\s+|trong\s+)?(?:thang \d{1,2}\s+)?nam\s+(\d{4})\b"
)
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|phan tram)")


_DEPUTY_POSTS = ("thu tuong", "chu tich", "bi thu", "truong ban", "giam doc", "bo truong")
_FILLER = {
    "o",
    "tai",
    "cua",
    "thuoc",
    "tinh",
    "thanh",
    "pho",
    "huyen",
}  # "Đảng ủy xã ở Hải Phòng" names the same body


_MAX_CHECKED = 8  # documents a question names one by one; a level word naming hundreds names none


@dataclass(frozen=True)
class Correction:
    kind: str  # issuer | signer | count | date | percent | number
    doc_id: str  # the document corrected (a cited document: its number)
    wrong: str
    text: str  # the correction, in Vietnamese, without its marker
    clause: Clause | None  # cited
    true: str = ""  # the right value, whose words pick the sentence quoted beside the correction

    @property
    def quote(self) -> str:
        """The cited clause's own words for the right value (a correction is believed when it is quoted)."""
        if self.clause is None or not self.true:
            return ""
        return quote_for(self.clause, self.true)


def quote_for(clause: Clause, value: str, limit: int = 260) -> str:
    """The sentence (or header line) of a clause that holds `value`, else the one sharing most of its words."""
    whole = " ".join(clause.text.split())
    if len(whole) <= 120:  # a signature, a date line: quoted whole
        return whole
    pieces = [p.strip() for s in split_sentences(clause) for p in re.split(r"\n\s*\n", s.text) if p.strip()]
    want = _words(value)
    if not pieces or not want:
        return ""
    held = [p for p in pieces if _contains_words(_words(p), want)]
    best = min(held, key=len) if held else max(pieces, key=lambda p: len(set(_words(p)) & set(want)))
    if not held and not set(_words(best)) & set(want):
        return ""
    best = " ".join(best.split())
    return best if len(best) <= limit else best[:limit].rsplit(" ", 1)[0] + " …"


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w]+", " ", normalize.folded_key(text)).split()


def _contains_words(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return n > 0 and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def _strip_doc_words(claim: str, query: Query) -> str:
    """Drop words that name the document itself ("Chỉ thị 38 của …") from a claimed body, and the chat
    particles a question ends on ("… của tỉnh ủy Long An vậy")."""
    words = claim.split()
    while words and words[0] in ("ong", "ba", "dong", "chi", "the"):
        words = words[1:]
    while len(words) > 1 and words[-1] in _PARTICLES:
        words = words[:-1]
    return " ".join(words)


_PARTICLES = {"vay", "ah", "ak", "nhi", "nhe", "z", "ko", "khong", "ne"}  # (not "a", "ha": the end of a name)


def _before(folded: str, at: int) -> str:
    """The text before a claim, without the "là" that joins it to the document named ("Chỉ thị 38 là của …")."""
    return folded[:at].rstrip().removesuffix(" la")


# "định kỳ", "kỹ thuật": folded they read "ky" as "ký" (signed); where the question has its accents, they decide
_NOT_SIGNED = re.compile(r"\b[Kk][ỳỷỹỵ]\b")
# "trong đó", "sau đó": folded, "đó" (that) would read as the "do" (by) that claims an issuer or a signer
_THAT = re.compile(r"\b[Đđ]ó\b")


def _folded(text: str) -> str:
    return " ".join(normalize.folded_key(_THAT.sub("doo", _NOT_SIGNED.sub("kyy", text))).split())


def check(query: Query, sheets: Sheets) -> list[Correction]:
    """Corrections for what the question states wrongly about the documents it names."""
    if not query.doc_ids or query.cited_numbers:
        return []  # with a cited document in the question, its claims may be about that one
    if len(query.doc_ids) > _MAX_CHECKED:
        return []  # "kế hoạch của xã …" naming every commune's plan states nothing about one of them
    out: list[Correction] = []
    named = [a for d in query.doc_ids if sheets.get(d) is not None for a in doc_aliases(sheets[d].meta)]
    for folded in claim_texts(query):
        for doc_id in query.doc_ids:
            sheet = sheets.get(doc_id)
            if sheet is None or _about_another(folded, sheet):
                continue
            for fn in (_issuer, _signer, _count, _date):
                c = _issuer(folded, sheet, query, named) if fn is _issuer else fn(folded, sheet, query)
                if c is not None:
                    out.append(c)
        out += _percent(folded, query, sheets)
    seen: set[tuple[str, str]] = set()
    return [c for c in out if (c.kind, c.doc_id) not in seen and not seen.add((c.kind, c.doc_id))]


def claim_texts(query: Query) -> list[str]:
    """Where a message states things: the question, and the sentences the user wrote before it ("Tôi đang
    viết tin: Thủ tướng X ký Quyết định …. Mục đích là gì?"), each statement after a colon read on its own;
    not the previous turn a follow-up leans on (its claims were checked when it was asked)."""
    texts = [query.text]
    if query.context and not query.follow_up:
        texts += [p for p in re.split(r"[:;]\s+|(?<=[.!?])\s+", query.context) if len(p.split()) >= 3]
    return [_folded(t) for t in texts]


_ISSUES_KIND = re.compile(rf"\bban hanh ({KINDS_FOLDED})\b")
_IMPLEMENTING = re.compile(rf"\b(van ban|{KINDS_FOLDED})\s+(thuc hien|trien khai|cu the hoa)\b")


def _about_another(folded: str, sheet: FactSheet) -> bool:
    """ "Kế hoạch thực hiện Chỉ thị 38 do X ban hành": the claim is about the plan, not the Directive."""
    kind = normalize.folded_key(sheet.meta.kind)
    # "… ký Quyết định 1703 ban hành Kế hoạch thực hiện …": the plan is what the document issues, not the subject
    aliases = number_aliases(sheet.meta)  # its number, not its place: "Tỉnh ủy <place> ban hành" is a body

    def issued_by_it(at: int) -> bool:  # "<this document> … ban hành <the plan>"
        before = folded[:at].rstrip()
        return before.endswith("ban hanh") and any(a in before[-70:] for a in aliases)

    # a plan named after the claim, past its comma ("X ký công văn này, vậy … kế hoạch thực hiện …"), is not what
    # it is about; one right after its verb is ("X ban hành kế hoạch thực hiện Chỉ thị 38")
    # "Ban Tuyên giáo Trung ương đã ban hành hướng dẫn tuyên truyền Chỉ thị 38 …": a document of another kind that
    # the body issued, not this one
    if any(
        m.group(1) != kind and not any(a in folded[max(0, m.start() - 70) : m.start()] for a in aliases)
        for m in _ISSUES_KIND.finditer(folded)
    ):
        return True
    verb = re.search(r"\b(?:ky|ban hanh)\b", folded)
    comma = folded.find(",", verb.end()) if verb else -1
    end = comma if comma >= 0 else len(folded)
    return any(
        m.group(1) != kind and not issued_by_it(m.start()) and m.start() < end
        for m in _IMPLEMENTING.finditer(folded)
    )


def _issuer(folded: str, sheet: FactSheet, query: Query, named: list[str] = ()) -> Correction | None:
    """A wrong issuer claimed for the sheet's document ("do X ban hành", "<văn bản> của X", "X ban hành …");
    `named`: the aliases of every document the question names."""
    if sheet.issuer is None:
        return None
    right = _words(sheet.issuer.value) + _words(sheet.meta.signer)
    # "do X ký" claims a signer, not an issuer; "của X" claims the issuer only right after the document's name
    aliases = doc_aliases(sheet.meta)
    claims = [
        m.group(1).strip()
        for m in _ISSUER_CLAIM.finditer(folded)
        if not folded[m.end() :].startswith(" ky")
        and (
            not folded[m.start() :].startswith("cua")
            # ("Chỉ thị 38 là của Bộ Chính trị …": the name, then "là")
            or any(_before(folded, m.start()).endswith(a) for a in aliases)
            # "Chỉ thị 38 … là chỉ thị của Bộ Chính trị": the document's kind, said again
            or folded[: m.start()].rstrip().endswith(f" la {normalize.folded_key(sheet.meta.kind)}")
        )
    ]
    m = _ISSUER_LEAD.match(folded)
    # "X ban hành <văn bản> …" claims the issuer of the document it names next, not of every one named
    after = folded[m.end() :].lstrip() if m else ""
    second = after.split(" ", 1)[1] if " " in after else ""  # "X ban hành kế hoạch <alias>"
    named_next = [a for a in named if after.startswith(a) or second.startswith(a)] if m else []
    if m and (not named_next or any(a in aliases for a in named_next)):
        # "Bí thư Đảng ủy của xã ban hành kế hoạch …": whose post it is names the issuer, not the post
        claims.append(m.group(1).strip().rsplit(" cua ", 1)[-1])
    for claim in claims:
        claim = _strip_doc_words(claim, query)
        if not _ORG_WORDS.match(claim) or re.search(rf"\b({KINDS_FOLDED})\b", claim):
            continue
        if re.search(r"\b(?:nao|gi|ai|may|dau|bao nhieu)\b", claim):
            continue  # "… của cấp tỉnh. Công văn đó số mấy?": a question, not a claim
        place = set(_words(sheet.meta.place))
        words = claim.split()
        # "Tỉnh ủy", "Huyện ủy", "Thành ủy" are bodies: their "tỉnh" is no filler
        core = [
            w for i, w in enumerate(words)
            if w not in place and (w not in _FILLER or words[i + 1 : i + 2] == ["uy"])
        ]  # fmt: skip
        if any(not ws or _contains_words(right, ws) for ws in (words, core)):
            continue
        if _contains_words(words, _words(sheet.issuer.value)):
            continue
        return Correction(
            "issuer", sheet.meta.id, claim,
            f"{sheet.meta.short} do {sheet.issuer.value} ban hành, không phải {_as_written(query, claim)}",
            sheet.issuer.clause, sheet.issuer.value,
        )  # fmt: skip
    return None


def _signer(folded: str, sheet: FactSheet, query: Query) -> Correction | None:
    if sheet.signer is None or "ky ket" in folded:
        return None
    right = _words(sheet.signer.value)
    # "… chỉ thị do ông X ký" in a question about a plan: the claim is the directive's, not this document's
    own = normalize.folded_key(sheet.meta.kind)

    def another_kinds(at: int) -> bool:
        k = re.search(rf"\b({KINDS_FOLDED})(?:\s+(?:do|duoc))?(?:\s+(?:ong|ba|dong chi))?\s*$", folded[:at])
        return bool(k) and k.group(1) != own

    claims = [m.group(1).strip() for m in _SIGNER_CLAIMS[0].finditer(folded) if not another_kinds(m.start())]
    # "X ký …" opening the question claims a signer only when X is a person or a post ("Tính từ ngày ký …")
    claims += [
        c for m in _SIGNER_CLAIMS[1].finditer(folded)
        if re.search(rf"\b(?:{POSTS_FOLDED})\b", c := m.group(1).strip()) or set(c.split()) & _SURNAMES
    ]  # fmt: skip
    # "Vì sao Bí thư Hà Văn Toản lại trực tiếp ký …": a person the question names, then "ký"
    for person in _persons(query):
        said = re.search(
            rf"\b{re.escape(person)}(?:\s+\w+){{0,3}}\s+ky\b(?!\s+(?:thuat|nang|luong|ket))", folded
        )
        if said and not another_kinds(said.start()):
            claims.append(person)
    for claim in claims:
        claim = _strip_doc_words(claim, query)
        words = [w for w in claim.split() if w not in ("ai", "nguoi", "nao")]
        if len(words) < 2 or any(w in ("ai", "nao", "gi") for w in claim.split()):
            continue
        if re.search(rf"\b(van ban|{KINDS_FOLDED})\b", claim):
            continue
        if any(ch.isdigit() for ch in claim) or words[-1] == "duoc":
            continue  # "Chỉ thị 38 được ký …" names the document, not a signer
        if set(words) <= set(right):  # the same person and post, in any order
            deputy = "pho" in right and "pho" not in words and any(p in claim for p in _DEPUTY_POSTS)
            if not deputy:
                continue  # right, unless the signer is the deputy ("Phó Thủ tướng")
        if _contains_words(_words(sheet.issuer.value if sheet.issuer else ""), words):
            continue  # "do Ban Bí thư ký" names the body the signer signs for
        return Correction(
            "signer", sheet.meta.id, claim,
            f"{sheet.meta.short} do {sheet.signer.value} ký, không phải {_as_written(query, claim)}",
            sheet.signer.clause, sheet.signer.value,
        )  # fmt: skip
    return None


def _as_written(query: Query, claim: str) -> str:
    """The claimed words as the user typed them: in the question with its abbreviations expanded ("UBND" →
    "Ủy ban nhân dân"), else in the whole message (a claim in the sentence before the question)."""
    found = normalize.find_as_written(query.text, claim)
    return found if found != claim else normalize.find_as_written(query.question, claim)


def _persons(query: Query) -> list[str]:
    """Folded names of people the question names: from a family name to the end of a named thing."""
    out = []
    for n in query.named:
        words = n.text.split()
        at = next((i for i, w in enumerate(words) if normalize.key(w) in SURNAMES and w[:1].isupper()), None)
        if at is not None and len(words) - at >= 2:
            out.append(" ".join(_words(" ".join(words[at:]))))
    return out


def _count(folded: str, sheet: FactSheet, query: Query) -> Correction | None:
    m = _COUNT_CLAIM.search(folded)
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else ORDINAL_NUM.get(m.group(1))
    unit = m.group(2).split()[0]
    for key, (count, clause) in sheet.counts.items():
        if normalize.fold(key) == unit and n and count != n:
            return Correction(
                "count", sheet.meta.id, m.group(0),
                f"{sheet.meta.short} nêu {count} {m.group(2) if not normalize.has_diacritics(query.text) else key} "
                f"(không phải {n})",
                clause, f"{count} {key}",
            )  # fmt: skip
    return None


def _date(folded: str, sheet: FactSheet, query: Query) -> Correction | None:
    real = sheet.date_value
    if real is None or sheet.date is None:
        return None
    aliases = number_aliases(sheet.meta)
    if query.claim and folded == _folded(query.text):
        # "… họp ngày 10/7/2025 …, vậy … ban hành ngày nào?": only what it states
        folded = _folded(query.claim)
    m = next((m for m in _DATE_CLAIM.finditer(folded) if _issue_date(folded, m, aliases)), None)
    if m:
        try:
            claimed = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
        if claimed != real:
            return Correction(
                "date", sheet.meta.id, claimed.isoformat(),
                f"{sheet.meta.short} ban hành ngày {sheet.date.value}, không phải ngày {human_date(claimed.isoformat())}",
                sheet.date.clause, sheet.date.value,
            )  # fmt: skip
        return None
    y = _YEAR_CLAIM.search(folded)
    if y and int(y.group(1)) != real.year:
        return Correction(
            "date", sheet.meta.id, y.group(1),
            f"{sheet.meta.short} ban hành ngày {sheet.date.value}, không phải năm {y.group(1)}",
            sheet.date.clause, sheet.date.value,
        )  # fmt: skip
    return None


def _issue_date(folded: str, m: re.Match, aliases: set[str]) -> bool:
    """Whether a "ngày …" the question writes is said to be the document's: right after its name ("Chỉ thị 38
    ngày …"), or with the verb of issuing ("Ngày … Tỉnh ủy ban hành …"); not a meeting's date or a deadline
    ("phiên họp ngày 16/5", "trước ngày 30/6")."""
    if not m.group(0).startswith(("ngay", "hom")):
        return True  # "ban hành ngày …", "ký ngày …"
    before = folded[: m.start()].rstrip()
    if re.search(r"(?:^|\s)(?:truoc|den|han|tu|sau|cham nhat)$", before):  # (not the "TU" of "59-CTr/TU")
        return False
    for a in aliases:
        if before.endswith(a) or before[-40:].endswith(f"{a}/"):
            # "hội nghị quán triệt Chỉ thị 38 hôm 26/11/2024": the day of the act done with the document
            return not re.search(rf"\b(?:{_CARRIED})\s+(?:\w+\s+){{0,2}}{re.escape(a)}$", before)
    return bool(re.search(r"\b(?:ban hanh|ky|ra doi)\b", folded[m.end() : m.end() + 60]))


# what is done with a document on a day (carried out, reviewed, sent, received): that day is not its date
_CARRIED = f"{CARRY_VERBS}|so ket|tong ket|gui|nhan"


def _percent(folded: str, query: Query, sheets: Sheets) -> list[Correction]:
    """A percentage attributed to a document that does not contain it, but another one does."""
    if len(query.doc_ids) != 1:
        return []
    doc_id = query.doc_ids[0]
    out = []
    for m in _PERCENT.finditer(folded):
        p = percent_key(m.group(0))
        own = sheets.get(doc_id)
        if own is None or p in own.percents:
            continue
        d = next((d for d in sheets.percent_docs.get(p, []) if d != doc_id), None)
        if d is not None:  # the first document stating it (the one sheet made)
            clause = sheets[d].percents[p]
            out.append(Correction(
                "percent", doc_id, p,
                f"{own.meta.short} không nêu con số {p}; con số này có trong {sheets[d].meta.short}",
                clause, p,
            ))  # fmt: skip
    return out


# a date or year the question writes after a cited number, with no other number between ("03-KH/TU của … ngày …")
_DATE_AFTER = re.compile(r"^[^\d]{0,60}?\b(\d{1,2})\s*(?:/|thang)\s*(\d{1,2})\s*(?:/|nam)\s*(\d{4})\b")
_TARGET = re.compile(r"^[^\d]{0,60}?\b(?:den|truoc|toi|han|chi tieu|muc tieu|giai doan)\s+(?:ngay|nam)?\s*\d")
_YEAR_AFTER = re.compile(r"^[^\d]{0,40}?\bnam\s+(\d{4})\b")


def check_cited(query: Query, refs: References) -> list[Correction]:
    """Corrections for what the question states wrongly about a document the texts cite: its number
    mistyped ("1874-CV/BTGTU" where the texts cite 1847-CV/BTGTU), or a date other than the one written
    next to it. Cited where the texts cite it."""
    folded = _folded(query.text)
    out: list[Correction] = []
    for n in query.cited_numbers:
        ref = refs.get(n.text)
        key = normalize.folded_key(n.text)
        if ref is None and not n.known:
            ref = refs.near(n.text)
            if ref is not None:
                dated = f" ngày {ref.date_text}" if ref.date_text else ""
                out.append(Correction(
                    "number", ref.number, key,
                    f"văn bản được nhắc đến là {ref.label}{dated}, không phải {n.text}", ref.clause,
                    ref.number,
                ))  # fmt: skip
                continue
        at = folded.find(key)
        if ref is None or ref.date is None or at < 0:
            continue
        after = folded[at + len(key) :]
        if _TARGET.search(after[:80]):
            continue  # "… 31-KH/HU đặt chỉ tiêu đến năm 2030": a target, not when it was issued
        m = _DATE_AFTER.match(after)
        claimed = ""
        if m:
            try:
                day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
            claimed = f"ngày {human_date(day.isoformat())}" if day != ref.date else ""
        else:
            y = _YEAR_AFTER.match(after)
            claimed = f"năm {y.group(1)}" if y and int(y.group(1)) != ref.date.year else ""
        if claimed:
            out.append(Correction(
                "date", ref.number, claimed,
                f"{ref.label} ban hành ngày {ref.date_text}, không phải {claimed}", ref.clause,
                ref.date_text,
            ))  # fmt: skip
    return out


# "Tổ giúp việc có tối đa 15 thành viên, vậy …": a count the question states, with what it counts
_CLAIMED_COUNT = re.compile(r"(?<![\d/.,])(\d{1,4})\s+([a-z]+(?: [a-z]+){0,2})")
# "mục tiêu đến năm 2025": a target year the question states, and one a sentence sets
_CLAIMED_TARGET = re.compile(r"\b(?:den|toi) nam (\d{4})\b")  # ("… tới năm 2025 thôi")
_TARGET_YEAR = re.compile(r"\b[Đđ]ến năm (\d{4})\b")
# "báo cáo trước ngày 31/12 hằng năm": a day of the year the question states
_CLAIMED_DAY = re.compile(r"\bngay (\d{1,2})\s*/\s*(\d{1,2})\b(?!\s*/\s*\d)")
_GOES_ON = {"thi", "va", "ma", "la", "nhung", "con", "cua", "thuoc", "nhu", "de"}
_NOT_COUNTED = re.compile(r"^(?:ngay|thang|nam|tuan|quy|gio|phan tram|lan|sao|tieu chi)\b")


def check_figures(query: Query, ranked: list, sheets: Sheets) -> list[Correction]:
    """A percentage or a count the question states before it asks, where the sentence about the same thing
    says another ("… tối thiểu 15% …; ngoài ngân sách …?" — the plan writes "tối thiểu 10%"). Only in the
    stating part of a question that goes on to ask something else: "trong 24 sản phẩm, bao nhiêu …?" states
    no premise."""
    if not query.claim or len(query.doc_ids) > 1:
        return []
    claim = _folded(query.claim)
    tail = set(query.tail_focus)
    focus = tuple(t for t in query.focus if t not in tail)
    if not focus:
        return []
    bind = replace(query, focus=focus, current=False, years=tuple(sorted(years_said(query.claim))))
    out: list[Correction] = []
    for m in _PERCENT.finditer(claim):
        fact = bound_fact("percent", bind, ranked)
        if fact is not None and percent_key(fact.value) not in ("", percent_key(m.group(0))):
            written = re.search(rf"{m.group(1)}\s*(?:%|phần trăm)", query.claim)
            out.append(_figure(fact, sheets, written.group(0) if written else m.group(0), "percent"))
            break
    counts = list(_CLAIMED_COUNT.finditer(claim))
    for m in counts:
        number, noun = int(m.group(1)), m.group(2)
        if 1900 <= number <= 2100 or _NOT_COUNTED.match(noun):
            continue
        # "300 lượt cán bộ": the three words, else two, else one ("09 thành viên" written, "15 người" asked: none)
        # ("150 cơ sở thì …": the noun ends where the sentence goes on)
        words = noun.split()
        words = words[: next((i for i, w in enumerate(words) if i and w in _GOES_ON), len(words))]
        # "kiểm tra 150 cơ sở thì có 27 cơ sở vi phạm": two counts of one noun, which is which is not said; a
        # count a read sentence writes ("kế hoạch 150 cơ sở") is no wrong one
        if any(o is not m and o.group(2).split()[0] == words[0] for o in counts) or any(
            re.search(rf"(?<![\d.,]){number}\s+{words[0]}\b", normalize.fold(sent.text.lower()))
            for sent, _ in ranked
        ):
            continue
        fact = next(
            (f for n in range(len(words), 0, -1)
             if (f := bound_fact("count", replace(bind, counted=" ".join(words[:n]), stated=()), ranked))),
            None,
        )  # fmt: skip
        said = re.search(r"\d+", fact.value) if fact is not None else None
        if said and int(said.group(0)) != number:
            written = re.search(rf"(?<![\d/.,]){m.group(1)}(?:\s+\w+){{1,3}}", query.claim)
            out.append(_figure(fact, sheets, written.group(0) if written else m.group(0), "count"))
            break
    for m in _CLAIMED_TARGET.finditer(claim):
        # "Long An đặt mục tiêu đến năm 2025 …": the year the clause of the sentence most about that aim sets
        about, best = max(
            ((overlap(s.text, list(focus)), s) for s, _ in ranked), key=lambda x: x[0], default=(0, None)
        )
        clause = best.clause if best is not None and about >= 0.2 else None
        said = _TARGET_YEAR.search(clause.text) if clause is not None else None
        # (a clause that sets targets for several years, the claimed one among them, is no contradiction)
        if said and m.group(1) not in {y.group(1) for y in _TARGET_YEAR.finditer(clause.text)}:
            short = sheets[clause.doc_id].meta.short
            out.append(Correction(
                "date", clause.doc_id, f"đến năm {m.group(1)}",
                f"{short} ghi «{said.group(0)}», không phải đến năm {m.group(1)}", clause, said.group(0),
            ))  # fmt: skip
            break
    for m in _CLAIMED_DAY.finditer(claim):
        fact = bound_fact("date", replace(bind, wants_day=True), ranked)
        said = re.search(r"(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})", fact.value) if fact is not None else None
        if said and (int(said.group(1)), int(said.group(2))) != (int(m.group(1)), int(m.group(2))):
            written = re.search(rf"ngày\s+{m.group(1)}\s*/\s*{m.group(2)}", query.claim)
            out.append(_figure(fact, sheets, written.group(0) if written else m.group(0), "date"))
            break
    return out


def _figure(fact, sheets: Sheets, claimed: str, kind: str) -> Correction:
    value, clause = fact.value.split("\x00")[0], fact.sentence.clause
    short = sheets[clause.doc_id].meta.short
    return Correction(
        kind, clause.doc_id, claimed, f"{short} ghi «{value}», không phải {claimed}", clause, value
    )
