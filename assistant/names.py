"""Names in a question and whether the documents hold them; the catalog prepared once per index.

`Catalog` keeps what question analysis needs from the documents (aliases compiled into one pattern, the
folded corpus, word counts and postings); `named_things` reads the bodies, places, people, document numbers,
dates and figures a question names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .schema import Clause, DocMeta, NamedThing
from .text import normalize
from .text.function_words import FUNCTION_WORDS
from .text.lexicon import DOC_KIND_CODES, POSTS_FOLDED, SURNAMES

# "38-CT/TW", "1703/QĐ-TTg", and a normative text's "12/2025/NQ-HĐND" (number/year/code)
DOC_NUMBER_RX = r"\d+(?:/(?:19|20)\d\d)?[-/][A-Za-zĐđ]+(?:[/-][A-Za-zĐđ]+)+"
DOC_NUMBER = re.compile(rf"\b{DOC_NUMBER_RX}")
# a document named by kind and number only ("Chỉ thị số 17", "Công văn 1847"), folded
_KIND_NUMBER = re.compile(
    r"\b(" + "|".join(sorted(map(normalize.fold, DOC_KIND_CODES), key=len, reverse=True)) + r")"
    r"(?:\s+hanh dong)?\s+(?:so\s+)?(\d+)\b(?![-/]\w)(?!\s+(?:thang|nam|quy|ngay|tuan)\b)"
)  # not "báo cáo 6 tháng", a report over six months
_KIND_CODES = {normalize.fold(k): v for k, v in DOC_KIND_CODES.items()}
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\bngày \d{1,2} tháng \d{1,2} năm \d{4}\b")
_PERCENT = re.compile(r"\b\d+(?:[.,]\d+)?\s*%")
_ARTICLE = re.compile(r"\b(?:Điều|điều|Khoản|khoản)\s+\d+\b")
# Heads of names of bodies and places: a name follows them ("Tỉnh ủy Cà Mau", "Sở Tài chính", "huyện Tân Lộc")
_PLACE_HEADS = {"tinh", "thanh pho", "huyen", "quan", "xa", "phuong", "thi xa", "thi tran", "tp", "chau"}
_CAPITAL_NEXT_HEADS = {"chau"}  # a head only before a capitalised name: "châu Âu", not "châu chấu"
_HEADS = _PLACE_HEADS | {
    "tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "dang uy", "dang uy khoi", "uy ban nhan dan",
    "hoi dong nhan dan", "so", "bo", "ban tuyen giao", "ban thuong vu", "ong", "ba", "dong chi",
}  # fmt: skip
# heads that start a name only when written with a capital ("Phòng Kinh tế", "Luật Đo lường"; not "phòng thử
# nghiệm", "luật pháp")
_CAPITAL_HEADS = {
    "phong", "luat", "cuc", "chi cuc", "tong cuc", "vien", "trung tam", "hoi", "hiep hoi", "doan", "cong an",
    "toa an", "bao", "dai", "kho bac", "ngan hang", "giai thuong", "quy", "doi", "ban",
}  # fmt: skip
_HEADS |= _CAPITAL_HEADS
_BODY_HEADS = _HEADS - _PLACE_HEADS
# words a capital-only head starts (capitalised at the start of a question): no body's name
_HEAD_COMPOUNDS = set(
    "bao cao|bao chi|ban hanh|hoi nghi|hoi vien|doan vien|doan ket|quy dinh|quy chuan|quy trinh|dai dien|"
    "phong chong|vien chuc".split("|")
)
_OPENERS = set("ten cuoi dau tai theo trong vi co ai nhung cac hay cho khi neu sau truoc o thu the".split())
_AMBIGUOUS_HEADS = {
    "so": "sở",
    "bo": "bộ",
    "xa": "xã",
    "quan": "quận",
    "huyen": "huyện",
    "tinh": "tỉnh",
    "ong": "ông",
    "ba": "bà",
}
_BEFORE_COMPOUND = {
    "chi",  # "chi bộ"
    "may",  # "mấy ông Mặt trận": those people, no one's name
    "co",
    "can",
    "toan",
    "dong",
    "tru",
    "lien",
    "nhan",
    "dia",
    "moi",
    "cac",
    "nhung",
    "mot",
    "hai",
    "ba",
}
# second syllables of words inside names that also stand alone after a head ("Đảng ủy", "Ban Thường vụ")
_NAME_INNER = {"uy", "khoa", "thuong", "vu", "chap", "hanh", "dang", "hoi", "quan", "tri"}  # "Bộ Chính trị"
GENERIC_AFTER = set(
    "cac nhung nay do ay nao gi co la da se duoc phai can khong chua thi ve va voi cua cho trong tren "
    "thuc hien ban hanh ky chu tri phoi hop tham muu trien khai lien quan nhiem vu giai phap ke hoach chuong "
    "trinh chi thi quyet dinh cong van uy khoa cap nhan dan thuong vu chap hanh dang o tai tu den hoi "
    "lam giao dat gom ra ko k khong ta z ha nhi a ak nhe vay ma thi nen hay hoac bon chung em toi".split()
)  # words after a head that make it generic ("các sở", "tỉnh nào", "xã hội")
# the compounds those syllables come from: "định" after "quyết" is generic, after "Kiểm" it completes a name
_GENERIC_PAIRS = set(
    "quyet dinh|ke hoach|chuong trinh|chi thi|cong van|thuc hien|ban hanh|chu tri|phoi hop|tham muu|trien khai|"
    "lien quan|nhiem vu|giai phap|nhan dan|thuong vu|chap hanh|xa hoi|tu do|can cu".split("|")
)


_WORDS = re.compile(r"\w+")
# heads of the bodies a question may write as initials ("Phòng TC-KH"), and a body's name after one
INITIALS_HEADS = "Phòng|Sở|Ban|Chi cục|Trung tâm|Cục|Vụ|Bộ|Văn phòng|Hội|[Cc]ông chức"
_BODY_NAME = re.compile(rf"\b({INITIALS_HEADS})\s+((?:[^\s,.;:()]+\s*){{1,9}})")
_NAME_WORD = re.compile(r"[-–&]|[^\s,.;:()\-–&]+")
_SEP = "\x1e"  # between passages while they are folded together (a control character no text keeps)


@dataclass(frozen=True)
class CorpusWords:
    """The folded words of every passage (clauses, then catalog entries) with counts and postings, kept as
    one string and a few arrays: built in one pass over the joined text, and stored whole in a snapshot's
    pack so that a restart does not re-fold 25,000 clauses."""

    corpus: str  # " w1 w2 … " every passage's words in order, space-padded
    bounds: np.ndarray  # passage i is corpus[bounds[i]:bounds[i + 1]]
    vocab: dict[str, int]
    counts: np.ndarray  # occurrences of each word
    indptr: np.ndarray  # passages holding word j: indices[indptr[j]:indptr[j + 1]]
    indices: np.ndarray
    owners: np.ndarray | None = None  # the document each passage is from (None: a pack from before them)

    @classmethod
    def build(cls, parts: list[str], owners: list[str] | None = None) -> CorpusWords:
        """`plain` of every part, done as one pass: the parts are keyed joined, split into words, and each
        distinct word is folded once."""
        keyed = normalize.key(_SEP.join(p.replace(_SEP, " ") for p in parts)).split(_SEP) if parts else []
        accented: dict[str, int] = {}
        ids: list[int] = []
        sizes = []
        for piece in keyed:
            words = _WORDS.findall(piece)
            ids.extend([accented.setdefault(w, len(accented)) for w in words])
            sizes.append(len(words))
        folded_of = [normalize.fold(w) for w in accented]
        vocab: dict[str, int] = {}
        to_folded = np.fromiter(
            (vocab.setdefault(w, len(vocab)) for w in folded_of), np.int64, len(folded_of)
        )
        names = list(vocab)
        inverse = to_folded[np.asarray(ids, np.int64)] if ids else np.zeros(0, np.int64)
        corpus = " " + " ".join(map(names.__getitem__, inverse.tolist())) + " "
        widths = np.fromiter((len(w) + 1 for w in names), np.int64, len(names))[inverse]
        first = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])  # each passage's first token
        starts = np.concatenate([[0], np.cumsum(widths)])
        bounds = 1 + starts[first]
        counts = np.bincount(inverse, minlength=len(names))
        rows = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        pairs = np.sort(inverse * max(len(sizes), 1) + rows)  # (word, passage), word-major
        pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])] if len(pairs) else pairs
        indptr = np.searchsorted(pairs // max(len(sizes), 1), np.arange(len(names) + 1)).astype(np.int64)
        held = None if owners is None else np.asarray(owners, dtype=str)
        return cls(corpus, bounds, vocab, counts, indptr, pairs % max(len(sizes), 1), held)

    def changed(self, removed: set[str], parts: list[str], owners: list[str]) -> CorpusWords:
        """These words without the passages of the `removed` documents, with `parts` (of `owners`) appended:
        what an add or a removal changes, without folding the other documents' text again (a second at
        1,000 documents). The passages' order differs from a build's; nothing reads it."""
        assert self.owners is not None
        keep = ~np.isin(self.owners, sorted(removed)) if removed else np.ones(len(self.owners), bool)
        new = CorpusWords.build(parts, owners)
        vocab = dict(self.vocab)
        remap = np.fromiter((vocab.setdefault(w, len(vocab)) for w in new.vocab), np.int64, len(new.vocab))
        counts = np.zeros(len(vocab), np.int64)
        counts[: len(self.counts)] = self.counts
        np.add.at(counts, remap, new.counts)
        kept = np.flatnonzero(keep)
        if len(kept) < len(keep):  # the removed passages' words no longer count
            gone = " ".join(self.text(i) for i in np.flatnonzero(~keep).tolist()).split()
            np.subtract.at(counts, np.fromiter(map(vocab.__getitem__, gone), np.int64, len(gone)), 1)
            corpus = " " + "".join(self.text(i) for i in kept.tolist())
        else:
            corpus = self.corpus
        widths = np.diff(self.bounds)[kept]
        bounds = np.concatenate([[1], 1 + np.cumsum(widths), len(corpus) + new.bounds[1:] - 1])
        corpus += new.corpus[1:]
        # postings, word-major: the kept passages renumbered, then the new ones after them
        position = np.cumsum(keep) - 1
        alive = keep[self.indices]
        old_words = np.repeat(np.arange(len(self.counts), dtype=np.int64), np.diff(self.indptr))[alive]
        new_words = remap[np.repeat(np.arange(len(new.counts), dtype=np.int64), np.diff(new.indptr))]
        passages = np.concatenate([position[self.indices[alive]], new.indices + len(kept)])
        total = max(len(kept) + len(new.bounds) - 1, 1)  # passages
        keys = np.sort(np.concatenate([old_words, new_words]) * total + passages, kind="stable")
        indptr = np.searchsorted(keys // total, np.arange(len(vocab) + 1)).astype(np.int64)
        held = np.concatenate([self.owners[keep], new.owners])
        return CorpusWords(corpus, bounds.astype(np.int64), vocab, counts, indptr, keys % total, held)

    def adjacent(self, first: str, second: str, limit: int = 64) -> bool:
        """Whether some passage has `second` right after `first` (the first `limit` passages holding both)."""
        pair = f" {first} {second} "
        return any(pair in f" {self.text(p)}" for p in self.holding([first, second])[:limit].tolist())

    def holding(self, words: list[str]) -> np.ndarray:
        """The passages that hold every one of the words (rarest first: the intersections stay small)."""
        ids = [self.vocab.get(w) for w in set(words)]
        if not ids or None in ids:
            return np.zeros(0, np.int64)
        ids.sort(key=lambda j: self.indptr[j + 1] - self.indptr[j])
        out = self.indices[self.indptr[ids[0]] : self.indptr[ids[0] + 1]]
        for j in ids[1:]:
            if not len(out):
                break
            other = self.indices[self.indptr[j] : self.indptr[j + 1]]  # sorted, as `out` is
            at = np.minimum(np.searchsorted(other, out), len(other) - 1)
            out = out[other[at] == out]
        return out

    def count(self, word: str) -> int:
        j = self.vocab.get(word)
        return 0 if j is None else int(self.counts[j])

    def text(self, i: int) -> str:
        return self.corpus[self.bounds[i] : self.bounds[i + 1]]

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "w_corpus": np.array([self.corpus]), "w_bounds": self.bounds,
            "w_vocab": np.array(list(self.vocab), dtype=str) if self.vocab else np.zeros(0, "<U1"),
            "w_counts": self.counts, "w_indptr": self.indptr, "w_indices": self.indices,
            **({} if self.owners is None else {"w_owners": self.owners}),
        }  # fmt: skip

    @classmethod
    def from_arrays(cls, arrays) -> CorpusWords:
        vocab = arrays["w_vocab"].tolist()
        return cls(
            str(arrays["w_corpus"][0]), arrays["w_bounds"], dict(zip(vocab, range(len(vocab)))),
            arrays["w_counts"], arrays["w_indptr"], arrays["w_indices"],
            arrays["w_owners"] if "w_owners" in arrays else None,
        )  # fmt: skip


def catalog_parts(metas: dict[str, DocMeta], clauses: list[Clause]) -> tuple[list[str], list[str]]:
    """The passages names are looked up in (every clause, then each document's catalog names), and the
    document each is from."""
    parts = [c.text for c in clauses] + [f"{m.short} {m.issuer} {m.place} {m.signer}" for m in metas.values()]
    return parts, [c.doc_id for c in clauses] + list(metas)


@dataclass(frozen=True)
class Catalog:
    """What question analysis needs from the index, prepared once per index: aliases, levels, corpus."""

    metas: dict[str, DocMeta]
    clauses_by_doc: dict[str, list[Clause]]
    alias_rx: re.Pattern | None  # one compiled pattern over every alias of every document
    alias_docs: dict[str, tuple[str, ...]]  # folded alias -> documents it names
    words: CorpusWords
    places: frozenset[str]  # folded places of the catalog
    own_numbers: frozenset[str]  # the catalog documents' own numbers, as plain words
    grouped: tuple[str, ...]  # documents that call their points "nhóm" (groups of tasks), in catalog order
    _doc_words: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _doc_pairs: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        metas: dict[str, DocMeta],
        clauses: list[Clause],
        words: CorpusWords | None = None,
        previous: Catalog | None = None,
        unchanged: set[str] | frozenset[str] = frozenset(),
    ) -> Catalog:
        """`words` from a snapshot's pack when it has one; else changed from the `previous` catalog's (an add
        or a removal: `unchanged` are the documents it knew as they are now); made here otherwise (a second or
        more at 1,000 documents)."""
        by_doc: dict[str, list[Clause]] = {}
        for c in clauses:
            by_doc.setdefault(c.doc_id, []).append(c)
        same = set(unchanged) if previous is not None else set()
        if words is None and previous is not None and previous.words.owners is not None:
            new = [d for d in metas if d not in same]
            parts, owners = catalog_parts(
                {d: metas[d] for d in new}, [c for d in new for c in by_doc.get(d, [])]
            )
            words = previous.words.changed(set(previous.metas) - same, parts, owners)
        words = words or CorpusWords.build(*catalog_parts(metas, clauses))
        alias_docs: dict[str, list[str]] = {}
        for doc_id, meta in metas.items():
            for a in doc_aliases(meta):
                alias_docs.setdefault(a, []).append(doc_id)
        rx = None
        if alias_docs:
            alts = sorted(alias_docs, key=len, reverse=True)
            rx = re.compile(r"(?<![\w/-])(" + "|".join(re.escape(a) for a in alts) + r")(?![\w/-])")
        places = frozenset(" ".join(plain(m.place)) for m in metas.values() if m.place)
        own_numbers = frozenset(" ".join(plain(m.number)) for m in metas.values() if m.number)
        was = set(previous.grouped) if previous is not None else set()
        grouped = tuple(
            d for d in metas if (d in was if d in same else any(_groups(c) for c in by_doc.get(d, [])))
        )
        return cls(
            metas, by_doc, rx, {a: tuple(d) for a, d in alias_docs.items()}, words, places, own_numbers,
            grouped,
        )  # fmt: skip

    @cached_property
    def initials(self) -> dict[tuple[str, str], str]:
        """(folded head, initials) -> the name as the texts write it: ("phong", "TCKH") -> "Tài chính - Kế
        hoạch", so that "Phòng TC-KH" is read as the office the documents name. Made on first use."""
        out: dict[tuple[str, str], str] = {}
        for clauses in self.clauses_by_doc.values():
            for c in clauses:
                for m in _BODY_NAME.finditer(c.text):
                    head, letters, taken = normalize.fold(m.group(1).lower()), "", []
                    for w in _NAME_WORD.findall(m.group(2)):
                        taken.append(w)
                        if w in ("-", "–", "&", "và"):
                            continue
                        letters += normalize.fold(w[0]).upper()
                        if len(letters) >= 2:
                            out.setdefault((head, letters), " ".join(taken))
        return out

    @cached_property
    def place_initials(self) -> dict[str, str]:
        """ "LA" -> "Long An": the capital initials of a place of two words or more that only one place of the
        catalog has (Đ read as D); "HP" for Hải Phòng as people type it."""
        found: dict[str, set[str]] = {}
        for m in self.metas.values():
            words = m.place.split()
            if len(words) >= 2:
                letters = "".join(normalize.fold(w[0]).upper() for w in words)
                found.setdefault(letters, set()).add(m.place)
        return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}

    @cached_property
    def by_kind(self) -> dict[str, tuple[str, ...]]:
        """Documents by folded kind ("chi thi"), in catalog order."""
        out: dict[str, list[str]] = {}
        for d, m in self.metas.items():
            out.setdefault(normalize.folded_key(m.kind), []).append(d)
        return {k: tuple(v) for k, v in out.items() if k}

    @cached_property
    def signers(self) -> dict[str, tuple[str, ...]]:
        """Documents by the folded name of who signed them ("vu van hai"), names of two words or more."""
        out: dict[str, list[str]] = {}
        for d, m in self.metas.items():
            name = normalize.folded_key(m.signer.split("(")[0]).strip(" ,.")
            if len(name.split()) >= 2:
                out.setdefault(name, []).append(d)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def levels(self) -> frozenset[str]:
        return frozenset(m.level for m in self.metas.values())

    def in_document(self, phrase: str, doc_id: str) -> bool:
        """Whether the document holds every word of the phrase (its text or its catalog entry), and, for a
        body's name, the two words after its head side by side ("Bộ Công Thương": "công thương")."""
        held, pairs = self._held(doc_id)
        # every word, anywhere: "held" errs on the side of answering, since "<văn bản> không nhắc đến «X»" is a
        # claim the user will believe (a short name written otherwise in the question must not be called absent);
        # only the core of a body's name (its first two words after the head, which a name in short keeps) must
        # be written together: the words of "Công Thương" are in every plan, the ministry is not
        words = plain(phrase)
        if not set(words) <= held:
            return False
        core = _name_core(words)
        # a ministry's or department's name is ordinary words ("tài chính", "y tế", "xây dựng") without its head
        head = head_at(" ".join(words))
        if head in ("bo", "so") and len(words) > 1 and (head, words[1]) not in pairs:
            return False
        return core is None or core in pairs

    def says(self, phrase: str, doc_id: str) -> bool:
        """Whether the document writes the phrase's words one after another (each pair of them side by side)."""
        words = plain(phrase)
        pairs = self._held(doc_id)[1]
        return bool(words) and all(p in pairs for p in zip(words, words[1:]))

    def _held(self, doc_id: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        """The document's folded words and word pairs (text and catalog entry), made on the first question about
        it, not on every one."""
        held, pairs = self._doc_words.get(doc_id), self._doc_pairs.get(doc_id)
        if held is None or pairs is None:  # (questions may come from several threads: each set is made whole)
            meta = self.metas.get(doc_id)
            entry = f"{meta.short} {meta.issuer} {meta.place} {meta.signer} {meta.title}" if meta else ""
            texts = [entry] + [f"{c.heading} {c.text}" for c in self.clauses_by_doc.get(doc_id, [])]
            words = plain(" ".join(texts))
            held, pairs = frozenset(words), frozenset(zip(words, words[1:]))
            self._doc_words[doc_id], self._doc_pairs[doc_id] = held, pairs
        return held, pairs

    @cached_property
    def units(self) -> dict[str, tuple[str, ...]]:
        """Folded words naming the unit that issued documents ("thi uy", "thi xa") -> those documents."""
        out: dict[str, list[str]] = {}
        for doc_id, meta in self.metas.items():
            for word in unit_words(meta.issuer):
                out.setdefault(word, []).append(doc_id)
        return {w: tuple(d) for w, d in out.items()}

    def together(self, phrase: str) -> bool:
        """Whether one passage holds every word of the phrase close together, in any order: a body named in
        short ("Đảng ủy Khối Điện Biên" for "… Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh Điện Biên")."""
        words = set(plain(phrase))
        if len(words) < 3 or any(w not in self.words.vocab for w in words):
            return False
        span = 2 * len(words) + 4
        seen: set[str] = set()  # plans copy each other's clauses: each wording is read once
        for i in self.words.holding(list(words)).tolist():
            text = self.words.text(i)
            if text in seen:
                continue
            seen.add(text)
            toks = text.split()
            hits = [j for j, t in enumerate(toks) if t in words]
            for a in range(len(hits)):
                window = {toks[j] for j in hits[a:] if j - hits[a] < span}
                if window >= words:
                    return True
        return False

    def common(self, folded_word: str) -> bool:
        """A word the documents use often: part of ordinary text, not of a name."""
        return self.words.count(folded_word) > 2

    def contains(self, phrase: str) -> bool:
        """Whether some passage holds the phrase, word for word (looked for only where all its words are)."""
        words = plain(phrase)
        needle = f" {' '.join(words)} "
        return bool(words) and any(
            needle in f" {self.words.text(i)}" for i in self.words.holding(words).tolist()
        )


def _groups(clause: Clause) -> bool:
    """A point that calls its items "nhóm" (groups of tasks), said near its start."""
    return clause.kind != "header" and "nhóm" in normalize.key(clause.text[:400])[:200]


def head_at(folded: str) -> str:
    """The head of a body's name that a folded text starts with ("thanh uy …" -> "thanh uy"), or ""."""
    words = folded.split()
    return next((" ".join(words[:n]) for n in (4, 3, 2, 1) if " ".join(words[:n]) in _BODY_HEADS), "")


def _name_core(words: list[str]) -> tuple[str, str] | None:
    """The two words after a body's head ("bo cong thuong" -> ("cong", "thuong")), when both are neither a
    level nor a function word; None for a name without such a core ("Ủy ban nhân dân tỉnh")."""
    head = head_at(" ".join(words))
    rest = words[len(head.split()) :] if head else []
    if len(rest) < 2 or any(w in _PLACE_HEADS or w in _FUNCTION_FOLDED or len(w) < 2 for w in rest[:2]):
        return None
    return rest[0], rest[1]


def plain(text: str) -> list[str]:
    """Folded words without punctuation: how names are compared with the documents."""
    return re.sub(r"[^\w]+", " ", normalize.folded_key(text)).split()


def number_aliases(meta: DocMeta) -> set[str]:
    """Folded phrases that name a document by its number: the number, kind + number."""
    out: set[str] = set()
    kind = normalize.folded_key(meta.kind)
    if meta.number:
        num = normalize.folded_key(meta.number)
        out.add(num)
        head = re.split(r"[-/]", num)[0]
        out.update({f"{kind} {head}", f"{kind} so {head}"})
        if len(head) >= 3:  # "1703" alone is unambiguous; "59" is not
            out.add(head)
    return out


# the committee or council that issues a document, by its unit: "Ban Thường vụ Thị ủy Vân Khải" -> "thi uy"
_UNIT_BODY = re.compile(
    r"\b(?:uy ban kiem tra (?:tinh|thanh|huyen|thi|quan|dang) uy|(?:tinh|thanh|huyen|thi|quan) uy"
    r"|dang uy (?:xa|phuong|thi tran|khoi)"
    r"|(?:uy ban|hoi dong) nhan dan (?:tinh|huyen|thi xa|thanh pho|quan|xa|phuong|thi tran))\b"
)
# a unit's own name that is no ordinary word (unlike "huyện", "xã", "tỉnh" said of any place, or "quận")
_UNIT_OF = {"thi uy": "thi xa", "uy ban nhan dan thi xa": "thi xa", "hoi dong nhan dan thi xa": "thi xa"}
# how a unit word is written with its accents: typed with them, "thì xã hội hóa" is no "thị xã"
UNIT_ACCENTED = {
    "thi xa": "thị xã", "thi uy": "thị ủy", "tinh uy": "tỉnh ủy", "thanh uy": "thành ủy", "huyen uy": "huyện ủy",
    "quan uy": "quận ủy", "dang uy khoi": "đảng ủy khối",
}  # fmt: skip


def unit_words(issuer: str) -> set[str]:
    """How a question names the unit that issued a document: its committee ("thị ủy", "Ủy ban nhân dân
    huyện") and, where it is no ordinary word, the unit itself ("thị xã")."""
    words = {m.group(0) for m in _UNIT_BODY.finditer(" ".join(plain(issuer)))}
    return words | {_UNIT_OF[w] for w in words if w in _UNIT_OF}


def doc_aliases(meta: DocMeta) -> list[str]:
    """Folded phrases that name a document in a question: its number, kind + number, place."""
    out = number_aliases(meta)
    m = re.search(r"\(([^)]+)\)", meta.short)
    if m:
        out.add(normalize.folded_key(m.group(1)))
    if meta.place and meta.level not in ("Trung ương", "Chính phủ"):
        out.add(normalize.folded_key(meta.place))
    if (
        meta.kind and meta.issuer
    ):  # "chỉ thị của Ban Bí thư", "chương trình của Ban Thường vụ Tỉnh ủy Long An"
        out.add(f"{normalize.folded_key(meta.kind)} cua {' '.join(plain(meta.issuer))}")
    return sorted(a for a in out if len(a) >= 3)


def named_things(text: str, catalog: Catalog) -> list[NamedThing]:
    """Names in the question (bodies, places, posts, people, document numbers, dates, percentages).

    A name is read as the capitalised words after a head ("Tỉnh ủy Cà Mau", "Sở Tài chính"), or, in a question
    typed without capitals, the words after a head that are rare in the documents ("tinh uy ca mau"). It is
    known when the documents hold it with its head, or, for a name without a head, its last two words.
    """
    out: list[NamedThing] = []
    seen: set[str] = set()

    def add(kind: str, phrase: str, known: bool | None = None) -> None:
        phrase = phrase.strip(" ,.;:?!")
        key = normalize.folded_key(phrase)
        if key and key not in seen and not any(key in normalize.folded_key(n.text) for n in out):
            seen.add(key)
            out.append(NamedThing(kind, phrase, catalog.contains(phrase) if known is None else known))

    for m in DOC_NUMBER.finditer(text):
        # a catalog document's own number names that document (doc_ids), not a cited one
        if " ".join(plain(m.group(0))) not in catalog.own_numbers:
            add("doc-number", m.group(0))
    for m in _KIND_NUMBER.finditer(normalize.folded_key(text)):
        year = " so " not in m.group(0) and 1990 <= int(m.group(2)) <= 2100  # "KH 2025": that year's plan
        # one the documents neither hold nor cite ("Chỉ thị số 17") is named, so that the answer says so
        if not year and not _cited_or_held(m.group(1), m.group(2), catalog):
            add("doc-number", normalize.find_as_written(text, m.group(0)) or m.group(0), False)
    for m in _DATE.finditer(text):
        add("date", m.group(0))
    for m in _PERCENT.finditer(text):
        add("percent", m.group(0))
    for m in _ARTICLE.finditer(text):
        add("article", m.group(0))
    raw = text.split()
    words = [w.strip(",.?!:;\"'()«»„“”") for w in raw]
    ends = [w.rstrip("\"'()«»„“”").endswith((",", ".", "?", "!", ":", ";")) for w in raw]
    folded = [" ".join(plain(w)) for w in words]
    capitals = any(w[:1].isupper() for w in words[1:])
    i = 0
    while i < len(words):
        head_len = next((n for n in (4, 3, 2, 1) if " ".join(folded[i : i + n]) in _HEADS), 0)
        capital_only = " ".join(folded[i : i + head_len]) in _CAPITAL_HEADS
        if (
            not head_len
            or _compound(folded, i, head_len, words, text)
            or (capital_only and not words[i][:1].isupper())
            or (
                head_len == 1
                and folded[i] in _CAPITAL_NEXT_HEADS
                and not (i + 1 < len(words) and words[i + 1][:1].isupper())
            )
        ):
            i += 1
            continue
        head = " ".join(folded[i : i + head_len])
        k = i + head_len
        name: list[int] = []
        while k < len(words) and len(name) < 14 and folded[k]:
            if name and raw[k - 1].rstrip(",.?!:;\"'«»„“”").endswith(")"):
                break  # "Đảng ủy xã (Hải Phòng) gửi …": a bracket closes the name
            if capitals:  # "Sở Khoa học và Công nghệ tỉnh Điện Biên": each word capitalised, "và", places
                upper = words[k][:1].isupper()
                nxt_upper = k + 1 < len(words) and words[k + 1][:1].isupper()
                nxt_joins = k + 1 < len(words) and (folded[k + 1] == "va" or folded[k + 1] in _PLACE_HEADS)
                # a place's name is whole: a lower-case word after it is not part of the name ("Long An xác định")
                after_place = any(" ".join(folded[j:k]) in catalog.places for j in range(max(0, k - 3), k))
                # a lower-case syllable inside a name ("Khoa học và …") is followed by more of the name
                inside = bool(name) and words[k - 1][:1].isupper() and (nxt_upper or nxt_joins)
                inside = inside or (
                    bool(name)
                    and words[k - 1][:1].isupper()
                    and not catalog.common(folded[k])
                    and not after_place
                )
                nxt_head = (
                    k + 1 < len(words) and folded[k + 1] in _HEADS and folded[k + 1] not in _PLACE_HEADS
                )
                # "… và Công nghệ" joins a name; "… và Bộ Công Thương" starts another
                joiner = (folded[k] == "va" or folded[k] in _PLACE_HEADS) and nxt_upper and not nxt_head
                # the rest of a word whose first syllable is capitalised ("Khoa học", "Quốc phòng", "Đảng ủy"),
                # as the documents write that pair
                completes = (
                    bool(name)
                    and words[k - 1][:1].isupper()
                    and not after_place
                    and (
                        folded[k] not in GENERIC_AFTER
                        or folded[k] in _NAME_INNER
                        or f"{folded[k - 1]} {folded[k]}" not in _GENERIC_PAIRS
                    )
                    and catalog.words.adjacent(folded[k - 1], folded[k])
                    and not (k + 1 < len(folded) and f"{folded[k]} {folded[k + 1]}" in _GENERIC_PAIRS)
                )
                # a lower-case function word ("mà", "thì") is never inside a name, nor a verb ("chủ trì")
                plain_word = not upper and (
                    folded[k] in GENERIC_AFTER or folded[k] in _FUNCTION_FOLDED
                    or (k + 1 < len(folded) and f"{folded[k]} {folded[k + 1]}" in _GENERIC_PAIRS)
                )  # fmt: skip
                # "UBND tỉnh Quảng Hà Nguyễn Văn Bình": after the place, a family name starts a person
                if (after_place or not name) and upper and normalize.key(words[k]) in SURNAMES and nxt_upper:
                    break  # likewise right after a head: "Giám đốc Sở Trần Đức Hiển" is a person
                if not (completes or joiner) and (not (upper or inside) or plain_word):
                    break
            elif folded[k] in GENERIC_AFTER or catalog.common(folded[k]) or folded[k].isdigit():
                break  # (nor a count: "đoàn kiểm tra 150 cơ sở")
            name.append(k)
            k += 1
            if ends[k - 1]:
                break
        # one capitalised syllable cut from the rest of its word ("Luật Giao| thông", "Phòng Kinh| tế"): a
        # compound is written with one capital, so the name takes the next syllable too
        if (
            capitals and len(name) == 1 and words[name[0]][:1].isupper() and not ends[k - 1] and k < len(words)
            and words[k][:1].islower() and words[k].isalpha() and folded[k] not in GENERIC_AFTER
            and folded[k] not in _FUNCTION_FOLDED
        ):  # fmt: skip
            name.append(k)
            k += 1
        if name and (capitals or len(name) >= 2):  # typed in lower case, a one-word "name" is a guess too far
            phrase = " ".join(words[i:k])
            name_text = " ".join(folded[j] for j in name)
            bare = _without_place(name_text, catalog)  # "Sở Tài chính Long An" is "Sở Tài chính" of Long An
            known = (
                catalog.contains(f"{head} {name_text}")
                # "Đồng chí Lò Thị Ngọc Hân": a person is known by the name, as a signature writes it
                or (head in _HONORIFICS and catalog.contains(name_text))
                or (bare is not None and catalog.contains(f"{head} {bare}".strip()))
                or (head in _PLACE_HEADS and any(catalog.contains(f"{h} {name_text}") for h in _PLACE_HEADS))
                or name_text in catalog.places
                or catalog.together(f"{head} {name_text}")
            )
            add("place" if head in _PLACE_HEADS else "organization", phrase, known)
        i = max(k, i + 1)
    # other capitalised runs: "Nguyễn Văn An", "Bình Dương"; a question's first word is capitalised anyway
    run: list[int] = []
    for i, w in enumerate([*words, ""]):
        # … and so is a word a sentence starts with before a name ("Riêng Đảng đoàn …"), unless it is a family
        # name starting a person's ("Nguyễn Văn An")
        opener = i == 0 and (
            catalog.words.count(folded[0]) > 0
            or folded[0] in _OPENERS
            or (normalize.key(words[0]) not in SURNAMES and len(words) > 1 and words[1][:1].isupper())
        )
        if w[:1].isupper() and w.replace("-", "").isalpha() and not w.isupper() and not opener:
            run.append(i)
            if not ends[i]:
                continue
        # a post written with capitals on its first syllables ("Phó Bí thư", "Tổng Bí thư") is no name
        post = " ".join(folded[j] for j in run) + (
            f" {folded[run[-1] + 1]}" if run and run[-1] + 1 < len(words) else ""
        )
        if len(run) >= 3 and folded[run[0]] in _BODY_HEADS and normalize.key(words[run[1]]) in SURNAMES:
            run = run[1:]  # "Giám đốc Sở Trần Đức Hiển": the post's body, then the person
        if len(run) >= 2 and not _POST.fullmatch(post) and not _POST.fullmatch(post.rsplit(" ", 1)[0]):
            phrase = " ".join(words[j] for j in run)
            core = " ".join(folded[j] for j in run[-2:])
            known = catalog.contains(phrase) or catalog.contains(core) or catalog.together(phrase)
            add("organization", phrase, known)
        run = []
    # a programme or standard written as capitals ("OCOP", "ISO", "FTA") that some document holds: the one
    # document a question names may lack it (one no document holds may be an abbreviation we do not expand:
    # no claim is made of it)
    for w in words:
        if _ACRONYM.fullmatch(w) and not _ROMAN.fullmatch(w) and catalog.contains(w):
            add("acronym", w, True)
    topic = unheard_topic(text, catalog)
    if topic:
        add("topic", topic, False)
    return out


_HONORIFICS = {"ong", "ba", "dong chi"}
_ACRONYM = re.compile(r"[A-ZĐ]{3,}")
_POST = re.compile(rf"(?:{POSTS_FOLDED})")
_ROMAN = re.compile(r"[IVXLC]+")


# "… nói gì về X?", "… đề cập đến X như thế nào?", "… có nhắc đến X không?": X is what the question is about
_TAIL = r"nhu the nao|the nao|nhu nao|ra sao|khong|ko|chua|a|nhi|vay|the"  # question words after a topic
_TOPIC = re.compile(
    r"\b(?:(?:gi|nhung gi|noi|de cap|nhac)\s+(?:ve|den|toi)|de cap|nhac den|nhac toi)\s+(.+?)"
    rf"(?:\s+(?:{_TAIL}))*\s*$"
)
_QUESTION_TAIL = re.compile(rf"(?:{_TAIL})(?:\s+\S+)?")
_ASKS = re.compile(r"\b(?:nao|gi|ai|bao nhieu|may|dau|bao gio|khi nao)\b")
_FUNCTION_FOLDED = frozenset(normalize.fold(w) for w in FUNCTION_WORDS)


SHORT_TOPIC = 4  # content words: a longer topic is a description, which a paraphrase words in its own way


def unheard_topic(text: str, catalog: Catalog) -> str | None:
    """The topic a "… nói gì về X?" question asks about, when the documents never write it: a short topic
    with an unheard pair ("bảo hiểm y tế"). A longer one is a description, which a paraphrase words in its
    own way: its unheard pairs are no sign that the documents are silent, and the decision weighs it."""
    m = _TOPIC.search(" ".join(plain(text)))
    if not m or _QUESTION_TAIL.fullmatch(m.group(1)):
        return None  # "… được nhắc đến thế nào?": the topic came before the verb, not after it
    if _ASKS.search(m.group(1)):
        return (
            None  # "Nghị quyết … mà Chỉ thị nhắc đến ban hành ngày nào?": what follows asks, it is no topic
        )
    words = m.group(1).split()
    if sum(_content(w) for w in words) > SHORT_TOPIC:
        return None
    # syllables are shared by every Vietnamese text; their pairs are what tell whether the documents speak of
    # a thing: two neighbouring content words neither of which the documents write beside the other
    alone = _lone_words(words, catalog)
    if not any(a and b for a, b in zip(alone, alone[1:])):
        return None
    return normalize.find_as_written(text, m.group(1)) or m.group(1)


def _content(w: str) -> bool:
    return len(w) >= 2 and not w.isdigit() and w not in _FUNCTION_FOLDED


def _lone_words(words: list[str], catalog: Catalog) -> list[bool]:
    """For each content word, whether the documents never write it beside either of its neighbours."""

    def lone(i: int) -> bool:
        w = words[i]
        if not _content(w):
            return False
        left = i > 0 and catalog.words.adjacent(words[i - 1], w)
        return not left and not (i + 1 < len(words) and catalog.words.adjacent(w, words[i + 1]))

    return [lone(i) for i in range(len(words))]


def _cited_or_held(kind: str, digits: str, catalog: Catalog) -> bool:
    """Whether a kind + number names a catalog document, or one the documents cite ("1847-CV/…" for
    "công văn 1847"); the number of a catalog document under another kind ("Kế hoạch 1703") counts as held."""
    code = _KIND_CODES[kind]
    numbers = {n for n in (digits, digits.lstrip("0"), digits.zfill(2)) if n}
    if any(f"{kind} {n}" in catalog.alias_docs or f"{kind} so {n}" in catalog.alias_docs for n in numbers):
        return True
    if any(own.split()[0] in numbers for own in catalog.own_numbers if own):
        return True
    return any(catalog.words.adjacent(n, code) for n in numbers)


def _without_place(name: str, catalog: Catalog) -> str | None:
    """A name without the catalog place it ends with ("tai chinh long an" -> "tai chinh", "tinh long an" ->
    ""), or None when it ends with none."""
    words = name.split()
    for n in (3, 2, 1):
        if len(words) >= n and " ".join(words[-n:]) in catalog.places:
            cut = words[:-n]
            if cut and cut[-1] in _PLACE_HEADS:
                cut = cut[:-1]
            return " ".join(cut)
    return None


def _compound(folded: list[str], i: int, n: int, words: list[str], text: str) -> bool:
    """A head that is part of another word ("cơ sở", "cán bộ", "xã hội") or a plural ("các sở")."""
    head = " ".join(folded[i : i + n])
    if n == 1 and i > 0 and folded[i - 1] in _BEFORE_COMPOUND:
        return True
    if i + n < len(folded) and f"{head} {folded[i + n]}" in _HEAD_COMPOUNDS:
        return True  # "Báo cáo 6 tháng …" opening a question is a report, not a newspaper
    if n == 1 and i > 0 and folded[i - 1] == "dang" and not words[i][:1].isupper():
        return True  # "Đảng bộ tỉnh …" is a party committee; "đảng Bộ Khoa học …" names a ministry
    if head in _AMBIGUOUS_HEADS and normalize.has_diacritics(text):
        return normalize.key(words[i]) != _AMBIGUOUS_HEADS[head]
    return head in _AMBIGUOUS_HEADS  # unaccented "so", "bo", "xa" may be "số", "bỏ", "xa"
