"""Understand a question once: `understand(message, catalog, history) -> Query`.

The only place that parses a question. It expands abbreviations (CT38, QĐ 1703, TĐC), splits a two-sentence
message into context and question, finds the documents and the point it names (against aliases compiled once
per index), the kinds of fact it asks for, and the things it names (organisations, places, posts, people,
document numbers, dates, percentages) with whether any document contains them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .docnames import COMPARE_Q, DATE_CALC, LEVEL_WORD_SET, carrying_out, find_described, find_named
from .messages import asked_folded, asking_part, resolve_that, split_asks, split_context
from .names import INITIALS_HEADS, Catalog, head_at, named_things
from .schema import Clause, NamedThing, Query
from .text import normalize
from .text.lexicon import (
    ABBREVIATIONS,
    ASKED_KIND,
    CHAT_SHORTHAND,
    KINDS_FOLDED,
    KINDS_RX,
    ORDINAL_NUM,
    POINT_UNITS,
    POSTS_FOLDED,
    STOPWORDS,
    years_said,
)
from .text.overlap import content_terms

# ---- what kind of answer is asked for (folded patterns) --------------------------------------------------
FACT_QUESTIONS: dict[str, re.Pattern] = {
    "date": re.compile(
        r"\b(khi nao|ngay nao|ngay bao nhieu|thoi gian nao|nam nao|thang nao|bao gio|ngay ban hanh|ngay ky|"
        r"han chot|thoi han|tu ngay|hieu luc|truoc|sau|cach nhau|bao lau(?!(?: \w+){0,6} (?:mot|1) lan)|bao nhieu ngay|may ngay|bao nhieu thang|"
        r"may thang|som nhat|muon nhat|moi nhat|thang may|ngay may|nam may|luc nao|dip nao|thoi diem nao|hom nao|bua nao)\b"
    ),
    "percent": re.compile(
        # (not "15%" the question states: a claim, not an ask)
        r"\b(bao nhieu phan tram|(?<!\d )(?<!\d)phan tram|toi thieu bao nhieu|(?:ty|ti) le\b.*\bbao nhieu)\b"
    ),
    "signer": re.compile(
        # (not "được ký ban hành tại đâu, ngày nào?": the verb, not its signer)
        r"\b(ai ky|nguoi ky|ky boi|do ai ky|ky ban hanh (?:boi )?ai|ai la nguoi ky|ai da ky|ai ky ten|ai dung ten"
        r"|(?:dong chi|ong|ba|nguoi) nao (?:da )?ky"
        r"|ky\b(?: \S+){0,6} la (?:dong chi|ong|ba|ai) nao)\b"  # "… ký CTr 59 là đ/c nào"
    ),
    "number": re.compile(r"\b(so hieu|so ky hieu|so may|ky hieu|so van ban|mang so)\b"),
    # "trên cơ sở kế hoạch nào …?": a document the texts cite, answered by its number ("văn bản nào" may be
    # one of the knowledge base's own, which carry no number in their text)
    # ("có kế hoạch gì cho …" asks what is planned, not for a document)
    "reference": re.compile(
        ASKED_KIND + r"(?<!\bco ke hoach gi)(?<!\bco chuong trinh gi)"
        # "căn cứ kế hoạch số mấy …?", "thực hiện công văn số nào?": a cited document asked by its number
        rf"|\b(?:can cu|dua vao|dua tren|tren co so|thuc hien|trien khai)(?: \w+){{0,2}} (?:{KINDS_FOLDED}) (?:so may|so nao)\b"
        # "ra đời để thực hiện văn bản nào?": the document a text says it carries out
        r"|\b(?:can cu|dua vao|dua tren|tren co so|de thuc hien|de trien khai) van ban nao\b"
        # "… viện dẫn những văn bản nào?": the documents a text cites
        rf"|\b(?:vien dan|trich dan|dan chieu|nhac den|nhac toi) (?:nhung |cac )?(?:van ban|{KINDS_FOLDED}) nao\b"
    ),
    # "hạng mấy", not "mỗi loại bao nhiêu cơ sở" (how many of each kind)
    "rank": re.compile(r"\b(?<!moi )(loai|hang|cap|bac|nhom|vung) (may|thu may|bao nhieu)\b"),
    # (not "bao nhiêu vậy", "bao nhiêu một năm", "bao nhiêu phần chi phí": chat, a rate, a share)
    "count": re.compile(
        r"\b(bao nhieu|may)\s+(?!phan tram|tien|ty|trieu|ngay|thang|nam|lau|gio|cai\b)"
        # ("bao nhiêu hả?" a particle, "bao nhiêu ha chè" hectares)
        r"(?!(?:vay|a|ah|ak|nhi|nhe|the|day|ne|z|ko|khong|chu|va|mot|phan|moi)\b)(?!ha\s*(?:[?.!,;]|$))[a-z]+"
    ),
    "recipient": re.compile(
        r"\b(gui (?:cho |den |toi |ve )?(?:nhung |cac )?(?:ai|noi nao|dau|don vi nao|co quan nao|doi tuong nao)"
        r"|gui den|gui toi|kinh gui|noi nhan|nhung ai nhan|gui nhung)\b"
        # "… có phải gửi cho các sở, ngành không?": whether someone is among the recipients
        r"|\bco (?:phai )?(?:duoc )?gui (?:cho|den|toi)\b(?=.*\b(?:khong|chu)\b)"
    ),
    # a sum asked: "bao nhiêu tiền"; a fine, a budget or a salary named with a word that asks its amount ("mức
    # phạt là bao nhiêu", "tổng kinh phí …"), not "bị xử phạt … có được hỗ trợ không?"
    "money": re.compile(
        r"\b(bao nhieu tien|bao nhieu ty|bao nhieu trieu|bao nhieu dong|tong kinh phi|tinh bang dong|"
        r"kinh phi bao nhieu|ngan sach bao nhieu)\b"
        r"|\b(muc phat|phat tien|ty dong|trieu dong|muc xu phat|xu phat|muc luong|tien luong|thu nhap"
        r"|tien thuong|muc thuong|tien ho tro|muc ho tro|tien phat)\b"
        r"(?=.*\b(?:bao nhieu|toi da|toi thieu|muc nao|nhieu tien|la may|cu the|quy dinh)\b)"
        r"|\b(?:bao nhieu|toi da|muc nao)\b.*\b(muc phat|phat tien|ty dong|trieu dong|muc xu phat|xu phat|tien luong)\b"
        # a budget spent: "ngân sách tỉnh chi bao nhiêu cho …", "kinh phí … là bao nhiêu"
        r"|\b(ngan sach|kinh phi)\b(?: \w+){0,4} (?:chi|bo tri|cap|danh|la|het)? ?bao nhieu\b"
        # a fee: "phí kiểm định bao nhiêu", "lệ phí", "mức phí"
        r"|\b(le phi|muc phi|phi \w+(?: \w+)? (?:la |het )?bao nhieu)\b"
    ),
    # "số điện thoại đường dây nóng …?", "địa chỉ email …?": answered only by a number or address as written
    "contact": re.compile(
        r"\b(so dien thoai|dien thoai|duong day nong|hotline|email|e-mail|thu dien tu|website|trang web|"
        r"dia chi lien he|so fax|so may bao nhieu|goi (?:dien )?(?:cho )?(?:ai|so nao)|lien he (?:voi )?ai)\b"
    ),  # "số máy bao nhiêu", "gọi cho ai": the phone
    # "Ai là Trưởng ban …?", "… do ai làm bí thư?": a person holding a post (answered only by a name)
    "person": re.compile(
        rf"\b(ai (?:hien |hien nay |dang )?la|la ai|do ai lam|ai lam|ai dang|ai giu|ten cua|ho ten)\b.*\b({POSTS_FOLDED})\b"
        rf"|\b({POSTS_FOLDED})\b.*\b(la ai|do ai|ten la gi|ten gi|ho ten)\b"
    ),
    # "… là của xã nào?", "ở tỉnh nào?": a place of a given level, answered only by its name ("cơ quan nào" is not)
    "place": re.compile(r"\b(xa|huyen|tinh|thanh pho|(?<!co )quan|phuong|thi xa|thi tran) nao\b"),
    "who": re.compile(
        r"\b(ai|co quan nao|don vi nao|(?<!van )ban nao|bo nao|chu tri|to chuc nao|cap nao|phong nao|nganh nao|so nao)\b"
    ),
}
# "chỉ ai ký?" asks for a header part of the document itself
HEADER_QUESTIONS: list[tuple[str, re.Pattern]] = [
    ("tieu-de", re.compile(rf"\b(ten van ban|tieu de)\b|^ten (cua )?(chi thi|ke hoach|chuong trinh|quyet dinh|cong van)\b|\b(?:{KINDS_FOLDED}|van ban)\b[\w /-]{{0,40}}\bten (?:day du|goi)\b|\bten (?:day du|goi) (?:cua )?(?:{KINDS_FOLDED}|van ban)\b")),
    ("co-quan", re.compile(r"\b(co quan nao ban hanh|co quan ban hanh|don vi ban hanh|ai ban hanh|do co quan nao|cua co quan nao|ban nao ban hanh|cap nao ban hanh)\b")),
    ("trich-yeu", re.compile(r"\b(trich yeu|v/v|ve viec gi)\b")),
    ("ngay", re.compile(r"\b(ban hanh|ky|ra doi) (o|tai) dau\b|\bdia danh\b|\bnoi ban hanh\b")),
    ("noi-nhan", re.compile(r"\b(noi nhan|gui den nhung noi|gui toi nhung|gui cho nhung noi|nhung noi nao)\b")),
    ("tac-gia", re.compile(r"\b(tac gia|ai viet|but danh|nguoi viet|chap but)\b")),
    ("so-hieu", re.compile(r"\b(so hieu|so ky hieu|ky hieu)\b")),
    ("ky-hop", re.compile(r"\b(ky hop (?:thu )?(?:may|nao|bao nhieu)|khoa (?:may|nao)|tai ky hop nao)\b")),
    # "là loại văn bản gì?", "có phải là quyết định không, hay là văn bản gì?": the document's kind
    ("loai", re.compile(r"\b(loai van ban|(?:la|thuoc) (?:loai )?van ban (?:gi|nao)|hinh thuc van ban)\b")),
]  # fmt: skip
_FACT_HEADER = {"signer": "chu-ky", "number": "so-hieu", "recipient": "kinh-gui"}
_LIST_Q = re.compile(
    r"\b(nhung|cac|bao nhieu|may|liet ke|ke ten|gom|bao gom)\b.*\b(nao|gi|nhom|nhiem vu|giai phap|muc|noi dung)\b"
    r"|\b(nhom nhiem vu|cac nhiem vu|cac giai phap|nhung nhiem vu|nhung giai phap|gom nhung gi|gom nhung|nhung ai)\b"
    r"|\b(\d+|hai|ba|bon|nam|sau|bay|tam) (nhom|nhiem vu|giai phap|muc|y)\b"
    r"|\b(liet ke|ke ten|ke ra)\b"  # "Liệt kê các chỉ tiêu …": a list asked in so many words
)
_SUMMARY_Q = re.compile(
    r"\b(tom tat|tom luoc|tom lai giup|tom gon|khai quat|tong quan|noi dung chinh|y chinh|diem chinh|noi dung co ban|"
    r"gioi thieu chung)\b"
    r"|\b(noi ve (viec )?gi|de cap (nhung )?gi|noi gi)\W*$"
)
_CROSS_Q = re.compile(
    r"\b(so sanh|doi chieu|cac van ban|nhung van ban|van ban nao|ca hai|ca ba|giong|khac nhau|khac gi|"
    r"lan luot|truoc|sau|cach nhau)\b"
)
_YES_NO = re.compile(
    r"\b(phai khong|dung khong|co dung|co phai|dung chu|phai chu|(?:that|thiet) (?:khong|ko|hong|hok))\b"
)

# ---- follow-ups ----------------------------------------------------------------------------------------
_FOLLOW_UP = re.compile(
    r"^(con|the con|vay con|va|con o|con voi)\b|\b(thi sao|the nao nua|nua khong|tiep theo|ke tiep|tiep|do|nay|ay|tren)\W*$"
)
NEXT_POINT = re.compile(r"\b(tiep theo|ke tiep|sau do|tiep)\b")

# ---- points ("mục 4", "giải pháp thứ ba") -------------------------------------------------------------
_POINT_PATTERNS = [
    re.compile(r"\b(?:muc|diem|phan|khoan|noi dung)\s+(?:so\s+)?([ivx]+(?:\.\d+)?|\d+(?:\.\d+)?)\b"),
    re.compile(
        # (not "phương tiện đo nhóm 2", "hàng hóa nhóm 2": a legal class of instruments or goods)
        r"\b(?:(?<!do )(?<!hoa )nhom(?: nhiem vu)?(?:,? giai phap)?|giai phap|nhiem vu(?:,? giai phap)?|y|muc|diem|noi dung)"
        r"\s+(?:(?:so|thu)\s+(nhat|mot|hai|ba|tu|bon|nam|sau|bay|tam|chin|\d+)|(\d+)|(dau tien|cuoi cung))\b"
    ),
    # (not "sau 1 năm là …", "mỗi năm là …": a year counted, not "Năm là")
    re.compile(
        r"(?<!\d )(?<!\bmot )(?<!\bhai )(?<!\bba )(?<!\bmoi )(?<!\bhang )\b(mot|hai|ba|bon|nam|sau|bay|tam|chin) la\b"
    ),
]

# expanded only when typed in capitals: in lower case they are words or chat shorthand ("tu", "qh" = quan hệ)
_CAPITALS_ONLY = {"du", "tu", "hu", "db", "dd", "qh", "cp", "bcs", "ns", "gd"}
# words whose folded form is a question word's ("máy" → "may" = "mấy", "lực nào" → "luc nao" = "lúc nào"):
# where the question has its accents, they decide
_ACCENT_DECIDES = re.compile(r"\b(?:[mM]áy|[lL]ực)\b")


_AGENCY_HEAD = re.compile(r"\b(?:Sở|Bộ|Ban|Viện|Cục|Phòng|Trung tâm|Ủy ban)\s+$")


def _as_name(phrase: str) -> str:
    """ "khoa học và công nghệ" -> "Khoa học và Công nghệ": each part of a name after "và" or a comma capitalised."""
    parts = re.split(r"(\s+và\s+|,\s*|\s+-\s+)", phrase)
    return "".join(x if i % 2 else x[:1].upper() + x[1:] for i, x in enumerate(parts))


def expand_chat(text: str) -> str:
    """ "hk", "ntn", "z" typed in a chat box -> "không", "như thế nào", "vậy", and particles that only address
    the reader ("ad", "mn") dropped: read as words, so that no shorthand passes for a name ("tỉnh hk mn")."""
    out = _CHAT.sub(lambda m: CHAT_SHORTHAND[m.group(0)], text)
    return " ".join(out.split()) if out != text else text


_CHAT = re.compile(
    r"(?<![\w/&.-])(?:"
    + "|".join(sorted(map(re.escape, CHAT_SHORTHAND), key=len, reverse=True))
    + r")(?![\w/&-])"
)


def expand_abbreviations(text: str) -> str:
    """CT38 -> Chỉ thị 38, QĐ 1703 -> Quyết định 1703, TĐC -> tiêu chuẩn đo lường chất lượng."""

    def one(m: re.Match) -> str:
        word, digits = m.group(1), m.group(2) or ""
        full = ABBREVIATIONS.get(normalize.folded_key(word))
        if full is None or (not word.isupper() and normalize.fold(word.lower()) in _CAPITALS_ONLY):
            return m.group(0)  # "tu", "du" typed in lower case are words, not "TU", "ĐU"
        if full[:1].islower() and _AGENCY_HEAD.search(m.string[: m.start()]):
            full = _as_name(full)  # "Sở KH&CN" -> "Sở Khoa học và Công nghệ", the agency's name
        return f"{full} {digits}".strip() if digits else full

    # "TT Thành ủy": the standing body ("Thường trực") before a Party or State body; elsewhere TT is ambiguous
    text = _STANDING.sub("Thường trực", text)
    return re.sub(r"(?<![\w/&-])([A-Za-zĐđ&]{2,7})(\d*)(?![\w/&-])", one, text)


_STANDING = re.compile(r"(?<![\w/&-])TT(?=\s+(?:Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|HĐND|UBND|TU|HU|ĐU|BCĐ)\b)")


# "Phòng TC-KH", "Sở VH-TT": a body's name written as initials
# ("Phòng TC-KH", "Ban XDĐ")
_INITIALS = re.compile(
    rf"\b({INITIALS_HEADS})\s+([A-ZĐ]{{1,4}}(?:\s*[-&]\s*[A-ZĐ]{{1,4}})+|[A-ZĐ]{{2,5}})(?![\w/-])"
)


def expand_initials(text: str, catalog: Catalog) -> str:
    """ "Phòng TC-KH" -> "Phòng Tài chính - Kế hoạch" when a document names an office with those initials."""

    def one(m: re.Match) -> str:
        # ("Ban TGTW": "TW" is how "Trung ương" is written short)
        letters = re.sub(r"[^A-ZĐ]", "", m.group(2)).replace("Đ", "D").replace("TW", "TU")
        full = catalog.initials.get((normalize.fold(m.group(1).lower()), letters))
        return f"{m.group(1)} {full}" if full else m.group(0)

    text = _INITIALS.sub(one, text) if _INITIALS.search(text) else text
    # a place written as its initials ("CTr 59 LA"), left over by the abbreviations people share
    places = catalog.place_initials
    return (
        _CAPS_WORD.sub(lambda m: places.get(m.group(0).replace("Đ", "D"), m.group(0)), text)
        if places
        else text
    )


# (not before a number: "HD 27", "KH 17" are a document's kind)
_CAPS_WORD = re.compile(r"(?<![\w/&.-])[A-ZĐ]{2,4}(?![\w/&-])(?!\s*\d)")


# "ISO 14001", "TCVN ISO/IEC 17025": four digits or more that are no year
_CODE = re.compile(r"(?<![\d.,/])(?!(?:19|20)\d\d\b)\d{4,}(?![\d.,/-])")
_NUMBER_OF_DOC = re.compile(
    rf"(?:\b(?:{KINDS_RX})|\b(?:QĐ|CT|KH|NQ|CTr|TB)|\bsố)\s*$", re.IGNORECASE
)  # "Quyết định 1245"


_MONEY_WORDS = re.compile(r"tiền|tỷ|tỉ|triệu|đồng|phạt|phí|ngân sách|lương|thu nhập")
_YES_NO_FORM = re.compile(
    r"\bco\b.*\b(?:khong|ko|chua|hong)(?:\W+(?:anh|chi|em|a|ad|ban|vay|nhi|nhe|ha)|\s+hay\b.*)*\W*$"
    r"|\b(?:that|thiet) (?:khong|ko|hong|hok)\W*$"  # "… phải dạy cả về đo lường hả, thiệt ko?"
)  # … and "có … không hay chỉ …?", "… hông?"
_EVERY = re.compile(r"\bnao (?=cung\b)")
# ("sáu", "năm" left out: folded they are "sau", "nam", as in "sau ngày 30/6")
_DURATION = re.compile(r"\b(?:\d+|mot|hai|ba|bon|bay|tam|chin|muoi|hon|gan) (?:nam|thang|ngay)\b")
_CITED_BY_NUMBER = re.compile(rf"\b(?:{KINDS_FOLDED}) so (?:may|nao)\b")


def question_kinds(folded: str, accented: str = "") -> list[str]:
    """Every fact kind asked for ("do ai ký, ngày nào?" asks two); "who" only when alone. `accented`: the
    question as typed, when it has its accents (they tell "mục phát" from "mức phạt")."""
    folded = _EVERY.sub("", folded)  # "phường, xã nào cũng phải …": every one, no question
    kinds = [name for name, rx in FACT_QUESTIONS.items() if rx.search(folded)]
    if "count" not in kinds and re.search(r"\b(?:bao nhiêu|mấy) ha\b", accented.lower()):
        kinds.append("count")  # typed with accents, "ha" is hectares, not the particle "hả"
    if "money" in kinds and normalize.has_diacritics(accented) and not _MONEY_WORDS.search(accented.lower()):
        kinds.remove("money")  # "chuyên mục phát" folds to "mức phạt"; with its accents it asks no sum
    if (
        "who" in kinds and normalize.has_diacritics(accented) and re.search(r"\bsố nào\b", accented.lower())
        and not re.search(r"\b(?:ai|cơ quan nào|đơn vị nào|ban nào|bộ nào|sở nào|phòng nào|ngành nào)\b", accented.lower())
    ):  # fmt: skip
        kinds.remove("who")  # "số nào" (which number) folds to "sở nào" (which department)
    if "money" in kinds or "rank" in kinds:
        kinds = [k for k in kinds if k not in ("count",)]
    if "contact" in kinds:  # "số điện thoại … là số mấy?": a telephone number, not a document's
        kinds = [k for k in kinds if k != "number"]
    if "date" in kinds and re.search(r"\b(truoc|sau)\b", folded) and not DATE_CALC.search(folded):
        # "sau khi ban hành", "sau 1 năm" (how long, not when) are no date question
        if not re.search(r"\b(ngay|nam|thang|khi nao|bao gio|han)\b", _DURATION.sub(" ", folded)):
            kinds.remove("date")
    if "count" in kinds and _YES_NO_FORM.search(folded) and not re.search(r"\bbao nhieu\b", folded):
        kinds.remove("count")  # "xã có vận động mấy công ty … không?": "mấy" there is "those", not "how many"
    # "Mấy ông ở xã …", "…, vậy mấy cơ sở làm ăn gian dối …": "mấy" opening a clause is "those", its subject
    if (
        "count" in kinds
        and "bao nhieu" not in folded
        and all(
            re.search(r"(?:^|[,.;?!]|\b(?:vay|thi|ma|con))\s*$", folded[: m.start()])
            for m in re.finditer(r"\bmay\b", folded)
        )
    ):
        kinds.remove("count")
    if (
        "count" in kinds
        and re.search(r"\bmay(?: \w+){1,3} (?:nhu|gi|nao)\b", folded)
        and "bao nhieu" not in folded
    ):  # "giao mấy tổ chức như hội phụ nữ … làm gì?", "mấy chuyện gì", "qua mấy kênh nào": which ones
        kinds.remove("count")
    if "number" in kinds and "reference" in kinds and _CITED_BY_NUMBER.search(folded):
        kinds.remove("number")  # "trên cơ sở kế hoạch số mấy …?": a cited document's number, not its own
    if "person" in kinds:  # "ai ký" asks for the signer; otherwise a post's holder is not a body
        dropped = "person" if "signer" in kinds else "who"
        kinds = [k for k in kinds if k != dropped]
    return [k for k in kinds if k != "who" or kinds == ["who"]]


def _header_words(folded: str) -> list[str]:
    """The words of a question that ask for a header part ("ai viết", "tên tác giả", "số hiệu")."""
    return [m.group(0) for _, rx in HEADER_QUESTIONS for m in rx.finditer(folded.strip())] + (
        ["ten"] if re.search(r"\bten\b", folded) else []
    )


def header_part(folded: str, kinds: list[str]) -> str | None:
    if "reference" in kinds:  # "căn cứ kế hoạch số mấy?": the number of a document it cites, not its own
        return None
    folded = (
        folded.strip()
    )  # the patterns anchored at the start ("^ten ke hoach") see the question's first word
    for part, rx in HEADER_QUESTIONS:
        if rx.search(folded):
            return part
    # (… "ra ngày nào?", "ra đời khi nào?": when the document came out)
    if "date" in kinds and re.search(
        r"\b(ban hanh|ky|ra doi|phat hanh)\b|(?<!dien )\bra (?:ngay|hom|luc|khi) nao\b", folded
    ):
        return "ngay"
    return next((_FACT_HEADER[k] for k in kinds if k in _FACT_HEADER), None)


def _without(question: str, aliases: list[str]) -> str:
    """The question minus the words that name documents, matched on folded forms."""
    words = question.split()
    folded = [re.sub(r"[^\w/-]", "", normalize.folded_key(w)) for w in words]
    drop = [False] * len(words)
    for alias in aliases:
        parts = alias.split()
        for i in range(len(words) - len(parts) + 1):
            if folded[i : i + len(parts)] == parts:
                drop[i : i + len(parts)] = [True] * len(parts)
    return " ".join(w for w, d in zip(words, drop) if not d).strip()


# "… phải ban hành kế hoạch trong tháng mấy?", "hạn chót …": a deadline that a text sets
_DUE = re.compile(r"\b(phai|han chot|thoi han|han|truoc ngay|hoan thanh|cham nhat|xong)\b")
# "mấy nhóm, kể tên từng nhóm", "… bao nhiêu nhóm, đó là những nhóm nào?": the count and the items
_NAMES_THEM = re.compile(
    r"\b(ke ten|liet ke|ke ra|do la nhung|la nhung \w+ nao|gom nhung \w+ nao|cu the la)\b"
)
_ASKS_MORE = re.compile(r"\b(gi|nao|ai|bao nhieu|may|khi nao|bao gio|o dau|the nao|ra sao)\b")
# "nhóm nào …?" asks for one of them; "những nhóm nào" / "các nhóm nào" for all
_WHICH_ONE = re.compile(
    rf"(?<!nhung )(?<!cac )\b(?:{'|'.join(u for u in POINT_UNITS if u != 'y')})(?: \w+)? nao\b"
)
_FINE = re.compile(r"\b(?:muc phat|phat tien|xu phat|bi phat|phat toi da|phat bao nhieu)\b")
_IN_FORCE = re.compile(
    r"\b(?:co hieu luc|hieu luc thi hanh|hieu luc (?:tu|ke tu)|ap dung tu|tu ngay nao co hieu luc)\b"
)
_WANTS_DAY = re.compile(r"\bngay (?:nao|bao nhieu|may)\b")
# "hiện nay cả nước có bao nhiêu …?", "đến nay đã …": what is, not what a text aims at — unless the question
# asks a target as well ("… và đến 2030 muốn đạt mức nào?")
_CURRENT = re.compile(
    r"\b(?:hien nay|hien tai|hien co|hien dang|den nay|tinh den nay|cho den nay)\b|^\s*hien\b"
    # what has been done so far: "đã xây xong bao nhiêu …", "sau hơn một năm thực hiện, …"
    r"|\bda (?:\w+ )?xong\b|\bsau (?:hon )?\w+ nam (?:thuc hien|trien khai)\b"
)
# "căn cứ vào kế hoạch số mấy …?", "… để thực hiện văn bản nào của cấp trên?": the texts a document rests on
_BASIS = re.compile(
    r"\b(?:can cu|dua vao|dua tren|tren co so|thuc hien|trien khai|vien dan)\b(?: (?:vao|theo|nhung|cac))*"
    rf"(?: \w+){{0,2}}? (?:van ban|{KINDS_FOLDED}) (?:so )?(?:nao|may|gi)\b"
)
_TARGET_ASKED = re.compile(
    r"\b(?:muc tieu|chi tieu|phan dau|muon dat|phai dat|den nam|den 20\d\d|vao nam 20\d\d)\b"
)
# the kind of a cited document asked for: "kế hoạch nào", "kế hoạch số mấy"; "văn bản nào": any
_ASKED_DOC = re.compile(
    rf"\b({KINDS_FOLDED}|van ban) (?:so (?:may|nao)\b|nao\b|gi\b(?<!bao cao gi)(?<!huong dan gi)(?<!thong bao gi))"
)
_ABOUT = re.compile(
    rf"\b(?:{KINDS_FOLDED})\b(?: cua [\w ]{{2,40}}?)? ve ([\w ]{{5,80}}?)(?= ma | la | co | duoc | cua | do |[,?.!]|$)"
)


def _asked_about(folded_q: str) -> tuple[str, ...]:
    """The content words of what a question says a cited document is about ("… về <this> mà …")."""
    m = _ABOUT.search(folded_q)
    terms = content_terms(m.group(1)) if m else []
    return tuple(terms) if len(terms) >= 2 else ()


_PART_NAMED = re.compile(r" (?:phan|muc) ([ivx]+)\b(?![.\d])")


def _point(
    folded_q: str, named: list[str], catalog: Catalog, part: str = ""
) -> tuple[str, tuple[str, ...]] | None:
    if len(_POINT_PATTERNS[2].findall(folded_q)) > 1:
        return None  # "từ 'Một là' đến 'Sáu là'": a run of points, not one
    for idx, rx in enumerate(_POINT_PATTERNS):
        m = rx.search(folded_q)
        if not m:
            continue
        token = next(g for g in m.groups() if g)
        target = _point_target(token, idx == 2, named, catalog, folded_q, part)
        if target:
            return target
    return None


def _point_target(token, ordinal_phrase, named, catalog: Catalog, folded_q, part: str = ""):
    """Resolve "thứ ba" / "mục II.4" to (doc_id, path prefix) in the named document (default: the reference);
    `part`: a Roman part the message names, which holds a numbered point ("phần III …, ý thứ ba")."""
    groups = list(catalog.grouped) if " nhom " in folded_q else []
    refs = [d for d, m in catalog.metas.items() if m.level == "Trung ương" and m.official]
    candidates = named or groups[:1] or refs
    token = token.lower()
    for doc_id in candidates:
        paths = {c.path for c in catalog.clauses_by_doc.get(doc_id, [])}
        if re.fullmatch(r"[ivx]+(\.\d+)?", token):
            prefix = tuple(token.upper().split("."))
        else:
            n = ORDINAL_NUM.get(token) or (int(token) if token.isdigit() else None)
            if token == "dau tien":  # "nhóm đầu tiên", "nhóm cuối cùng": the first and the last of them
                n = 1
            elif token == "cuoi cung":
                numbered = [int(p[-1]) for p in paths if p and p[-1].isdigit() and len(p) <= 2]
                n = max(numbered, default=None)
            if n is None:
                continue
            options = [(f"o{n}",), (str(n),)] if ordinal_phrase else [(str(n),), (f"o{n}",), ("II", str(n))]
            if part and part != token.upper():
                options.insert(0, (part, str(n)))
            prefix = next((o for o in options if any(p[: len(o)] == o for p in paths)), None)
            if prefix is None:
                continue
        if any(p[: len(prefix)] == prefix for p in paths):
            return doc_id, prefix
    return None


def understand(
    message: str, catalog: Catalog, previous: Query | None = None, previous_clause: Clause | None = None
) -> Query:
    """Analyse a message; `previous` (the last turn's Query and the first clause its answer cited) completes a
    follow-up ("còn Long An thì sao?", "giải pháp tiếp theo là gì?")."""
    message = normalize.nfc(message or "").strip()
    context, asked = split_context(message)
    text = expand_initials(expand_abbreviations(expand_chat(asked)), catalog)
    context = expand_initials(expand_abbreviations(expand_chat(context)), catalog)
    text = resolve_that(text, context)
    folded_q = " " + " ".join(normalize.folded_key(text).split()) + " "
    # "máy móc" (machines) folds to the "mấy" of "how many": the accents decide where the question has them
    # typed without accents, those an expanded abbreviation brought ("TDC", "UBND") tell nothing
    accented = normalize.has_diacritics(asked)
    kinds = question_kinds(
        " "
        + " ".join(normalize.folded_key(_ACCENT_DECIDES.sub(lambda m: m.group(0) + "s", text)).split())
        + " ",
        text if accented else "",
    )
    named_docs, used = find_named(folded_q, catalog, normalize.key(text) if accented else "")
    ctx_docs, ctx_used = (
        find_named(" " + normalize.folded_key(context) + " ", catalog) if context else ([], [])
    )
    follow = False
    if previous is not None and not context:
        short = len(content_terms(text)) <= 4
        if _FOLLOW_UP.search(folded_q.strip(" ?.!")) or (
            short and not named_docs and not _point(folded_q, named_docs, catalog)
        ):
            follow = True
            context = previous.text
            ctx_docs = list(previous.doc_ids)
    # "Tôi đang đọc Chương trình 59 …. Nhiệm vụ thứ tư … cho cấp huyện?": a level word names documents only
    # when nothing else does, and the context's document is something else
    level_only = bool(used) and all(w in LEVEL_WORD_SET or w in catalog.units for w in used)
    doc_ids = ctx_docs if ctx_docs and level_only and not follow else named_docs or ctx_docs
    found = find_described(folded_q, doc_ids, catalog) or carrying_out(folded_q, named_docs, used, catalog)
    if found:  # the question is about the document described, not the one that describes it …
        described, describing = found
        # … and the words describing it name it ("văn bản được gửi kèm theo …"), as an alias would
        used = [*used, describing]
        # … unless the question reckons between the two ("… ra đời sau văn bản mà nó phổ biến bao lâu?")
        doc_ids = [*doc_ids, described] if DATE_CALC.search(folded_q) else [described]
    search = _without(text, used) or text
    if context:
        search = f"{_without(context, ctx_used)} {search}".strip()
    # "… có phần III Tổ chức thực hiện. Ý thứ ba của phần này …": the part the context names holds the point
    part = _PART_NAMED.search(" " + normalize.folded_key(f"{context} {text}") + " ")
    point = _point(folded_q, doc_ids, catalog, part.group(1).upper() if part else "")
    # "… có gửi kèm một văn bản. Đó là văn bản nào?": a question with hardly a word of its own is about its context
    sparse = bool(context) and len(content_terms(_without(text, used) or text)) <= 1
    folded = not normalize.has_diacritics(message)
    q = Query(
        question=message,
        text=text,
        context=context,
        search_text=search,
        folded=folded,
        restore=folded or normalize.mostly_plain(search),
        terms=tuple(_terms(text, used, context if follow or sparse else "", ctx_used)),
        focus=tuple(_terms(text, used, context if follow or sparse else "", ctx_used, fact_words=True)),
        named=tuple(
            _with_cited(
                _scoped(named_things(text, catalog), doc_ids, used, catalog, folded_q),
                doc_ids,
                folded_q,
                catalog,
            )
        ),  # fmt: skip
        fact_kinds=tuple(kinds),
        tail_kinds=(
            tuple(question_kinds(f" {normalize.folded_key(tail)} ", tail))
            if (tail := asking_part(text)) != text
            else ()
        ),
        tail_focus=tuple(_terms(tail, used, "", [], fact_words=True)) if tail != text else (),
        claim=text[: len(text) - len(tail)] if tail != text else "",
        asks=split_asks(text, context),
        asks_more=bool(_ASKS_MORE.search(folded_q)),
        names_items=bool(_NAMES_THEM.search(folded_q)),
        which_one=bool(_WHICH_ONE.search(folded_q)),
        due=bool(_DUE.search(folded_q)),
        wants_day=bool(_WANTS_DAY.search(folded_q)),
        in_force=bool(_IN_FORCE.search(folded_q)),
        fine=bool(_FINE.search(folded_q)),
        current=bool(_CURRENT.search(folded_q)) and not _TARGET_ASKED.search(folded_q),
        # (not "so với năm 2024, … thêm bao nhiêu để đạt mục tiêu 2030?": that asks both)
        target=bool(_TARGET_ASKED.search(folded_q))
        and not _CURRENT.search(folded_q)
        and " so voi " not in folded_q,
        basis=bool(_BASIS.search(folded_q)),
        years=tuple(sorted(years_said(text))),
        stated=tuple(re.findall(r"\d+", text)),
        asked_kind=(m.group(1) if (m := _ASKED_DOC.search(folded_q)) else ""),
        about=_asked_about(folded_q),
        doc_ids=tuple(doc_ids),
        point=point,
        header_parts=tuple(part for part, rx in HEADER_QUESTIONS if rx.search(folded_q.strip())),
        # (a question about the kind names other kinds: "có phải quyết định không, hay là văn bản gì?")
        # (what a question asks of the header is in its asking part: "… ký ngày 30/8/2024 thì đặt mục tiêu đến năm
        # nào?" asks no signing date)
        header_part=None
        if (part := header_part(asked_folded(text, folded_q), kinds)) != "loai"
        and _another_kind(folded_q, [*doc_ids, *named_docs], catalog)
        else part,
        asking=tuple(_header_words(folded_q)),
        is_list=bool(_LIST_Q.search(folded_q)),
        is_summary=bool(_SUMMARY_Q.search(folded_q)),
        cross=bool(_CROSS_Q.search(folded_q)) or len(doc_ids) > 1,
        compare=bool(COMPARE_Q.search(folded_q)),
        date_calc=bool(DATE_CALC.search(folded_q)),
        counted=_counted(folded_q) if "count" in kinds else "",
        post=_post(folded_q) if "person" in kinds else "",
        post_of=_post_of(folded_q) if "person" in kinds else (),
        place_level=_place_level(folded_q) if "place" in kinds else "",
        yes_no=bool(_YES_NO.search(folded_q)),
        codes=tuple(
            m.group(0)
            for m in _CODE.finditer(text)
            if not _NUMBER_OF_DOC.search(text[max(0, m.start() - 30) : m.start()])
        ),
        follow_up=follow,
    )
    if follow and NEXT_POINT.search(folded_q) and not point:
        start = previous.point if previous is not None and previous.point else None
        if start is None and previous_clause is not None:
            path = previous_clause.path
            depth = 2 if path and re.fullmatch(r"[IVX]+", path[0]) and len(path) > 1 else 1
            start = (previous_clause.doc_id, path[:depth])
        nxt = _next_point(start, catalog) if start else None
        if nxt:
            q = replace(q, point=nxt)
    return q


# "Tờ trình mà Sở … gửi có số hiệu là gì?": a document of another kind, unnumbered, is what is asked about
# (a kind word inside a post is no document: "báo cáo viên", "hướng dẫn viên")
_UNNUMBERED_KIND = re.compile(rf"\b({KINDS_FOLDED})\b(?!\s+(?:so\s+)?\d)(?!\s+vien\b)")


def _another_kind(folded_q: str, doc_ids: list[str], catalog: Catalog) -> bool:
    """Whether the question speaks of an unnumbered document of a kind none of its documents (those asked
    about and those it names to describe them) is: the header part it asks for ("số hiệu", "ngày") is that
    one's, not the named document's own."""
    kinds = {normalize.folded_key(catalog.metas[d].kind) for d in doc_ids}
    # "Quyết định ban hành Kế hoạch …": a kind the document's own title names is that document
    titles = " ".join(normalize.folded_key(catalog.metas[d].title) for d in doc_ids)
    kinds |= {m.group(1) for m in _UNNUMBERED_KIND.finditer(titles)}
    # "văn bản … về tuyên truyền chỉ thị": a kind the document is about, not another document asked of
    about = _ABOUT_KIND.sub(" ~ ", folded_q)
    return bool(doc_ids) and any(m.group(1) not in kinds for m in _UNNUMBERED_KIND.finditer(about))


_ABOUT_KIND = re.compile(
    rf"\b(?:tuyen truyen|thuc hien|trien khai|quan triet|pho bien|ve) (?:{KINDS_FOLDED})\b"
)
_KIND_OF_BODY = re.compile(rf"\b({KINDS_FOLDED}) cua ")


def _with_cited(
    named: list[NamedThing], doc_ids: list[str], folded_q: str, catalog: Catalog
) -> list[NamedThing]:
    """ "Kế hoạch của Thành ủy Hải Phòng mà xã thực hiện …": a document the one named cites, described by its
    kind and its issuer instead of its number, is named by the number the citation gives ("03-KH/TU"), so that
    what is asked is read from the citation, not from the citing document's own header."""
    if len(doc_ids) != 1 or any(n.kind == "doc-number" for n in named):
        return named
    issuer = normalize.folded_key(catalog.metas[doc_ids[0]].issuer)
    for m in _KIND_OF_BODY.finditer(folded_q):
        rest = folded_q[m.end() :]
        body = next((normalize.folded_key(n.text) for n in named if n.kind == "organization" and n.known
                     and rest.startswith(normalize.folded_key(n.text))), None) or head_at(rest)  # fmt: skip
        if not body or body in issuer:
            continue
        cite = re.compile(
            rf"\b{m.group(1)}(?: hanh dong)?(?: so)? (\d+(?:/(?:19|20)\d\d)?[-/][a-z][\w/-]*)[^;]{{0,80}}?\b{re.escape(body)}\b"
        )
        for c in catalog.clauses_by_doc.get(doc_ids[0], []):
            hit = cite.search(normalize.folded_key(c.text))
            if hit:
                number = normalize.find_as_written(c.text, hit.group(1)).strip(",.;:()")
                return [*named, NamedThing("doc-number", number, True)]
    return named


def _scoped(
    named: list[NamedThing], doc_ids: list[str], used: list[str], catalog: Catalog, folded_q: str
) -> list[NamedThing]:
    """A body or person the documents know, asked about within one named document that never mentions it
    ("Công văn của xã giao Đoàn Thanh niên làm gì?"), is absent there: the answer must not come from that
    document's other words. Questions across documents keep the corpus-wide reading."""
    if len(doc_ids) != 1 or _CROSS_Q.search(folded_q):
        return named
    naming = " ".join(used)  # words that name a document (the place in "Chỉ thị mà <tỉnh> thực hiện")
    # "…, trung tâm … trực thuộc Bộ Công Thương; Chính phủ đầu tư gì …?": a body in what the question
    # states before it asks is a premise to check, not the thing asked about
    asking = folded_q.rsplit(";", 1)[-1]

    def absent(n: NamedThing) -> bool:
        if not n.known or n.kind not in ("organization", "person", "acronym"):
            return False
        name = normalize.folded_key(n.text)
        return name not in naming and name in asking and not catalog.in_document(n.text, doc_ids[0])

    return [
        replace(n, known=False, absent_from=catalog.metas[doc_ids[0]].short) if absent(n) else n
        for n in named
    ]


def _place_level(folded_q: str) -> str:
    m = FACT_QUESTIONS["place"].search(folded_q)
    return m.group(1) if m else ""


_POST = re.compile(rf"\b({POSTS_FOLDED})\b")


def _post(folded_q: str) -> str:
    m = _POST.search(folded_q)
    return m.group(1) if m else ""


# where the body a post is of ends: "Chủ tịch Ủy ban … Quốc gia là ai?", "… hiện nay", "… tên gì"
_POST_OF_END = re.compile(r"\b(?:la|ai|hien|dang|ten|gi|nao|vay|the|nam|duoc|co)\b")


def _post_of(folded_q: str) -> tuple[str, ...]:
    """ "Ai là Chủ tịch Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia?": the topic words of what the post is of
    (a commune's "Chủ tịch Ủy ban nhân dân" is another post)."""
    m = _POST.search(folded_q)
    if not m:
        return ()
    rest = folded_q[m.end() :]
    end = _POST_OF_END.search(rest)
    words = re.findall(r"\w+", rest[: end.start() if end else None])
    return tuple(w for w in words if w not in STOPWORDS)[:8]


def _counted(folded_q: str) -> str:
    m = FACT_QUESTIONS["count"].search(folded_q) or re.search(r"\b(?:bao nhieu|may) ha\b", folded_q)
    return m.group(0).split(maxsplit=2)[-1] if m else ""  # (hectares, at the end, when typed with accents)


# how long an answer should be and what it is for ("trong vài câu", "để đưa tin", "cho bài nói chuyện"): the
# answer's form, not what it is about
_FORM = re.compile(
    r"\b(?:trong|bang) (?:vai|mot vai|mot|hai|ba|\d+) (?:cau|dong|doan|y)\b"
    r"|\b(?:de|cho) (?:toi |minh |em |chung toi )?(?:dua tin|dang tin|viet tin|viet bai|lam slide|dua vao slide"
    r"(?: hop)?|trinh bay(?: ngan gon)?|bai noi chuyen|noi chuyen|bai phat bieu|phat bieu"
    r"|(?:dua vao|viet|lam) (?:bai noi|bai phat bieu|bai viet|ban tin|bao cao|nghi quyet))\b"
    r"|\b(?:trong|tai|cho) (?:buoi|cuoc) (?:sinh hoat|hop)(?: chi bo)?\b"
    r"|\b(?:hoi|biet|noi) (?:cho )?chinh xac\b"  # "cho tôi hỏi chính xác …": how exact, not what about
)


def _terms(
    text: str, used: list[str], follow_context: str, ctx_used: list[str], fact_words: bool = False
) -> list[str]:
    """The topic terms: the question's, minus document names and the answer's form; a follow-up adds the
    previous question's."""
    used = used + [m.group(0) for m in _FORM.finditer(normalize.folded_key(text))]
    own = content_terms(_without(text, used) or text, fact_words=fact_words)
    if not follow_context:
        return own
    prev = content_terms(_without(follow_context, ctx_used) or follow_context, fact_words=fact_words)
    return list(dict.fromkeys(prev + own))


def _next_point(point: tuple[str, tuple[str, ...]], catalog: Catalog) -> tuple[str, tuple[str, ...]] | None:
    """The point after the one the previous turn asked for, in the same document."""
    doc_id, prefix = point
    depth = len(prefix)
    units: list[tuple[str, ...]] = []
    for c in catalog.clauses_by_doc.get(doc_id, []):
        if c.kind != "header" and len(c.path) >= depth:
            key = c.path[:depth]
            if key not in units and not re.fullmatch(r"[pc]\d+|ket", key[0]):
                units.append(key)
    if prefix in units and units.index(prefix) + 1 < len(units):
        return doc_id, units[units.index(prefix) + 1]
    return None
