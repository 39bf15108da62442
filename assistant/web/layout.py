"""The page: components, their events, and how the server is launched.

Lists built here only serve API callers: demo.load re-reads every list and count per visit, and a timer
refreshes open pages after an upload or removal (library.py).
"""

from __future__ import annotations

import html
from pathlib import Path

import gradio as gr

from ..feedback import FeedbackStore
from ..pipeline import Assistant
from ..tools.outline import AUDIENCES
from .admin import READ_ONLY_MESSAGE
from .api import endpoint
from .cards import why_cards_html
from .handlers import WebApp
from .render import APP_TITLE, PANEL_PLACEHOLDER, document_tree_html
from .tools import compare_formats

STATIC = Path(__file__).parent / "static"
KIND_CHOICES = ["Chỉ thị", "Nghị quyết", "Quyết định", "Chương trình", "Kế hoạch", "Công văn", "Thông báo"]
LEVEL_CHOICES = ["Trung ương", "Chính phủ", "bộ, ngành", "tỉnh", "huyện", "xã"]
REFRESH_SECONDS = 10
EXAMPLES = [
    "Chỉ thị 38 đề ra những nhiệm vụ, giải pháp nào?",
    "Quyết định 1703 do ai ký, ngày nào?",
    "Giải pháp thứ ba của Long An là gì?",
    "Kế hoạch của xã ở Hải Phòng bố trí ngân sách bao nhiêu phần trăm?",
    "chi thi 38 noi gi ve hoi nhap quoc te",
]
QUIET = {"api_name": False, "show_progress": "hidden"}


def _chat_tab(app: WebApp, answers: gr.State, docs: list) -> dict:
    turns = gr.State([])
    feedback_id = gr.State(None)
    with gr.Row(equal_height=False, elem_id="chat-row"):
        with gr.Column(scale=3, min_width=300, elem_id="chat-col"):
            chatbot = gr.Chatbot(
                label="Hội thoại",
                show_label=False,
                height="50vh",
                sanitize_html=True,
                render_markdown=True,
                line_breaks=True,
                buttons=["copy"],
                feedback_options=("Like", "Dislike"),
                elem_id="chatbot",
                placeholder="**Hãy đặt câu hỏi về Chỉ thị 38-CT/TW** hoặc các văn bản triển khai. "
                "Mỗi ý trả lời đều có trích dẫn [n]; bấm vào để xem nguyên văn.",
            )
            with gr.Row(elem_id="ask-row"):
                question = gr.Textbox(
                    label="Câu hỏi của bạn",
                    show_label=False,
                    placeholder="Nhập câu hỏi về Chỉ thị 38 hoặc văn bản triển khai",
                    lines=1,
                    max_lines=4,
                    scale=6,
                    min_width=160,
                    elem_id="question",
                    autofocus=True,
                )
                send = gr.Button("Gửi", variant="primary", scale=1, min_width=70, elem_id="send")
            with gr.Row(elem_id="examples"):
                example_buttons = [gr.Button(q, size="sm", elem_classes="example") for q in EXAMPLES]
            with gr.Row(visible=False, elem_id="comment-row") as comment_row:
                comment = gr.Textbox(
                    label="Góp ý thêm cho câu trả lời bạn vừa đánh giá (không bắt buộc)",
                    lines=1,
                    scale=5,
                    elem_id="comment",
                )
                comment_btn = gr.Button("Gửi góp ý", size="sm", scale=1, elem_id="comment-send")
            rated = gr.Markdown(elem_id="rated")
            with gr.Accordion("Chỉ tìm trong một số văn bản", open=False):
                doc_filter = gr.CheckboxGroup(
                    docs, label="Để trống = tìm trong tất cả văn bản", elem_id="doc-filter"
                )
            with gr.Accordion("Vì sao? Các điều khoản đã tìm thấy cho câu trả lời gần nhất", open=False):
                why = gr.HTML(why_cards_html(None), elem_id="why-cards")
            with gr.Row():
                download = gr.DownloadButton("⬇️ Tải hội thoại (Markdown)", size="sm")
                clear = gr.Button("🗑️ Cuộc hội thoại mới", size="sm")
        with gr.Column(scale=2, min_width=300, elem_id="side-col"):
            sources = gr.Radio([], label="Nguồn của câu trả lời (chọn để xem)", elem_id="sources")
            panel = gr.HTML(PANEL_PLACEHOLDER, elem_id="clause-panel")
            open_id = gr.Textbox(visible="hidden", elem_id="chat-open-id")
            open_btn = gr.Button("Mở", visible="hidden", elem_id="chat-open-btn")

    ask_in = [question, chatbot, answers, turns, doc_filter]
    ask_out = [chatbot, answers, turns, question]
    extras = [sources, why, download]
    for trigger, name in ((send.click, "hoi"), (question.submit, False)):
        trigger(app.respond, ask_in, ask_out, api_name=name, show_progress="hidden").then(
            app.after_answer, [answers], extras, **QUIET
        )
    for btn in example_buttons:
        btn.click(app.respond, [btn, *ask_in[1:]], ask_out, **QUIET).then(
            app.after_answer, [answers], extras, **QUIET
        )
    chatbot.retry(app.regenerate, ask_in[1:], ask_out, **QUIET).then(
        app.after_answer, [answers], extras, **QUIET
    )
    chatbot.like(app.rate, [turns], [feedback_id, comment_row, rated], **QUIET)
    chatbot.copy(app.copied, [turns], None, **QUIET)
    comment_btn.click(app.comment, [feedback_id, comment], [rated, comment, comment_row], **QUIET)

    def fresh_conversation():
        hide = gr.update(visible=False)
        return (
            [],
            [],
            [],
            PANEL_PLACEHOLDER,
            gr.update(choices=[], value=None),
            why_cards_html(None),
            None,
            "",
            hide,
        )

    reset = [chatbot, answers, turns, panel, sources, why, download, rated, comment_row]
    clear.click(fresh_conversation, None, reset, **QUIET)
    chatbot.clear(fresh_conversation, None, reset, **QUIET)
    sources.input(app.open_clause, [sources], [panel], **QUIET)
    open_btn.click(app.open_clause, [open_id], [panel], api_name="dieu_khoan", show_progress="hidden")
    return {"doc_filter": doc_filter}


