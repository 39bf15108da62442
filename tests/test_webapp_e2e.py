"""The web app in headless Chromium, as people use it on a laptop (1366×768) and a phone (390×844): ask,
open a citation, rate/copy/regenerate a message, upload a document and delete it from another browser.

Screenshots of every step go to test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

try:
    from tests.docgen import SAMPLE_PLAN, make_pdf
    from tests.webapp_fixtures import LAPTOP, PHONE, open_page
except ImportError:
    from docgen import SAMPLE_PLAN, make_pdf
    from webapp_fixtures import LAPTOP, PHONE, open_page

from assistant.config import PROJECT_ROOT

pytestmark = pytest.mark.e2e

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
FACT = "phấn đấu 100% doanh nghiệp trên địa bàn được tập huấn về mã số mã vạch"
XSS = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://vi-du.invalid","bấm vào đây")'
BOT = "#chatbot [data-testid='bot']"


def _plan_with_fact() -> list[str]:
    """The sample An Bình plan with one distinctive, checkable target added to section II.2."""
    at = SAMPLE_PLAN.index("III. TỔ CHỨC THỰC HIỆN")
    extra = f"- Đến hết năm 2026, {FACT}, truy xuất nguồn gốc sản phẩm và áp dụng tiêu chuẩn cơ sở."
    return [*SAMPLE_PLAN[:at], extra, *SAMPLE_PLAN[at:]]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wait_reply(page, before: int) -> str:
    page.wait_for_function(
        """([sel, n]) => {
            const b = document.querySelectorAll(sel);
            return b.length > n && !b[b.length - 1].innerText.includes('Đang tìm trong văn bản');
        }""",
        arg=[BOT, before],
        timeout=90_000,
    )
    page.wait_for_timeout(300)
    return page.locator(BOT).last.inner_text()


def ask(page, question: str) -> str:
    """Type, send, and wait for the bot's reply to finish; returns the reply's visible text."""
    before = page.locator(BOT).count()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    return wait_reply(page, before)


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (
        f"page is {width}px wide in a {page.viewport_size['width']}px window"
    )


def in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    h = page.viewport_size["height"]
    return box is not None and box["y"] >= -1 and box["y"] < h and box["y"] + min(box["height"], 40) <= h


def open_first_citation(page) -> None:
    page.locator(BOT).last.locator("a[href*='dieu-khoan=']").first.click()
    page.locator("#clause-panel mark").wait_for(timeout=20_000)
    page.wait_for_timeout(400)


def message_button(page, label: str):
    """A per-message action button (Gradio's, relabelled in Vietnamese) of the last assistant message."""
    return page.locator(f"#chatbot button[aria-label='{label}']").last


def test_laptop_first_view_examples_citation_and_message_actions(browser, webapp) -> None:
    page = open_page(browser, webapp, LAPTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.get_by_role("textbox", name="Câu hỏi của bạn").count() == 1  # named for screen readers
    no_horizontal_scroll(page)
    assert in_viewport(page, "#question textarea") and in_viewport(page, "#examples button.example")
    shot(page, "01-may-tinh-trang-dau")

    # an example sends at once
    before = page.locator(BOT).count()
    page.locator("#examples button.example").nth(1).click()
    reply = wait_reply(page, before)
    assert "Bùi Thanh Sơn" in reply and "[1]" in reply
    shot(page, "02-may-tinh-cau-hoi-mau")

    # the citation opens the clause beside the chat, in view
    open_first_citation(page)
    assert "Bùi Thanh Sơn" in page.locator("#clause-panel mark").inner_text()
    panel = page.locator("#clause-panel").inner_text()
    assert "Quyết định 1703/QĐ-TTg" in panel and "Tóm tắt báo chí" in panel
    assert "qd1703/" not in panel  # internal clause ids only in tooltips
    assert in_viewport(page, "#clause-panel mark")
    shot(page, "03-may-tinh-dieu-khoan")

    # «Vì sao?» as cards with words, not scores
    page.get_by_text("Vì sao? Các điều khoản đã tìm thấy").click()
    cards = page.locator("#why-cards .why-card")
    cards.first.wait_for(timeout=10_000)
    text = page.locator("#why-cards").inner_text()
    assert "Quyết định 1703/QĐ-TTg" in text and "Rất sát câu hỏi" in text
    assert not re.search(r"\d\.\d{3,}", text), text
    shot(page, "04-may-tinh-vi-sao")

    # 👍 with a comment, stored with the question, the answer and its citations
    store = webapp.web.store
    rated_before = len(store.rows())
    message_button(page, "Hữu ích").click()
    page.locator("#comment textarea").wait_for(timeout=10_000)
    page.locator("#comment textarea").fill(FORMULA)
    page.locator("#comment-send").click()
    page.locator("#rated").get_by_text("Đã lưu góp ý").wait_for(timeout=10_000)
    rows = store.rows()
    assert len(rows) == rated_before + 1
    _, question, answer_text, cites, rating, comment = rows[-1]
    assert question.startswith("Quyết định 1703") and "Bùi Thanh Sơn" in answer_text
    assert '"clause_id": "qd1703/' in cites and rating == 1 and comment == FORMULA
    shot(page, "05-may-tinh-danh-gia")

    # copy puts the message's text (not its markup) on the clipboard and is recorded; regenerate too
    message_button(page, "Sao chép câu trả lời").click()
    page.wait_for_timeout(600)
    clip = page.evaluate("navigator.clipboard.readText()")
    assert "Bùi Thanh Sơn" in clip and "<a" not in clip
    before = page.locator(BOT).count()
    message_button(page, "Tạo lại câu trả lời").click()
    page.wait_for_timeout(500)
    assert "Bùi Thanh Sơn" in wait_reply(page, before - 1)
    actions = [a[1] for a in store.actions()]
    assert "copy" in actions and "regenerate" in actions

    # markup in a question is shown as text and never runs
    ask(page, f"{XSS} Chỉ thị 38 có mấy nhiệm vụ?")
    assert XSS in page.locator("#chatbot [data-testid='user']").last.inner_text()
    assert page.locator("#chatbot img[src='x']").count() == 0
    assert page.dialogs == []
    shot(page, "06-may-tinh-an-toan-html")
    page.context.close()


def test_phone_tabs_fit_and_citation_opens_in_view(browser, webapp) -> None:
    page = open_page(browser, webapp, PHONE)
    no_horizontal_scroll(page)
    tabs = page.get_by_role("tab")
    assert tabs.count() == 5 and all(tabs.nth(i).is_visible() for i in range(5))
    shot(page, "11-dien-thoai-trang-dau")
    reply = ask(page, "Quyết định 1703 do ai ký?")
    assert "Bùi Thanh Sơn" in reply
    no_horizontal_scroll(page)
    open_first_citation(page)
    assert in_viewport(page, "#clause-panel mark")
    no_horizontal_scroll(page)
    shot(page, "12-dien-thoai-dieu-khoan")
    for name, slug in (("Văn bản", "van-ban"), ("Trắc nghiệm", "trac-nghiem"), ("Dàn ý", "dan-y"),
                       ("Đối chiếu", "doi-chieu")):  # fmt: skip
        page.get_by_role("tab", name=name).click()
        page.wait_for_timeout(300)
        no_horizontal_scroll(page)
        shot(page, f"13-dien-thoai-the-{slug}")
    page.locator("#cmp-local input").click()  # the comparison scrolls inside its frame, not the page
    page.get_by_role("option").filter(has_text="Long An").first.click()
    page.locator("#cmp-btn").click()
    page.locator("#cmp-view .status-badge").first.wait_for(timeout=120_000)
    no_horizontal_scroll(page)
    shot(page, "14-dien-thoai-doi-chieu")
    page.context.close()


def test_upload_reaches_a_fresh_visitor_who_can_delete_it(browser, webapp, tmp_path: Path) -> None:
    before = {d.meta.id for d in webapp.assistant.documents()}
    pdf = make_pdf(tmp_path / "ke-hoach-12-kh-du-an-binh.pdf", _plan_with_fact())
    admin = open_page(browser, webapp, LAPTOP)
    admin.get_by_role("tab", name="Văn bản").click()
    admin.locator("#admin-token input").fill(webapp.admin_token)
    admin.locator("#admin-who textarea").fill("Nguyễn Thị Kiểm Thử")
    admin.locator("#upload-file input[type=file]").set_input_files(str(pdf))
    admin.get_by_text("ke-hoach-12-kh-du-an-binh.pdf").first.wait_for(timeout=20_000)
    admin.get_by_label("Số hiệu").fill("12-KH/ĐU")
    admin.get_by_label("Ngày ban hành (dd/mm/yyyy)").fill("05/03/2025")
    admin.locator("#add-doc").click()
    admin.locator("#kb-message").get_by_text("Đã thêm").wait_for(timeout=180_000)
    assert "12-KH/ĐU" in admin.locator("#kb-message").inner_text()
    (doc_id,) = {d.meta.id for d in webapp.assistant.documents()} - before
    assert f"{len(before) + 1} văn bản" in admin.locator("#kb-status").inner_text()
    shot(admin, "21-da-them-van-ban")

    # a visitor who opens the page now sees it everywhere, can ask about it, and (as admin) delete it
    visitor = open_page(browser, webapp, LAPTOP)
    assert f"{len(before) + 1} văn bản" in visitor.locator("#kb-status").inner_text()
    visitor.get_by_text("Chỉ tìm trong một số văn bản").click()
    visitor.locator("#doc-filter").get_by_text("12-KH/ĐU").first.wait_for(timeout=10_000)
    reply = ask(
        visitor, "Xã An Bình phấn đấu bao nhiêu phần trăm doanh nghiệp được tập huấn về mã số mã vạch?"
    )
    assert "100%" in reply, reply
    hrefs = [
        a.get_attribute("href") for a in visitor.locator(BOT).last.locator("a[href*='dieu-khoan=']").all()
    ]
    assert any(h.split("dieu-khoan=")[1].startswith(doc_id) for h in hrefs), hrefs
    shot(visitor, "22-khach-moi-hoi-van-ban-moi")
    visitor.get_by_role("tab", name="Văn bản").click()
    visitor.locator("#remove-doc input").click()
    visitor.get_by_role("option").filter(has_text="12-KH/ĐU").first.click()
    visitor.locator("#admin-token input").fill(webapp.admin_token)
    visitor.locator("#admin-who textarea").fill("Trần Văn Quản Trị")
    visitor.locator("#remove-btn").click()
    visitor.locator("#kb-message").get_by_text("Đã xoá").wait_for(timeout=180_000)
    assert webapp.assistant.document(doc_id) is None
    assert f"{len(before)} văn bản" in visitor.locator("#kb-status").inner_text()
    shot(visitor, "23-khach-moi-da-xoa")

    # the first page, still open, catches up on its own
    admin.locator("#kb-status").get_by_text(f"{len(before)} văn bản").wait_for(timeout=30_000)
    admin.context.close()
    visitor.context.close()


def test_chat_tab_has_no_serious_accessibility_violation(browser, webapp) -> None:
    if not AXE.exists():
        pytest.skip("Chưa cài axe-core (npm install --no-save axe-core) ở thư mục gốc của dự án")
    page = open_page(browser, webapp, LAPTOP)
    ask(page, "Quyết định 1703 do ai ký?")
    open_first_citation(page)
    page.mouse.move(1, 1)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary))"""
    )
    assert violations == []
    page.context.close()
