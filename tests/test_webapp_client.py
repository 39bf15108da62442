"""The web app's API through gradio_client: the same handler the chat box uses, over HTTP."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from gradio_client import Client


@pytest.fixture(scope="module")
def client(webapp) -> Client:
    return Client(webapp.url, verbose=False)


def _text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def _last_bot_text(chat: list[dict]) -> str:
    return _text([m for m in chat if m["role"] == "assistant"][-1])


def test_answer_has_citation_and_label(client: Client) -> None:
    chat, cleared = client.predict("Quyết định 1703 do ai ký?", [], [], api_name="/hoi")
    text = _last_bot_text(chat)
    assert cleared == ""
    assert "Bùi Thanh Sơn" in text
    assert re.search(r'href="#dieu-khoan=qd1703%2F[^"]+"[^>]*>\[1\]</a>', text), text
    assert "Nguồn:" in text and "Quyết định 1703/QĐ-TTg" in text


def test_clause_endpoint_highlights_clause(client: Client) -> None:
    html_out = client.predict("qd1703/p1", api_name="/dieu_khoan")
    assert "<mark>" in html_out and "Bùi Thanh Sơn" in html_out
    assert "Tóm tắt báo chí" in html_out  # the decision is known only from a press summary


def test_doc_filter_restricts_search(client: Client) -> None:
    chat, _ = client.predict("nhiệm vụ, giải pháp", [], ["ctr59-longan"], api_name="/hoi")
    links = re.findall(r'href="#dieu-khoan=([^"%]+)', _last_bot_text(chat))
    assert links and set(links) == {"ctr59-longan"}


def test_script_in_question_is_escaped(client: Client) -> None:
    chat, _ = client.predict("<script>alert(1)</script> Chỉ thị 38 có mấy nhiệm vụ?", [], [], api_name="/hoi")
    everything = " ".join(_text(m) for m in chat)
    assert "<script>" not in everything
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything


def test_unknown_clause_is_reported_escaped(client: Client) -> None:
    html_out = client.predict("<img src=x onerror=alert(1)>", api_name="/dieu_khoan")
    assert "<img" not in html_out and "&lt;img src=x onerror=alert(1)&gt;" in html_out


def test_empty_question_gets_vietnamese_message(client: Client) -> None:
    chat, _ = client.predict("   ", [], [], api_name="/hoi")
    assert "Bạn chưa nhập câu hỏi" in _last_bot_text(chat)
    assert all(m["role"] == "assistant" for m in chat)


def test_json_endpoint_returns_citations_as_data(client: Client) -> None:
    result = client.predict("Quyết định 1703 do ai ký?", [], [], api_name="/ask")
    assert result["refused"] is False and "Bùi Thanh Sơn" in result["answer"]
    first = result["citations"][0]
    assert first["n"] == 1 and first["clause_id"].startswith("qd1703/") and first["doc_id"] == "qd1703"
    assert "Quyết định 1703/QĐ-TTg" in first["label"] and "Bùi Thanh Sơn" in first["text"]
    assert "<a" not in result["answer"] and "[1]" in result["answer"]
    assert result["timings_ms"]["total_ms"] > 0


def test_json_endpoint_takes_history_and_documents(client: Client) -> None:
    only = client.predict("nhiệm vụ, giải pháp", [], ["ctr59-longan"], api_name="/ask")
    assert only["citations"] and {c["doc_id"] for c in only["citations"]} == {"ctr59-longan"}
    first = client.predict("Chỉ thị 38 có mấy nhiệm vụ, giải pháp?", [], [], api_name="/ask")
    follow = client.predict("còn giải pháp tiếp theo?", [first], [], api_name="/ask")
    assert follow["citations"] and all(c["doc_id"] == "ct38" for c in follow["citations"])
    unknown = client.predict("Chỉ thị 38 là gì?", [], ["khong-co-van-ban-nay"], api_name="/ask")
    assert unknown["refused"] and "khong-co-van-ban-nay" in unknown["answer"] and unknown["citations"] == []


def test_json_endpoint_over_plain_http(webapp) -> None:
    """What a bot written in any language does: POST the question, then read the result event."""
    call = httpx.post(
        webapp.url + "gradio_api/call/ask", json={"data": ["Quyết định 1703 do ai ký?", [], []]}
    )
    event_id = call.json()["event_id"]
    stream = httpx.get(webapp.url + f"gradio_api/call/ask/{event_id}", timeout=90).text
    payload = json.loads(stream.split("event: complete", 1)[1].split("data:", 1)[1].strip())
    assert payload[0]["citations"][0]["clause_id"].startswith("qd1703/")
