"""Which documents a question names: by number or alias, by kind and level ("kế hoạch của xã"), by the unit
that issued them ("văn bản của thị ủy"), by the person who signed them, or described through another ("Kế hoạch
thực hiện Chỉ thị 38 của Chính phủ"). `query.understand` asks this once per message."""

from __future__ import annotations

import re

from .names import GENERIC_AFTER, UNIT_ACCENTED, Catalog
from .text import normalize
from .text.lexicon import CARRY_VERBS, KINDS_FOLDED, STOPWORDS

DATE_CALC = re.compile(
    r"\b(van ban nao .*(truoc|sau)|cach nhau|bao lau(?!(?: \w+){0,6} (?:mot|1) lan)|may thang|may ngay|bao nhieu ngay|bao nhieu thang|"
    r"som nhat|muon nhat|truoc hay sau|ra doi (truoc|sau))\b"
)
# naming the Directive beside a local plan narrows to the plan unless the question compares them
COMPARE_Q = re.compile(
    r"\b(so sanh|doi chieu|khac|giong|ca hai|ca ba|lan luot|tung van ban|deu|cung (?:noi|de cap|nhac|yeu cau))\b"
    # "X nói gì, còn Y thì sao?", "…, và trong Y thì …": the second document set beside the first
    r"|[,;] (?:con|va (?:trong|theo|o|tai)) (?:[^,;?]{0,60}?\b(?:thi|ra sao|the nao|nhu the nao|khong)\b)"
    r"|\b(?:co trung voi|trung voi|trung nhau|trung khop)\b"  # "cơ quan X giao có trùng với cơ quan Y giao?"
)


LEVEL_WORDS = {
    "xã": ("cap xa", "dang uy xa", "ke hoach cua xa", "mot xa"),
    "huyện": ("cap huyen", "huyen uy", "o huyen"),
    "tỉnh": ("cap tinh", "tinh uy", "o tinh"),
    "Chính phủ": ("chinh phu", "thu tuong"),
    "Trung ương": ("trung uong", "ban bi thu"),
}
LEVEL_WORD_SET = {w for words in LEVEL_WORDS.values() for w in words}


# a bare kind word naming the catalog's one document of that kind: "theo chỉ thị", "chỉ thị yêu cầu"; what
# follows it that makes it another document
# ("nghị quyết đó …": the one the message named before; "… do X ban hành": described by its issuer)
_NOT_DESCRIBED = r"(?!\s+(?:\d|so\b|nao\b|gi\b|cua\b|ma\b|do\b|thuc hien\b|trien khai\b))"
_SAYS = (
    "yeu cau|neu|noi|de ra|giao|quy dinh|chi ro|xac dinh|nhan manh|muon|de cap|khang dinh|dat ra|chu truong"
)


