"""The page: components, their events, and how the server is launched."""

from __future__ import annotations

import html
from pathlib import Path

import gradio as gr

from ..feedback import FeedbackStore
from ..pipeline import Assistant
from .handlers import WebApp
from .render import (
    APP_TITLE,
    EXAMPLES,
    KIND_CHOICES,
    LEVEL_CHOICES,
    PANEL_PLACEHOLDER,
    READ_ONLY_MESSAGE,
    WHY_HEADERS,
    document_tree_html,
)

STATIC = Path(__file__).parent / "static"


def build_app(assistant: Assistant, store: FeedbackStore | None = None) -> gr.Blocks:
    """The whole UI; launch it with `launch()` below so the CSS/JS/theme come along."""
    app = WebApp(assistant, store)
    admin_ready = bool(app.settings.admin_token)
    docs = app.doc_choices()

    with gr.Blocks(title=APP_TITLE) as demo:
        gr.Markdown(
            f"# {APP_TITLE}\nHỏi đáp có trích dẫn nguyên văn về Chỉ thị 38-CT/TW của Ban Bí thư về đẩy mạnh công tác "
            "tiêu chuẩn, đo lường, chất lượng quốc gia và các văn bản triển khai.",
            elem_id="app-header",
        )
        status = gr.Markdown(app.status_line(), elem_id="kb-status")
        answers = gr.State([])

        with gr.Tabs():
            # ---- Hỏi đáp --------------------------------------------------------------------------
            with gr.Tab("Hỏi đáp", id="chat-tab"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="Hội thoại",
                            height=540,
                            sanitize_html=True,
                            render_markdown=True,
                            line_breaks=True,
                            buttons=["copy"],
                            elem_id="chatbot",
                            placeholder="**Hãy đặt câu hỏi về Chỉ thị 38-CT/TW** hoặc các văn bản triển khai. "
                            "Mỗi ý trả lời đều có trích dẫn [n]; bấm vào để xem nguyên văn.",
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                placeholder="Nhập câu hỏi, ví dụ: Chỉ thị 38 giao nhiệm vụ gì cho các cấp ủy?",
                                show_label=False,
                                lines=1,
                                max_lines=4,
                                scale=6,
                                elem_id="question",
                                autofocus=True,
                            )
                            send = gr.Button("Gửi", variant="primary", scale=1, min_width=90, elem_id="send")
                        gr.Examples(EXAMPLES, inputs=[question], label="Câu hỏi mẫu")
                        doc_filter = gr.CheckboxGroup(
                            docs,
                            label="Chỉ tìm trong các văn bản (để trống = tìm trong tất cả)",
                            elem_id="doc-filter",
                        )
                        with gr.Row():
                            copy_btn = gr.Button("📋 Sao chép câu trả lời", size="sm")
                            download = gr.DownloadButton("⬇️ Tải hội thoại (Markdown)", size="sm")
                            clear = gr.Button("🗑️ Cuộc hội thoại mới", size="sm")
                        with gr.Accordion("Câu trả lời dạng văn bản (kèm nguồn)", open=False):
                            plain = gr.Textbox(
                                show_label=False, lines=6, buttons=["copy"], elem_id="plain-answer"
                            )
                        with gr.Accordion(
                            "Vì sao? Các điều khoản đã tìm thấy cho câu trả lời gần nhất", open=False
                        ):
                            why = gr.Dataframe(headers=WHY_HEADERS, value=[], interactive=False, wrap=True,
                                               elem_id="why-table")  # fmt: skip
                        with gr.Accordion("Đánh giá câu trả lời gần nhất", open=False):
                            with gr.Row():
                                up = gr.Button("👍 Hữu ích", size="sm")
                                down = gr.Button("👎 Chưa tốt", size="sm")
                            comment = gr.Textbox(label="Góp ý (không bắt buộc)", lines=2)
                            rated = gr.Markdown()
                    with gr.Column(scale=2):
                        sources = gr.Radio([], label="Nguồn của câu trả lời (chọn để xem)", elem_id="sources")
                        panel = gr.HTML(PANEL_PLACEHOLDER, elem_id="clause-panel")
                        chat_open_id = gr.Textbox(visible="hidden", elem_id="chat-open-id")
                        chat_open_btn = gr.Button("Mở", visible="hidden", elem_id="chat-open-btn")

            # ---- Văn bản ----------------------------------------------------------------------------
            with gr.Tab("Văn bản", id="docs-tab"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=2):
                        browse_doc = gr.Dropdown(docs, label="Văn bản", value=None, elem_id="browse-doc")
                        doc_card = gr.HTML("")
                        tree = gr.HTML(document_tree_html(assistant, ""), elem_id="kb-tree")
                        browse_clause = gr.Dropdown([], label="Hoặc chọn điều khoản", value=None)
                    with gr.Column(scale=3):
                        kb_panel = gr.HTML(
                            '<div class="clause-panel empty">Chọn một điều khoản ở cây văn bản để xem nguyên văn.</div>'
                        )
                        kb_open_id = gr.Textbox(visible="hidden", elem_id="kb-open-id")
                        kb_open_btn = gr.Button("Mở", visible="hidden", elem_id="kb-open-btn")
                with gr.Accordion("Quản trị kho văn bản", open=True):
                    if not admin_ready:
                        gr.HTML(f'<div class="warn-box">🔒 {html.escape(READ_ONLY_MESSAGE)}</div>')
                    with gr.Group(visible=admin_ready):
                        with gr.Row():
                            token = gr.Textbox(label="Mã quản trị", type="password", elem_id="admin-token")
                            who = gr.Textbox(
                                label="Người thực hiện", placeholder="Họ tên, đơn vị", elem_id="admin-who"
                            )
                    with gr.Column(visible=admin_ready):
                        gr.Markdown("#### Thêm văn bản (PDF, DOCX, TXT, MD)")
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
                            up_kind = gr.Dropdown(KIND_CHOICES, label="Loại văn bản", value=None,
                                                  allow_custom_value=True)  # fmt: skip
                            up_issuer = gr.Textbox(
                                label="Cơ quan ban hành", placeholder="ví dụ Đảng ủy xã An Bình"
                            )
                            up_level = gr.Dropdown(
                                LEVEL_CHOICES, label="Cấp", value=None, allow_custom_value=True
                            )
                        add_btn = gr.Button(
                            "Thêm vào kho và lập chỉ mục", variant="primary", elem_id="add-doc"
                        )
                        kb_msg = gr.Markdown(elem_id="kb-message")
                        gr.Markdown("#### Xoá văn bản do người dùng bổ sung")
                        with gr.Row():
                            remove_doc = gr.Dropdown(
                                app.user_doc_choices(), label="Văn bản", value=None, scale=3
                            )
                            remove_btn = gr.Button("Xoá văn bản", variant="stop", scale=1)
                        gr.Markdown("#### Phản hồi của người dùng và nhật ký thay đổi")
                        with gr.Row():
                            export_fb = gr.Button("Xuất phản hồi (CSV)", size="sm")
                            fb_file = gr.File(label="Tệp phản hồi", visible=False)
                        fb_msg = gr.Markdown()
                        changes = gr.Dataframe(
                            headers=["Thời điểm", "Người thực hiện", "Thao tác", "Chi tiết"],
                            value=app.change_rows(),
                            interactive=False,
                            wrap=True,
                            label="Nhật ký thay đổi kho văn bản",
                        )

            # ---- Trắc nghiệm ------------------------------------------------------------------------
            with gr.Tab("Trắc nghiệm", id="quiz-tab"):
                gr.Markdown("Tạo câu hỏi trắc nghiệm từ nội dung văn bản, kèm đáp án và trích dẫn, để ôn tập "
                            "hoặc kiểm tra.")  # fmt: skip
                quiz_items = gr.State([])
                with gr.Row():
                    quiz_docs = gr.CheckboxGroup(docs, label="Văn bản (để trống = tất cả)")
                with gr.Row():
                    quiz_topic = gr.Textbox(
                        label="Chủ đề (không bắt buộc)", placeholder="ví dụ: hội nhập quốc tế"
                    )
                    quiz_count = gr.Slider(1, 30, value=10, step=1, label="Số câu")
                    quiz_level = gr.Radio([("Dễ", "de"), ("Vừa", "vua"), ("Khó", "kho")], value="vua",
                                          label="Mức độ")  # fmt: skip
                    quiz_seed = gr.Number(label="Mã ngẫu nhiên (để trống = mỗi lần một khác)", precision=0)
                quiz_btn = gr.Button("Tạo câu hỏi", variant="primary")
                quiz_md = gr.Markdown(sanitize_html=True)
                with gr.Accordion("Đáp án và trích dẫn", open=False):
                    quiz_key = gr.Markdown(sanitize_html=True)
                with gr.Row():
                    quiz_fmt = gr.Dropdown(
                        [("Word (.docx)", "docx"), ("Bảng tính (.csv)", "csv"), ("Moodle GIFT", "gift"),
                         ("Aiken", "aiken"), ("JSON", "json")],
                        value="docx", label="Định dạng tệp",
                    )  # fmt: skip
                    quiz_dl = gr.Button("Tạo tệp tải xuống")
                quiz_msg = gr.Markdown()
                quiz_file = gr.File(label="Tệp câu hỏi", visible=False)

            # ---- Dàn ý ------------------------------------------------------------------------------
            with gr.Tab("Dàn ý", id="outline-tab"):
                gr.Markdown("Lập dàn ý bài tuyên truyền hoặc bài giảng, mỗi ý dẫn nguồn điều khoản.")
                outline_state = gr.State(None)
                with gr.Row():
                    ol_topic = gr.Textbox(label="Chủ đề", placeholder="ví dụ: Vai trò của tiêu chuẩn, đo lường, "
                                          "chất lượng trong phát triển kinh tế")  # fmt: skip
                    ol_audience = gr.Dropdown(
                        ["cán bộ, đảng viên", "doanh nghiệp", "người dân", "học sinh, sinh viên"],
                        value="cán bộ, đảng viên", label="Đối tượng", allow_custom_value=True,
                    )  # fmt: skip
                    ol_length = gr.Radio([("Ngắn", "ngan"), ("Vừa", "vua"), ("Dài", "dai")], value="vua",
                                         label="Độ dài")  # fmt: skip
                ol_docs = gr.CheckboxGroup(docs, label="Văn bản (để trống = tất cả)")
                ol_btn = gr.Button("Lập dàn ý", variant="primary")
                ol_md = gr.Markdown(sanitize_html=True)
                with gr.Row():
                    ol_fmt = gr.Dropdown([("Markdown (.md)", "md"), ("Word (.docx)", "docx")], value="docx",
                                         label="Định dạng tệp")  # fmt: skip
                    ol_dl = gr.Button("Tạo tệp tải xuống")
                ol_msg = gr.Markdown()
                ol_file = gr.File(label="Tệp dàn ý", visible=False)

            # ---- Đối chiếu --------------------------------------------------------------------------
            with gr.Tab("Đối chiếu", id="compare-tab"):
                gr.Markdown("Đối chiếu văn bản triển khai của địa phương với các nhiệm vụ, giải pháp của văn bản gốc: "
                            "nhiệm vụ nào đã được cụ thể hóa, nhiệm vụ nào chưa.")  # fmt: skip
                cmp_state = gr.State(None)
                with gr.Row():
                    cmp_local = gr.Dropdown(docs, label="Văn bản triển khai", value=None)
                    cmp_ref = gr.Dropdown(docs, label="Văn bản gốc", value="ct38" if any(v == "ct38" for _, v in docs)
                                          else None)  # fmt: skip
                cmp_btn = gr.Button("Đối chiếu", variant="primary")
                cmp_msg = gr.Markdown()
                cmp_table = gr.Dataframe(value=[], interactive=False, wrap=True, label="Bảng đối chiếu")
                with gr.Row():
                    cmp_fmt = gr.Dropdown([("Bảng tính (.csv)", "csv"), ("Markdown (.md)", "md")], value="csv",
                                          label="Định dạng tệp")  # fmt: skip
                    cmp_dl = gr.Button("Tạo tệp tải xuống")
                cmp_file_msg = gr.Markdown()
                cmp_file = gr.File(label="Tệp đối chiếu", visible=False)

        # ---- events -----------------------------------------------------------------------------------
        extras = [sources, why, plain, download]
        for trigger, api_name in ((send.click, "hoi"), (question.submit, False)):
            trigger(
                app.respond,
                [question, chatbot, answers, doc_filter],
                [chatbot, answers, question],
                api_name=api_name,
                show_progress="hidden",
            ).then(app.after_answer, [answers], extras, api_name=False, show_progress="hidden")
        clear.click(
            lambda: (
                [],
                [],
                PANEL_PLACEHOLDER,
                gr.update(choices=[], value=None),
                [],
                "",
                gr.update(value=None),
                "",
            ),
            None,
            [chatbot, answers, panel, sources, why, plain, download, rated],
            api_name=False,
        )
        sources.input(app.open_clause, [sources], [panel], api_name=False)
        chat_open_btn.click(app.open_clause, [chat_open_id], [panel], api_name="dieu_khoan")
        kb_open_btn.click(app.open_clause, [kb_open_id], [kb_panel], api_name=False)
        browse_doc.change(app.select_document, [browse_doc], [doc_card, tree, browse_clause], api_name=False)
        browse_clause.input(app.open_clause, [browse_clause], [kb_panel], api_name=False)

        def copied(text: str) -> None:
            if text:
                gr.Info("Đã sao chép câu trả lời kèm nguồn vào bộ nhớ tạm.")
            else:
                gr.Warning("Chưa có câu trả lời để sao chép.")

        copy_btn.click(
            copied, [plain], None, js=(STATIC / "copy.js").read_text(encoding="utf-8"), api_name=False
        )
        up.click(lambda a, c: app.rate(1, a, c), [answers, comment], [rated, comment], api_name=False)
        down.click(lambda a, c: app.rate(-1, a, c), [answers, comment], [rated, comment], api_name=False)

        kb_outputs = [
            kb_msg,
            status,
            doc_filter,
            browse_doc,
            remove_doc,
            changes,
            quiz_docs,
            ol_docs,
            cmp_local,
        ]
        add_btn.click(
            app.upload,
            [upload_file, token, who, up_title, up_number, up_date, up_kind, up_issuer, up_level],
            kb_outputs,
            api_name=False,
            concurrency_limit=1,
        )
        remove_btn.click(
            app.remove, [remove_doc, token, who], kb_outputs, api_name=False, concurrency_limit=1
        )
        export_fb.click(app.export_feedback, [token], [fb_msg, fb_file], api_name=False)

        quiz_btn.click(app.make_quiz, [quiz_docs, quiz_topic, quiz_count, quiz_level, quiz_seed],
                       [quiz_items, quiz_md, quiz_key], api_name=False)  # fmt: skip
        quiz_dl.click(app.export_quiz, [quiz_items, quiz_fmt], [quiz_msg, quiz_file], api_name=False)
        ol_btn.click(app.make_outline, [ol_topic, ol_audience, ol_length, ol_docs], [outline_state, ol_md],
                     api_name=False)  # fmt: skip
        ol_dl.click(app.export_outline, [outline_state, ol_fmt], [ol_msg, ol_file], api_name=False)
        cmp_btn.click(app.compare, [cmp_local, cmp_ref], [cmp_state, cmp_table, cmp_msg], api_name=False)
        cmp_dl.click(app.export_compare, [cmp_state, cmp_fmt], [cmp_file_msg, cmp_file], api_name=False)

    demo.webapp = app  # for tests and app.py
    return demo


def launch_options() -> dict:
    """Gradio 6 takes theme, CSS and JS at launch time."""
    theme = gr.themes.Soft(primary_hue="red", secondary_hue="amber", neutral_hue="slate")
    return {
        "theme": theme,
        "css": (STATIC / "app.css").read_text(encoding="utf-8"),
        "js": (STATIC / "app.js").read_text(encoding="utf-8"),
    }


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, share: bool = False, **kwargs):
    """Local-only unless the caller asks for another address or a share link."""
    return demo.launch(
        server_name=host,
        server_port=port,
        share=share,
        show_error=False,
        allowed_paths=[str(demo.webapp.export_dir)],
        **launch_options(),
        **kwargs,
    )
