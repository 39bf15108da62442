"""The admin surface and document text against a hostile visitor, through the real server and browser:
wrong tokens slow down and are logged, the change log stays behind the token (also in /config), exported
feedback cannot run as a spreadsheet formula, document text never makes the browser fetch, and the server
refuses an over-size upload.
"""

from __future__ import annotations

import csv
import io
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

try:
    from tests.webapp_fixtures import LAPTOP, free_port, open_page
except ImportError:
    from webapp_fixtures import LAPTOP, free_port, open_page

pytestmark = pytest.mark.e2e

FORMULA = '=HYPERLINK("http://vi-du.invalid/lay-du-lieu","Bấm vào đây")'


def _docs_tab(page):
    page.get_by_role("tab", name="Văn bản").click()
    page.locator("#admin-token input").wait_for(timeout=10_000)


def _wrong_token_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "wrong admin token" in r.getMessage()]


def test_wrong_tokens_slow_down_and_are_logged(browser, webapp, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="assistant.web.admin")
    page = open_page(browser, webapp, LAPTOP)
    _docs_tab(page)
    page.locator("#admin-token input").fill("doan-bua-1234")
    waits = []
    for _ in range(4):
        seen = len(_wrong_token_lines(caplog))
        start = time.monotonic()
        page.locator("#records").click()
        while len(_wrong_token_lines(caplog)) == seen and time.monotonic() - start < 30:
            page.wait_for_timeout(25)
        waits.append(time.monotonic() - start)
    lines = _wrong_token_lines(caplog)
    assert len(lines) == 4 and all("127.0.0.1" in r.getMessage() for r in lines)
    assert [f"({n} in a row" in r.getMessage() for n, r in enumerate(lines, 1)] == [True] * 4
    assert waits[3] - waits[0] > 1.5, waits  # 0 s, 0.5 s, 1 s, 2 s of added delay
    assert "Mã quản trị không đúng" in page.locator("#records-message").inner_text()
    assert not page.locator("#changes").is_visible()

    page.locator("#admin-token input").fill(webapp.admin_token)  # the right token clears the count
    page.locator("#records").click()
    page.locator("#records-message").get_by_text("Đã xuất").wait_for(timeout=30_000)
    assert webapp.web.gate.check("sai", "kiem-thu-rieng") is not None  # another client starts at zero delay
    page.context.close()


def test_change_log_needs_the_token_and_is_not_in_config(browser, webapp) -> None:
    secret_admin, secret_file = "Lê Thị Quản Trị Kín", "ke-hoach-noi-bo-khong-cong-khai.pdf"
    webapp.web.store.log_change(secret_admin, "Thêm văn bản", f"Kế hoạch thử — tệp {secret_file}")
    for path in ("config", "gradio_api/info"):
        body = httpx.get(webapp.url + path, timeout=30).text
        assert secret_admin not in body and secret_file not in body, path

    page = open_page(browser, webapp, LAPTOP)
    _docs_tab(page)
    assert secret_admin not in page.content() and secret_file not in page.content()
    page.locator("#admin-token input").fill(webapp.admin_token)
    page.locator("#records").click()
    page.locator("#changes").get_by_text(secret_admin).wait_for(timeout=30_000)
    changes = page.locator("#changes").inner_text()
    assert secret_file in changes and "ngày" in changes  # local human time, not ISO
    page.context.close()


def test_feedback_export_cannot_run_as_a_formula(browser, webapp) -> None:
    store = webapp.web.store
    store.save("=1+1 là gì?", "@SUM(A1:A9) [1]", '[{"n": 1, "clause_id": "ct38/1"}]', -1, FORMULA)
    page = open_page(browser, webapp, LAPTOP)
    _docs_tab(page)
    page.locator("#admin-token input").fill(webapp.admin_token)
    page.locator("#records").click()
    link = page.locator("#feedback-file a[href]").first
    link.wait_for(timeout=30_000)
    href = link.get_attribute("href")
    response = httpx.get(href if href.startswith("http") else webapp.url.rstrip("/") + href, timeout=30)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r[-1].endswith(FORMULA[1:]))
    assert row[-1] == "'" + FORMULA
    assert "'=1+1 là gì?" in row and "'@SUM(A1:A9) [1]" in row
    assert not any(cell[:1] in "=+-@" for r in rows for cell in r if cell)
    page.context.close()