def find_named(folded_q: str, catalog: Catalog, accented: str = "") -> tuple[list[str], list[str]]:
    """Documents the question names and the folded aliases that named them; `accented`: the question's matching
    key when it was typed with accents (they tell "thị xã" from "thì xã")."""
    if catalog.alias_rx is None:
        return [], []
    used = [m.group(1) for m in catalog.alias_rx.finditer(folded_q)]
    named = list(dict.fromkeys(d for a in used for d in catalog.alias_docs[a]))
    # an alias several documents share ("Công văn 59") names the one the question's other words name too
    # ("… của Điện Biên"), when one does
    for a in set(used):
        shared = catalog.alias_docs[a]
        if len(shared) > 1:
            backed = {d for d in shared if any(d in catalog.alias_docs[b] for b in used if b != a)}
            if backed:
                named = [d for d in named if d not in shared or d in backed]
    # "văn bản của thị ủy", "Ủy ban kiểm tra thị ủy", "ở thị xã": the unit that issued one document only names it
    # when no local document is named otherwise; beside a central one ("… thực hiện Chỉ thị 38") only when that
    # one does not say it (the Directive speaks of "tỉnh ủy", never of "thị ủy"); not when the question points
    # at a document of its own ("kết luận này": the one read, which assigns work to the unit). Units that issued
    # several documents ("tỉnh ủy", "Ủy ban nhân dân tỉnh") are everywhere in the texts as those given tasks.
    if not any(catalog.metas[d].level not in CENTRAL for d in named) and not _THIS_KIND.search(folded_q):
        for word, issued in catalog.units.items():
            # a unit that issued several documents, each of another kind: "kế hoạch của Đảng ủy Khối" names one
            docs = issued if len(issued) == 1 else _of_kind_said(issued, word, folded_q, catalog)
            if (
                len(docs) == 1
                and docs[0] not in named
                and re.search(rf"(?<!chi )\b{word}\b(?! ban\b)", folded_q)  # not "chỉ thị ủy ban"
                # (typed with accents, a unit word that folds like other words must be spelt as itself)
                and (
                    not accented
                    or word not in UNIT_ACCENTED
                    or re.search(rf"\b{UNIT_ACCENTED[word]}\b", accented)
                )
                and not any(catalog.says(word, d) for d in named)
            ):
                named.append(docs[0])
                used.append(word)
    # "trong kế hoạch của xã, … Chỉ thị 38": a kind and a level describe documents beside the one named by number
    for m in _KIND_OF_LEVEL.finditer(folded_q):
        kind, level = m.group(1), m.group(2)
        of = [d for d, meta in catalog.metas.items()
              if normalize.folded_key(meta.level) == level
              and (normalize.folded_key(meta.kind) == kind
                   or re.search(rf"\bban hanh {kind}\b", normalize.folded_key(meta.title)))]  # fmt: skip
        if of and not any(d in of for d in named):
            named += of
            used.append(m.group(0))
    # "Bí thư … Vũ Văn Hải ký kế hoạch …": the person who signed a document names it
    padded = f" {folded_q} "
    for name, docs in catalog.signers.items():
        if f" {name} " in padded and not any(d in named for d in docs):
            named += list(docs)
            used.append(name)
    # "theo chỉ thị, …": a kind the knowledge base holds one document of names that one; beside a document
    # named by number only when that one is of another kind ("… trong đề cương tuyên truyền Chỉ thị 38")
    named_kinds = {normalize.folded_key(catalog.metas[d].kind) for d in named}
    for kind, docs in catalog.by_kind.items():
        if named and kind in named_kinds:
            continue
        said = rf"\b(?:theo|trong|tai|nhu) {kind}\b{_NOT_DESCRIBED}" + (
            "" if named else rf"|\b{kind} (?:{_SAYS}|nay|duoc)\b|^\s*{kind}\b{_NOT_DESCRIBED}"
        )  # … and "tờ trình này …", a question opening with the kind (alone: "nghị quyết … CT38" cites one)
        if len(docs) == 1 and docs[0] not in named and re.search(said, folded_q):
            named.append(docs[0])
            used.append(kind)
    if not named:  # "quyết định ban hành quy chế …": a kind and the first words of one such document's title
        for kind, docs in catalog.by_kind.items():
            for m in re.finditer(rf"\b{kind} (?:ve viec )?(\w+ \w+ \w+)\b", folded_q):
                titled = [d for d in docs if m.group(1) in normalize.folded_key(catalog.metas[d].title)]
                if len(titled) == 1:
                    named.append(titled[0])
                    used.append(m.group(0))
    # "… thực hiện Chỉ thị 38 ở huyện": a central document named only as what is carried out leaves the level
    # words to say whose documents are asked about (the district's plans, not the Directive)
    carried = (
        bool(named)
        and all(catalog.metas[d].level in CENTRAL for d in named)
        and any(re.search(rf"\b(?:{_CARRY_VERBS})\s+{re.escape(a)}\b", folded_q) for a in used)
    )
    if not named or carried:  # "cấp xã", "Chính phủ": level words name a document only when nothing else does
        said = {
            lv: [
                w for w in LEVEL_WORDS.get(lv, ()) if re.search(rf"\b{w}\b", folded_q)
                # beside a document carried out, only a local level it does not speak of itself ("ở huyện";
                # not the "tỉnh ủy" the Directive gives tasks to, nor "Chính phủ")
                and not (carried and (lv in CENTRAL or any(catalog.says(w, d) for d in named)))
            ]
            for lv in catalog.levels
        }  # fmt: skip
        if any(said.values()):
            named = [d for d, m in catalog.metas.items() if said[m.level]]
        used += [w for words in said.values() for w in words]
    # "Chỉ thị 38" beside a local programme usually means "the local programme that implements it"
    main = [d for d in named if catalog.metas[d].level != "Trung ương"]
    if main and len(named) > len(main) and not (COMPARE_Q.search(folded_q) or DATE_CALC.search(folded_q)):
        # unless it is named as an equal of another ("theo Chỉ thị 38 và theo Quyết định 1703")
        equal = _coordinated(folded_q, used)
        named = [d for d in named if d in main or any(d in catalog.alias_docs.get(a, ()) for a in equal)]
    return named, used