def _docs_tab(app: WebApp, docs: list) -> dict:
    admin_ready = bool(app.settings.admin_token)
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            browse_doc = gr.Dropdown(docs, label="Văn bản", value=None, elem_id="browse-doc")
            doc_card = gr.HTML("")
            tree = gr.HTML(document_tree_html(app.assistant, ""), elem_id="kb-tree")
            browse_clause = gr.Dropdown([], label="Hoặc chọn điều khoản", value=None)
        with gr.Column(scale=3, min_width=300):
            kb_panel = gr.HTML(
                '<div class="clause-panel empty">Chọn một điều khoản ở cây văn bản để xem nguyên văn.</div>',
                elem_id="kb-panel",
            )
            kb_open_id = gr.Textbox(visible="hidden", elem_id="kb-open-id")
            kb_open_btn = gr.Button("Mở", visible="hidden", elem_id="kb-open-btn")
    with gr.Accordion("Quản trị kho văn bản", open=True, elem_id="admin"):
        if not admin_ready:
            gr.HTML(f'<div class="warn-box">🔒 {html.escape(READ_ONLY_MESSAGE)}</div>')
        with gr.Row(visible=admin_ready):
            token = gr.Textbox(label="Mã quản trị", type="password", elem_id="admin-token")
            who = gr.Textbox(label="Người thực hiện", placeholder="Họ tên, đơn vị", elem_id="admin-who")
        with gr.Column(visible=admin_ready):
            gr.Markdown(f"#### Thêm văn bản (PDF, DOCX, TXT, MD; tối đa {app.settings.max_upload_mb} MB)")
            upload_file = gr.File(
                label="Tệp văn bản",
                file_types=[".pdf", ".docx", ".txt", ".md"],
                type="filepath",
                elem_id="upload-file",
            )
            with gr.Row():
                up_title = gr.Textbox(label="Tiêu đề", placeholder="Để trống: tự nhận diện")
                up_number = gr.Textbox(label="Số hiệu", placeholder="ví dụ 12-KH/ĐU")
                up_date = gr.Textbox(label="Ngày ban hành (dd/mm/yyyy)", placeholder="05/03/2025")
            with gr.Row():
                up_kind = gr.Dropdown(KIND_CHOICES, label="Loại văn bản", value=None, allow_custom_value=True)
                up_issuer = gr.Textbox(label="Cơ quan ban hành", placeholder="ví dụ Đảng ủy xã An Bình")
                up_level = gr.Dropdown(LEVEL_CHOICES, label="Cấp", value=None, allow_custom_value=True)
            add_btn = gr.Button("Thêm vào kho và lập chỉ mục", variant="primary", elem_id="add-doc")
            kb_msg = gr.Markdown(elem_id="kb-message")
            gr.Markdown("#### Xoá văn bản do người dùng bổ sung")
            with gr.Row():
                remove_doc = gr.Dropdown(
                    [], label="Văn bản cần xoá", value=None, scale=3, elem_id="remove-doc"
                )
                remove_btn = gr.Button("Xoá văn bản", variant="stop", scale=1, elem_id="remove-btn")
            gr.Markdown("#### Nhật ký thay đổi và phản hồi của người dùng")
            records_btn = gr.Button(
                "Xem nhật ký và xuất phản hồi (cần mã quản trị)", size="sm", elem_id="records"
            )
            records_msg = gr.Markdown(elem_id="records-message")
            changes = gr.HTML("", visible=False, elem_id="changes")
            fb_file = gr.File(label="Tệp phản hồi (CSV)", visible=False, elem_id="feedback-file")

    kb_open_btn.click(app.open_clause, [kb_open_id], [kb_panel], **QUIET)
    browse_doc.change(app.select_document, [browse_doc], [doc_card, tree, browse_clause], **QUIET)
    browse_clause.input(app.open_clause, [browse_clause], [kb_panel], **QUIET)
    upload_in = [upload_file, token, who, up_title, up_number, up_date, up_kind, up_issuer, up_level]
    admin_out = [kb_msg, changes]
    records_btn.click(app.admin_records, [token], [records_msg, changes, fb_file], **QUIET)
    return {
        "browse_doc": browse_doc,
        "remove_doc": remove_doc,
        "upload": (add_btn, upload_in, admin_out),
        "remove": (remove_btn, [remove_doc, token, who], admin_out),
    }