class _Beacon(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Beacon.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def _hostile_plan(beacon: str) -> str:
    return "\n".join(
        [
            "ĐẢNG ỦY XÃ THỬ NGHIỆM",
            "Số: 99-KH/ĐU",
            "KẾ HOẠCH",
            "thực hiện Chỉ thị số 38-CT/TW của Ban Bí thư về đẩy mạnh công tác tiêu chuẩn, đo lường, chất lượng",
            "I. NHIỆM VỤ VÀ GIẢI PHÁP",
            f"1. Tuyên truyền về tiêu chuẩn, đo lường, chất lượng cho doanh nghiệp ![ảnh]({beacon}/md.png) "
            "trên địa bàn xã Thử Nghiệm.",
            f'2. Hỗ trợ doanh nghiệp áp dụng mã số mã vạch <img src="{beacon}/html.png"> và truy xuất nguồn gốc.',
            f"3. Đào tạo cán bộ làm công tác đo lường [![hình]({beacon}/link.png)]({beacon}/trang) ở cơ sở.",
            f"4. Bố trí kinh phí cho hoạt động tiêu chuẩn, chất lượng ![][anh]\n\n[anh]: {beacon}/ref.png",
            "II. TỔ CHỨC THỰC HIỆN",
            "Văn phòng Đảng ủy theo dõi, đôn đốc việc thực hiện kế hoạch này.",
        ]
    )


def test_markdown_image_in_a_document_makes_no_request_in_any_tab(browser, webapp, tmp_path: Path) -> None:
    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), _Beacon)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    beacon = f"http://127.0.0.1:{port}"
    source = tmp_path / "ke-hoach-xa-thu-nghiem.txt"
    source.write_text(_hostile_plan(beacon), encoding="utf-8")
    doc = webapp.assistant.add_document(source, {"title": "Kế hoạch thử của xã Thử Nghiệm"})
    page = open_page(browser, webapp, LAPTOP)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        # chat: answer, its clause, the «Vì sao?» cards
        page.locator("#question textarea").fill(
            "Xã Thử Nghiệm tuyên truyền về tiêu chuẩn cho doanh nghiệp thế nào?"
        )
        page.locator("#send").click()
        page.locator("#chatbot [data-testid='bot'] a[href*='dieu-khoan=']").first.wait_for(timeout=90_000)
        page.locator("#chatbot [data-testid='bot'] a[href*='dieu-khoan=']").first.click()
        page.locator("#clause-panel mark").wait_for(timeout=20_000)
        page.get_by_text("Vì sao? Các điều khoản đã tìm thấy").click()
        page.locator("#why-cards .why-card").first.wait_for(timeout=10_000)
        # documents: card, tree, a clause
        _docs_tab(page)
        page.locator("#browse-doc input").click()
        page.get_by_role("option").filter(has_text="99-KH/ĐU").first.click()
        page.locator("#kb-tree a[href*='dieu-khoan=']").first.wait_for(timeout=20_000)
        page.locator("#kb-tree a[href*='dieu-khoan=']").nth(1).click()
        page.locator("#kb-panel mark").wait_for(timeout=20_000)
        shown = page.locator("#kb-tree").inner_text() + page.locator("#kb-panel").inner_text()
        assert "![" in shown or "<img" in shown  # the markup is shown as text
        # quiz, outline, comparison built from this document
        page.get_by_role("tab", name="Trắc nghiệm").click()
        page.locator("#quiz-docs").get_by_text("99-KH/ĐU").click()
        page.locator("#quiz-btn").click()
        page.locator("#quiz-out").get_by_text("Câu 1", exact=False).first.wait_for(timeout=90_000)
        page.get_by_role("tab", name="Dàn ý").click()
        page.locator("#ol-topic textarea").fill("tiêu chuẩn, đo lường, chất lượng cho doanh nghiệp")
        page.locator("#ol-btn").click()
        page.locator("#ol-out li, #ol-out p").first.wait_for(timeout=90_000)
        page.get_by_role("tab", name="Đối chiếu").click()
        page.locator("#cmp-local input").click()
        page.get_by_role("option").filter(has_text="99-KH/ĐU").first.click()
        page.locator("#cmp-btn").click()
        page.locator("#cmp-view table").wait_for(timeout=120_000)
        page.wait_for_timeout(1000)
        assert _Beacon.hits == []
        assert not [u for u in requested if f":{port}" in u]
        assert page.locator(f"img[src*=':{port}']").count() == 0
    finally:
        page.context.close()
        webapp.assistant.remove_document(doc.id)
        server.shutdown()


def test_server_refuses_an_over_size_upload(webapp) -> None:
    limit = webapp.assistant.settings.max_upload_mb * 1024 * 1024
    url = webapp.url + "gradio_api/upload"
    small = httpx.post(url, files={"files": ("nho.txt", b"x" * 1024)}, timeout=60)
    assert small.status_code == 200
    big = httpx.post(url, files={"files": ("qua-lon.txt", b"x" * (limit + 1024 * 1024))}, timeout=120)
    assert big.status_code == 413
