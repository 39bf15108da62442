"""The web app in headless Chromium: ask, open a citation, upload a PDF as admin, ask about it, stay safe.

Screenshots of every step go to test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

try:
    from tests.docgen import SAMPLE_PLAN, make_pdf
except ImportError:
    from docgen import SAMPLE_PLAN, make_pdf
from playwright.sync_api import expect

from assistant.config import PROJECT_ROOT

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
FACT = "phấn đấu 100% doanh nghiệp trên địa bàn được tập huấn về mã số mã vạch"
XSS = "<img src=x onerror=alert(1)>"


def _plan_with_fact() -> list[str]:
    """The sample An Bình plan with one distinctive, checkable target added to section II.2."""
    at = SAMPLE_PLAN.index("III. TỔ CHỨC THỰC HIỆN")
    extra = f"- Đến hết năm 2026, {FACT}, truy xuất nguồn gốc sản phẩm và áp dụng tiêu chuẩn cơ sở."
    return [*SAMPLE_PLAN[:at], extra, *SAMPLE_PLAN[at:]]


@pytest.fixture(scope="module")
def page(webapp):
    if not CHROMIUM.exists():
        pytest.skip("Chưa cài Chromium của Debian (/usr/bin/chromium): apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
        pg.dialogs = []
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.goto(webapp.url)
        pg.get_by_role("heading", name="Trợ lý Chỉ thị 38-CT/TW").wait_for(timeout=30_000)
        yield pg
        browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def ask(page, question: str) -> str:
    """Type, send, and wait for the bot's reply to finish; returns the reply's visible text."""
    bots = page.locator("#chatbot [data-testid='bot']")
    before = bots.count()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    page.wait_for_function(
        """([n]) => {
            const b = document.querySelectorAll('#chatbot [data-testid="bot"]');
            return b.length > n && !b[b.length - 1].innerText.includes('Đang tìm trong văn bản');
        }""",
        arg=[before],
        timeout=90_000,
    )
    page.wait_for_timeout(300)
    return bots.last.inner_text()


def test_full_journey(page, webapp, tmp_path) -> None:
    shot(page, "01-trang-dau")
    assert "109 điều khoản" in page.locator("#kb-status").inner_text() or "điều khoản" in page.content()

    # 1. ask, see the answer and its citation
    reply = ask(page, "Quyết định 1703 do ai ký?")
    assert "Bùi Thanh Sơn" in reply and "[1]" in reply
    shot(page, "02-cau-tra-loi")

    # 2. click the [1] in the chat: the side panel shows the clause, highlighted, with its metadata
    bot = page.locator("#chatbot [data-testid='bot']").last
    bot.locator("a[href*='dieu-khoan=']").first.click()
    mark = page.locator("#clause-panel mark")
    mark.wait_for(timeout=20_000)
    assert "Bùi Thanh Sơn" in mark.inner_text()
    panel = page.locator("#clause-panel").inner_text()
    assert "Quyết định 1703/QĐ-TTg" in panel and "Tóm tắt báo chí" in panel
    assert page.dialogs == []
    shot(page, "03-bang-dieu-khoan")

    # 3. the «Vì sao?» table lists the retrieved clauses
    page.get_by_text("Vì sao? Các điều khoản đã tìm thấy").click()
    expect(page.locator("#why-table")).to_contain_text("Quyết định 1703/QĐ-TTg", timeout=10_000)
    expect(page.locator("#why-table")).to_contain_text("ngữ nghĩa + từ khóa")

    # 4. upload a PDF as administrator
    pdf = make_pdf(tmp_path / "ke-hoach-12-kh-du-an-binh.pdf", _plan_with_fact())
    page.get_by_role("tab", name="Văn bản").click()
    page.locator("#admin-token input").fill("sai-ma")
    page.locator("#admin-who textarea").fill("Nguyễn Thị Kiểm Thử")
    page.locator("#upload-file input[type=file]").set_input_files(str(pdf))
    page.get_by_text("ke-hoach-12-kh-du-an-binh.pdf").first.wait_for(timeout=20_000)
    page.locator("#add-doc").click()
    page.locator("#kb-message").get_by_text("Mã quản trị không đúng").wait_for(timeout=20_000)
    shot(page, "04-sai-ma-quan-tri")

    page.locator("#admin-token input").fill(webapp.admin_token)
    page.get_by_label("Số hiệu").fill("12-KH/ĐU")
    page.get_by_label("Ngày ban hành (dd/mm/yyyy)").fill("05/03/2025")
    page.locator("#add-doc").click()
    page.locator("#kb-message").get_by_text("Đã thêm").wait_for(timeout=180_000)
    message = page.locator("#kb-message").inner_text()
    assert "12-KH/ĐU" in message
    doc_id = re.search(r"mã ([a-z0-9-]+)\)", message).group(1)
    assert webapp.assistant.document(doc_id) is not None
    assert "6 văn bản" in page.locator("#kb-status").inner_text()
    shot(page, "05-da-them-van-ban")

    # 5. browse the new document's tree and open one of its clauses
    page.locator("#browse-doc input").click()
    page.get_by_role("option").filter(has_text="12-KH").first.click()
    link = page.locator("#kb-tree details[open] a[href*='dieu-khoan=']").last
    link.wait_for(timeout=20_000)
    link.click()
    page.locator(".clause-panel mark").last.wait_for(timeout=20_000)
    shot(page, "06-cay-van-ban")

    # 6. the chat now answers from it, with a citation to it
    page.get_by_role("tab", name="Hỏi đáp").click()
    reply = ask(page, "Xã An Bình phấn đấu bao nhiêu phần trăm doanh nghiệp được tập huấn về mã số mã vạch?")
    assert "100%" in reply, reply
    bot = page.locator("#chatbot [data-testid='bot']").last
    hrefs = [a.get_attribute("href") for a in bot.locator("a[href*='dieu-khoan=']").all()]
    assert any(h.split("dieu-khoan=")[1].startswith(doc_id) for h in hrefs), hrefs
    bot.locator(f"a[href*='dieu-khoan={doc_id}']").first.click()
    page.locator("#clause-panel mark").get_by_text("100%", exact=False).wait_for(timeout=20_000)
    assert "12-KH/ĐU" in page.locator("#clause-panel").inner_text()
    shot(page, "07-hoi-van-ban-moi")

    # 7. markup in a question is shown as text and never runs
    reply = ask(page, f"{XSS} Chỉ thị 38 có mấy nhiệm vụ?")
    user_text = page.locator("#chatbot [data-testid='user']").last.inner_text()
    assert XSS in user_text
    assert page.locator("#chatbot img[src='x']").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []
    shot(page, "08-an-toan-html")