def _quiz_tab(app: WebApp, docs: list) -> dict:
    gr.Markdown(
        "Tạo câu hỏi trắc nghiệm từ nội dung văn bản, kèm đáp án và trích dẫn, để ôn tập hoặc kiểm tra."
    )
    quiz_items = gr.State([])
    quiz_docs = gr.CheckboxGroup(docs, label="Văn bản (để trống = tất cả)", elem_id="quiz-docs")
    with gr.Row():
        topic = gr.Textbox(label="Chủ đề (không bắt buộc)", placeholder="ví dụ: hội nhập quốc tế")
        count = gr.Slider(1, 30, value=10, step=1, label="Số câu")
        level = gr.Radio(
            [("Trộn các mức", "tron"), ("Dễ", "de"), ("Vừa", "vua"), ("Khó", "kho")],
            value="tron",
            label="Mức độ",
        )
        seed = gr.Number(label="Mã ngẫu nhiên (để trống = mỗi lần một khác)", precision=0)
    quiz_btn = gr.Button("Tạo câu hỏi", variant="primary", elem_id="quiz-btn")
    quiz_out = gr.HTML(elem_id="quiz-out")
    with gr.Accordion("Đáp án và trích dẫn", open=False):
        quiz_key = gr.HTML(elem_id="quiz-key")
    with gr.Row():
        fmt = gr.Dropdown(
            [("Word (.docx)", "docx"), ("Bảng tính (.csv)", "csv"), ("Moodle GIFT", "gift"),
             ("Aiken", "aiken"), ("JSON", "json")],
            value="docx", label="Định dạng tệp",
        )  # fmt: skip
        dl = gr.Button("Tạo tệp tải xuống")
    msg = gr.Markdown()
    file = gr.File(label="Tệp câu hỏi", visible=False)
    quiz_btn.click(
        app.make_quiz, [quiz_docs, topic, count, level, seed], [quiz_items, quiz_out, quiz_key], **QUIET
    )
    dl.click(app.export_quiz, [quiz_items, fmt], [msg, file], **QUIET)
    return {"quiz_docs": quiz_docs}


def _outline_tab(app: WebApp, docs: list) -> dict:
    gr.Markdown("Lập dàn ý bài tuyên truyền hoặc bài giảng, mỗi ý dẫn nguồn điều khoản.")
    state = gr.State(None)
    with gr.Row():
        topic = gr.Textbox(
            label="Chủ đề",
            placeholder="ví dụ: Vai trò của tiêu chuẩn, đo lường, chất lượng",
            elem_id="ol-topic",
        )
        audience = gr.Dropdown(
            [a.name for a in AUDIENCES.values()], value=next(iter(AUDIENCES.values())).name,
            label="Đối tượng", allow_custom_value=True,
        )  # fmt: skip
        length = gr.Slider(15, 90, value=45, step=5, label="Thời lượng (phút)")
    ol_docs = gr.CheckboxGroup(docs, label="Văn bản (để trống = tất cả)")
    btn = gr.Button("Lập dàn ý", variant="primary", elem_id="ol-btn")
    out = gr.HTML(elem_id="ol-out")
    with gr.Row():
        fmt = gr.Dropdown(
            [("Markdown (.md)", "md"), ("Word (.docx)", "docx")], value="docx", label="Định dạng tệp"
        )
        dl = gr.Button("Tạo tệp tải xuống")
    msg = gr.Markdown()
    file = gr.File(label="Tệp dàn ý", visible=False)
    btn.click(app.make_outline, [topic, audience, length, ol_docs], [state, out], **QUIET)
    dl.click(app.export_outline, [state, fmt], [msg, file], **QUIET)
    return {"ol_docs": ol_docs}


