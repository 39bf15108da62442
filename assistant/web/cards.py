"""Readable views of structured results: «Vì sao?» source cards, the comparison view, tool output.

Scores stay inside: a person sees the document, the place, a snippet with the question's words marked
and a relevance bar in words. Tool Markdown is rendered here and cleaned with nh3, images removed, so no
document text can make the browser fetch anything.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

from ..schema import Answer
from ..text import normalize
from ..text.overlap import content_terms
from .render import cite_href

SNIPPET_CHARS = 320
_WORD = re.compile(r"\w+", re.UNICODE)
_MD = MarkdownIt("commonmark", {"html": False}).enable("table")
_TOOL_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a", "details", "summary", "del",
}  # fmt: skip
FOUND_BY = {
    "dense": "khớp về ý nghĩa",
    "lexical": "khớp từ khóa",
    "dense+lexical": "khớp cả ý nghĩa và từ khóa",
    "direct": "tìm trực tiếp theo số mục",
    "read": "đọc theo cấu trúc văn bản (phần đầu, chữ ký, các mục)",
}


def relevance_words(ratio: float) -> str:
    return "Rất sát câu hỏi" if ratio >= 0.8 else "Liên quan" if ratio >= 0.5 else "Liên quan một phần"


def snippet_html(text: str, question: str, limit: int = SNIPPET_CHARS) -> str:
    """The clause's opening, escaped, with the question's topic words in <mark> (accents optional)."""
    terms = set(content_terms(question or ""))
    short = text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
    out, pos = [], 0
    for m in _WORD.finditer(short):
        out.append(html.escape(short[pos : m.start()]))
        word = m.group(0)
        hit = normalize.folded_key(word) in terms
        out.append(f"<mark>{html.escape(word)}</mark>" if hit else html.escape(word))
        pos = m.end()
    out.append(html.escape(short[pos:]))
    return "".join(out)


def why_cards_html(answer: Answer | None, place_of=None) -> str:
    """One card per retrieved clause, best first; place_of(clause) names the document and place."""
    if answer is None or not answer.passages:
        return '<div class="why-empty">Chưa có câu trả lời nào. Hãy đặt câu hỏi để xem các điều khoản đã tìm thấy.</div>'
    top = max(p.score for p in answer.passages) or 1.0
    cards = []
    for i, p in enumerate(answer.passages, 1):
        c = p.clause
        ratio = max(0.0, min(1.0, p.score / top))
        words = relevance_words(ratio)
        place = place_of(c) if place_of else c.label
        cards.append(
            f'<li class="why-card"><div class="why-head"><span class="why-rank">{i}</span>'
            f'<a class="why-label" href="{cite_href(c.id)}" title="{html.escape(c.id, quote=True)}">'
            f"{html.escape(c.label)}</a></div>"
            + (f'<div class="why-place">{html.escape(place)}</div>' if place and place != c.label else "")
            + f'<p class="why-snippet">{snippet_html(c.text, answer.question)}</p>'
            f'<div class="why-bar" role="img" aria-label="Mức liên quan: {words}">'
            f'<span style="width:{round(ratio * 100)}%"></span></div>'
            f'<div class="why-foot">{words} · {FOUND_BY.get(p.found_by, "")}</div></li>'
        )
    return f'<ol class="why-cards" aria-label="Các điều khoản đã tìm thấy">{"".join(cards)}</ol>'


def _status_class(status: str) -> str:
    s = normalize.folded_key(status or "")
    if "chua" in s:
        return "gap"
    if "rieng" in s:
        return "own"
    if "cu the hon" in s or "vuot" in s:
        return "further"
    return "found"


STATUS_WORDS = {
    "found": "Đã cụ thể hóa",
    "gap": "Chưa thấy",
    "further": "Cụ thể hơn",
    "own": "Nội dung riêng",
}


def compare_html(rows, clause_of) -> str:
    """The comparison as a table a person can read: the reference point and the local measures (with their
    text) side by side, status as a coloured badge; fields the tool may not have are left out."""
    if not rows:
        return ""
    body = []
    for r in rows:
        ref_label = getattr(r, "ref_label", "") or ""
        ref_summary = getattr(r, "ref_summary", "") or ""
        local_html = []
        for entry in getattr(r, "local", None) or []:
            cid, label = (
                (entry[0], entry[1]) if isinstance(entry, (tuple, list)) else (str(entry), str(entry))
            )
            clause = clause_of(cid)
            text = clause.text if clause is not None else (entry[3] if len(entry) > 3 else "")
            local_html.append(
                f'<div class="cmp-local"><a href="{cite_href(cid)}" title="{html.escape(str(cid), quote=True)}">'
                f"{html.escape(str(label))}</a>"
                + (f"<p>{html.escape(str(text))}</p>" if text else "")
                + "</div>"
            )
        local_text = getattr(r, "local_text", "")
        if local_text and not local_html:
            local_html.append(f'<div class="cmp-local"><p>{html.escape(str(local_text))}</p></div>')
        status = str(getattr(r, "status", "") or "")
        kind = _status_class(status)
        reason = getattr(r, "status_reason", "") or getattr(r, "note", "") or ""
        body.append(
            f'<tr><th scope="row"><div class="cmp-ref">{html.escape(ref_label)}</div>'
            f"<p>{html.escape(ref_summary)}</p></th>"
            f"<td>{''.join(local_html) or '<span class=cmp-none>Chưa thấy nội dung tương ứng</span>'}</td>"
            f'<td><span class="status-badge {kind}" title="{html.escape(status, quote=True)}">'
            f"{STATUS_WORDS[kind]}</span>"
            + (f'<p class="cmp-note">{html.escape(str(reason))}</p>' if reason else "")
            + "</td></tr>"
        )
    head = (
        '<thead><tr><th scope="col">Văn bản gốc</th><th scope="col">Văn bản triển khai (nguyên văn)</th>'
        '<th scope="col">Tình trạng</th></tr></thead>'
    )
    return f'<div class="cmp-wrap" tabindex="0"><table class="cmp-table">{head}<tbody>{"".join(body)}</tbody></table></div>'


def tool_html(markdown_text: str) -> str:
    """Tool Markdown (quiz, outline) as clean HTML: raw HTML off, images and unknown tags dropped."""
    rendered = _MD.render(markdown_text or "")
    return nh3.clean(
        rendered,
        tags=_TOOL_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