CENTRAL = ("Trung ương", "Chính phủ")

# … and "làm theo", "cụ thể hóa" it, "vụ chỉ thị 38" (chat for "việc")
_CARRY_VERBS = f"{CARRY_VERBS}|lam theo|cu the hoa|vu"
_THIS_KIND = re.compile(rf"\b(?:{KINDS_FOLDED}) (?:nay|do|tren)\b")
_KIND_OF_LEVEL = re.compile(rf"\b({KINDS_FOLDED}) (?:(?:cua|o|cap) )?(xa|huyen|tinh|chinh phu)\b")


def _of_kind_said(docs: tuple[str, ...], word: str, folded_q: str, catalog: Catalog) -> list[str]:
    """Of the documents a unit issued, those whose kind the question says right before the unit ("kế hoạch của
    Đảng ủy Khối", "công văn ban tuyên giáo đảng ủy khối")."""
    return [
        d for d in docs
        if re.search(rf"\b{normalize.folded_key(catalog.metas[d].kind)} (?:\w+ ){{0,4}}?{word}\b", folded_q)
    ]  # fmt: skip


def _coordinated(folded_q: str, used: list[str]) -> set[str]:
    """The aliases of documents named as equals, joined by "và", "hoặc", a comma ("theo Chỉ thị 38 và theo
    Quyết định 1703"): each a document the question asks about, not one the other carries out."""
    if len(set(used)) < 2:
        return set()
    names = "|".join(re.escape(a) for a in sorted(set(used), key=len, reverse=True))
    pair = re.compile(
        rf"\b({names})\s*(?:,|va|hoac|cung|voi)\s+(?:(?:theo|cua|trong)\s+)?(?:(?:{KINDS_FOLDED})\s+(?:so\s+)?)?"
        rf"({names})\b"
    )
    return {a for m in pair.finditer(folded_q) for a in m.groups()}


# "Chỉ thị mà Long An thực hiện", "văn bản mà Công văn 59 gửi kèm": a document described by what a named one
# does with it (folded; no number after the kind, else it is named outright)
_DESCRIBED = re.compile(
    rf"\b(van ban|{KINDS_FOLDED})(?:\s+\w+){{0,2}}?\s+(?:ma|duoc)\s+.{{0,60}}?"
    r"\b(thuc hien|trien khai|cu the hoa|gui kem|can cu|dua vao|quan triet|pho bien|tuyen truyen)\b"
)


# "Quyết định triển khai Chỉ thị 38", "kế hoạch thực hiện Chỉ thị 38 của xã": a document described as the one
# that carries out a named one (the kind, then the verb, then the named document)
_CARRIES_OUT = re.compile(
    rf"(?:^\s*|\b(?:trong|theo|cua|ve|tai|o|voi|va|giua|thi|oi|hoi|cho|cai)\s+)(van ban|{KINDS_FOLDED})\s+(?:nao\s+|de\s+)?(?:(?:cua|do)?\s*(?:\w+\s+){{1,6}}?(?:ban hanh\s+)?(?:de\s+)?)?"
    r"(?:thuc hien|trien khai|cu the hoa)\s+(.{0,40})"
)  # also with its issuer between ("kế hoạch Chính phủ ban hành để thực hiện Chỉ thị 38"); a document named as
# the question's subject or after a preposition ("cái kế hoạch …" in chat), not a plan someone is to draw up
# ("xây dựng kế hoạch để …")


# words every body's or place's name is made of: they tell no issuer from another
_BODY_WORDS = set(
    "tinh thanh pho huyen xa phuong quan uy ban nhan dan hoi dong dang bo so cap thuong vu chap".split()
)
# a body's or place's head and the word after it ("tỉnh ủy cà mau" -> "ca")
_BODY_OR_PLACE = re.compile(
    r"\b(?:tinh uy|thanh uy|huyen uy|dang uy|uy ban nhan dan|tinh|thanh pho|huyen|xa|phuong|so|bo)\s+(\w+)"
)