def _compare_tab(app: WebApp, docs: list) -> dict:
    gr.Markdown(
        "Đối chiếu văn bản triển khai của địa phương với các nhiệm vụ, giải pháp của văn bản gốc: "
        "nhiệm vụ nào đã được cụ thể hóa, nhiệm vụ nào chưa."
    )
    state = gr.State(None)
    with gr.Row():
        local = gr.Dropdown(docs, label="Văn bản triển khai", value=None, elem_id="cmp-local")
        ref = gr.Dropdown(docs, label="Văn bản gốc", value=None, elem_id="cmp-ref")
    btn = gr.Button("Đối chiếu", variant="primary", elem_id="cmp-btn")
    msg = gr.Markdown(elem_id="cmp-msg")
    view = gr.HTML(elem_id="cmp-view")
    formats = compare_formats()
    with gr.Row():
        fmt = gr.Dropdown(formats, value=formats[0][1], label="Định dạng tệp")
        dl = gr.Button("Tạo tệp tải xuống")
    file_msg = gr.Markdown()
    file = gr.File(label="Tệp đối chiếu", visible=False)
    btn.click(app.compare, [local, ref], [state, view, msg], **QUIET)
    dl.click(app.export_compare, [state, fmt], [file_msg, file], **QUIET)
    return {"cmp_local": local, "cmp_ref": ref}


def build_app(assistant: Assistant, store: FeedbackStore | None = None) -> gr.Blocks:
    """The whole UI; launch it with `launch()` below so the CSS/JS/theme come along."""
    app = WebApp(assistant, store)
    docs = app.doc_choices()  # API callers get these; each page visit re-reads them (demo.load)
    with gr.Blocks(title=APP_TITLE) as demo:
        gr.HTML(
            f'<header id="app-header"><h1>{APP_TITLE}</h1><p>Hỏi đáp có trích dẫn nguyên văn về công tác '
            "tiêu chuẩn, đo lường, chất lượng quốc gia và các văn bản triển khai.</p></header>"
        )
        status = gr.Markdown("Đang đọc kho văn bản…", elem_id="kb-status")
        answers = gr.State([])
        kb_seen = gr.State(-1)
        parts: dict = {}
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("Hỏi đáp", id="chat-tab"):
                parts |= _chat_tab(app, answers, docs)
            with gr.Tab("Văn bản", id="docs-tab"):
                parts |= _docs_tab(app, docs)
            with gr.Tab("Trắc nghiệm", id="quiz-tab"):
                parts |= _quiz_tab(app, docs)
            with gr.Tab("Dàn ý", id="outline-tab"):
                parts |= _outline_tab(app, docs)
            with gr.Tab("Đối chiếu", id="compare-tab"):
                parts |= _compare_tab(app, docs)
        gr.HTML(
            f'<footer id="app-footer">{APP_TITLE} · Mỗi câu trả lời dẫn nguyên văn điều khoản; hãy đối chiếu '
            "với văn bản gốc trước khi sử dụng chính thức.</footer>"
        )
        gr.api(endpoint(assistant), api_name="ask")

        names = ("doc_filter", "browse_doc", "remove_doc", "quiz_docs", "ol_docs", "cmp_local", "cmp_ref")
        kb_outputs = [status, *(parts[n] for n in names), kb_seen]
        demo.load(app.kb_state, None, kb_outputs, **QUIET)
        gr.Timer(REFRESH_SECONDS).tick(app.kb_poll, [kb_seen], kb_outputs, **QUIET)
        for key in ("upload", "remove"):
            button, inputs, (msg, changes) = parts[key]
            handler = app.upload if key == "upload" else app.remove
            button.click(handler, inputs, [msg, *kb_outputs, changes], concurrency_limit=1, **QUIET)

    demo.webapp = app  # for tests and app.py
    return demo


def launch_options() -> dict:
    """Gradio 6 takes theme, CSS and JS at launch time; the footer is ours, Gradio's is off."""
    theme = gr.themes.Soft(primary_hue="red", secondary_hue="amber", neutral_hue="slate").set(
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
        block_label_text_color="*primary_800",
        block_title_text_color="*primary_800",
    )
    return {
        "theme": theme,
        "css": (STATIC / "app.css").read_text(encoding="utf-8"),
        "js": (STATIC / "app.js").read_text(encoding="utf-8"),
        "footer_links": [],
    }


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, share: bool = False, **kwargs):
    """Local-only unless the caller asks for another address or a share link; uploads capped by the server."""
    return demo.launch(
        server_name=host,
        server_port=port,
        share=share,
        show_error=False,
        max_file_size=f"{demo.webapp.settings.max_upload_mb}mb",
        allowed_paths=[str(demo.webapp.export_dir)],
        **launch_options(),
        **kwargs,
    )
