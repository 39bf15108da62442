"""Start the web app: `python app.py` serves http://127.0.0.1:7860 (local only unless asked otherwise).

Flags override the TROLY_* environment variables; the index is built here, with progress in the terminal,
so the first page load never waits on it.
"""

from __future__ import annotations

import argparse
import logging
import sys

from assistant.config import Settings


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Trợ lý Chỉ thị 38-CT/TW: giao diện web hỏi đáp có trích dẫn.")
    p.add_argument("--host", help="địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này truy cập được)")
    p.add_argument("--port", type=int, help="cổng (mặc định 7860)")
    p.add_argument("--data-dir", help="thư mục chỉ mục, văn bản bổ sung và phản hồi (mặc định ./data)")
    p.add_argument("--share", action="store_true", default=None, help="tạo đường dẫn công khai gradio.live")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env(host=args.host, port=args.port, data_dir=args.data_dir, share=args.share)

    from assistant.indexing import read_manifest
    from assistant.pipeline import Assistant
    from assistant.web import build_app, launch

    assistant = Assistant(settings)
    if read_manifest(settings) is None:
        print("Chưa có chỉ mục: đang xây dựng lần đầu (khoảng 15–60 giây)…", flush=True)
        report = assistant.rebuild(progress=True)
        print(
            f"Đã xây dựng chỉ mục: {report.clause_count} điều khoản trong {report.seconds:.1f} giây.",
            flush=True,
        )
    else:  # serve the last published snapshot now; an interrupted job and edited documents are handled behind it
        assistant.start()
    if settings.host not in ("127.0.0.1", "localhost") or settings.share:
        print(
            "Cảnh báo: ứng dụng được mở ra ngoài máy này; hãy đặt TROLY_ADMIN_TOKEN đủ mạnh.", file=sys.stderr
        )
    if not settings.admin_token:
        print("Kho văn bản chỉ đọc (chưa đặt TROLY_ADMIN_TOKEN): không thể thêm/xoá văn bản qua giao diện.")
    demo = build_app(assistant)
    print(f"Mở trình duyệt tại http://{settings.host}:{settings.port}", flush=True)
    launch(demo, settings.host, settings.port, settings.share)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