def carrying_out(
    folded_q: str, named: list[str], used: list[str], catalog: Catalog
) -> tuple[str, str] | None:
    """The one catalog document of the kind asked (its own kind, or the kind its title issues: a decision
    "ban hành Kế hoạch …") whose catalog entry says it carries out the named one; among several, the one whose
    issuer or place the question's other words name ("… của Chính phủ"); with the words that describe it."""
    m = _CARRIES_OUT.search(folded_q)
    found = _carrier(m, folded_q, named, used, catalog) if m else None
    return (found, m.group(0).strip()) if found else None


def _carrier(m: re.Match, folded_q: str, named: list[str], used: list[str], catalog: Catalog) -> str | None:
    def docs_of(word: str) -> tuple[str, ...]:  # an alias, or the name of who signed a document
        return catalog.alias_docs.get(word) or catalog.signers.get(word, ())

    # the document carried out: the one named right after the verb ("… thực hiện Chỉ thị 38")
    targets = list(dict.fromkeys(d for a in used if a in m.group(2) for d in docs_of(a)))
    if len(targets) != 1 or (len(named) != 1 and targets[0] not in named):
        return None
    target = targets[0]
    number = normalize.folded_key(catalog.metas[target].number)
    kind = m.group(1)
    found = [
        d for d, meta in catalog.metas.items()
        if d != target and number
        and (kind == "van ban" or normalize.folded_key(meta.kind) == kind
             or re.search(rf"\bban hanh {kind}\b", normalize.folded_key(meta.title)))
        and any(number in normalize.folded_key(x) for x in meta.implements)
    ]  # fmt: skip
    if len(found) > 1 and len([d for d in found if d in named]) == 1:  # the question names it too ("Quyết
        return next(d for d in found if d in named)  # định 1703 … trong Kế hoạch thực hiện Chỉ thị 38")
    if len(found) > 1:  # the one whose issuer's or place's own words the question says ("… của Chính phủ")
        words = re.findall(r"\w+", folded_q)
        said = set(zip(words, words[1:]))

        def own(d: str) -> set[tuple[str, str]]:
            """Word pairs of its issuer's and place's names ("chính phủ", "hải định"), not of heads alone."""
            meta = catalog.metas[d]
            pairs = set()
            for name in (meta.issuer, meta.place):
                ws = re.findall(r"\w+", normalize.folded_key(name))
                pairs |= {p for p in zip(ws, ws[1:]) if not set(p) <= _BODY_WORDS}
            return pairs

        score = {d: len(said & own(d)) for d in found}
        top = max(score.values())
        # a word right after a body's or place's head that names it ("tỉnh ủy cà mau"; not "xã thực hiện")
        named_place = [
            w for w in (b.group(1) for b in _BODY_OR_PLACE.finditer(folded_q))
            if w not in GENERIC_AFTER and w not in STOPWORDS
        ]  # fmt: skip
        if top:
            found = [d for d in found if score[d] == top]
        elif named_place:
            return None  # "kế hoạch thực hiện Chỉ thị 38 của Tỉnh ủy Cà Mau": none of these
        else:  # the level said ("… của xã"), else the highest level ("Quyết định triển khai Chỉ thị 38"
            # without a place is the Government's, not a city's)
            levels = [
                d for d in found
                if re.search(rf"\b{normalize.folded_key(catalog.metas[d].level)}\b", folded_q)
                or any(re.search(rf"\b{w}\b", folded_q) for w in LEVEL_WORDS.get(catalog.metas[d].level, ()))
            ]  # fmt: skip
            found = levels or found
            rank = {lv: i for i, lv in enumerate(LEVEL_WORDS)}
            high = max(rank.get(catalog.metas[d].level, -1) for d in found)
            found = [d for d in found if rank.get(catalog.metas[d].level, -1) == high]
    return found[0] if len(found) == 1 else None


def find_described(folded_q: str, named: list[str], catalog: Catalog) -> tuple[str, str] | None:
    """The catalog document a question describes through a named one: of the kind asked ("văn bản": any),
    the one the named document's text cites most often; with the words that describe it."""
    m = _DESCRIBED.search(folded_q)
    if not m or not named:
        return None
    kind = m.group(1)
    best, most = None, 0
    for d in named:
        text = " ".join(normalize.folded_key(c.text) for c in catalog.clauses_by_doc.get(d, []))
        for other, meta in catalog.metas.items():
            if (
                other == d
                or not meta.number
                or (kind != "van ban" and normalize.folded_key(meta.kind) != kind)
            ):
                continue
            n = text.count(normalize.folded_key(meta.number))
            if n > most:
                best, most = other, n
    return (best, m.group(0).strip()) if best else None
