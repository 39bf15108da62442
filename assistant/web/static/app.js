() => {
  if (window.__troLy) return;
  window.__troLy = true;
  document.documentElement.lang = 'vi';

  // A click on any "#dieu-khoan=" link puts the clause id into a hidden textbox and presses a hidden
  // button, so the Python side renders the panel (the chat sanitises HTML, so no inline onclick).
  const PREFIX = '#dieu-khoan=';
  let reveal = null;  // the panel to bring into view once its new content arrives
  document.addEventListener('click', (ev) => {
    const link = ev.target && ev.target.closest ? ev.target.closest('a[href*="' + PREFIX + '"]') : null;
    if (!link) return;
    ev.preventDefault();
    ev.stopPropagation();
    const id = decodeURIComponent(link.getAttribute('href').split(PREFIX)[1] || '');
    const where = link.closest('#docs-tab, #kb-tree, #kb-panel') ? 'kb' : 'chat';
    const box = document.querySelector('#' + where + '-open-id textarea, #' + where + '-open-id input');
    const btn = document.querySelector('#' + where + '-open-btn');
    if (!box || !btn) return;
    reveal = where === 'kb' ? '#kb-panel' : '#clause-panel';
    box.value = id;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => btn.click(), 60);
  }, true);
  document.addEventListener('change', (ev) => {
    if (ev.target && ev.target.closest && ev.target.closest('#sources')) reveal = '#clause-panel';
  }, true);

  // Gradio's copy button copies a message's markup; put the text a person reads on the clipboard instead.
  document.addEventListener('click', (ev) => {
    const btn = ev.target && ev.target.closest ? ev.target.closest('#chatbot .message-buttons button') : null;
    if (!btn || !/Sao chép|Copy/.test(btn.getAttribute('aria-label') || '')) return;
    let prev = btn.closest('.message-buttons').previousElementSibling;
    const MSG = '[data-testid="bot"], [data-testid="user"]';
    while (prev && !(prev.matches(MSG) || prev.querySelector(MSG))) prev = prev.previousElementSibling;
    const msg = prev && (prev.matches(MSG) ? prev : [...prev.querySelectorAll(MSG)].pop());
    if (msg && navigator.clipboard) {
      const text = msg.innerText.trim();
      setTimeout(() => navigator.clipboard.writeText(text).catch(() => {}), 150);
    }
  });

  // Gradio's own English strings, in Vietnamese (text, labels read by screen readers, tooltips).
  const VI = {
    'Like': 'Hữu ích', 'Dislike': 'Chưa tốt', 'like': 'Hữu ích', 'dislike': 'Chưa tốt',
    'Copy': 'Sao chép', 'Copied': 'Đã sao chép', 'Copy message': 'Sao chép câu trả lời',
    'Copied message': 'Đã sao chép', 'Retry': 'Tạo lại câu trả lời', 'Undo': 'Hoàn tác',
    'Edit': 'Sửa', 'Clear': 'Xoá', 'Share': 'Chia sẻ', 'Download': 'Tải xuống',
    'Drop File Here': 'Thả tệp vào đây', 'Click to Upload': 'Bấm để chọn tệp', '- or -': '- hoặc -',
    'Loading...': 'Đang tải…', 'processing': 'đang xử lý', 'Processing': 'Đang xử lý',
    'In queue': 'Đang chờ', 'Error': 'Lỗi', 'Info': 'Thông báo', 'Warning': 'Lưu ý',
    'Close': 'Đóng', 'Remove': 'Bỏ', 'Select all': 'Chọn tất cả', 'Chatbot': 'Hội thoại',
    'Textbox': 'Ô nhập', 'Dropdown': 'Danh sách chọn', 'Submit': 'Gửi', 'Stop': 'Dừng',
    'Flag': 'Báo lỗi', 'Scroll down': 'Cuộn xuống', 'Scroll to bottom': 'Cuộn xuống cuối',
    'Fullscreen': 'Toàn màn hình', 'Exit fullscreen mode': 'Thoát toàn màn hình', 'Clear Chat': 'Xoá hội thoại',
    'Connection errored out.': 'Mất kết nối tới máy chủ.', 'Show password': 'Hiện mã',
    'Hide password': 'Ẩn mã', 'Upload file': 'Tải tệp lên', 'Clear file': 'Bỏ tệp', 'Uploading...': 'Đang tải lên…',
    'Copy to clipboard': 'Sao chép', 'More': 'Thêm', 'Examples': 'Ví dụ', 'Use via API': '',
    'Built with Gradio': '', 'More tabs': 'Các thẻ khác', 'chatbot conversation': 'Hội thoại', 'Settings': 'Cài đặt', 'Open': 'Mở', 'Expand': 'Mở rộng', 'Collapse': 'Thu gọn',
  };
  const ATTRS = ['aria-label', 'title', 'placeholder'];
  const translate = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.nodeValue.trim();
      if (t && Object.prototype.hasOwnProperty.call(VI, t)) n.nodeValue = n.nodeValue.replace(t, VI[t]);
      else if (/^processing \|/.test(t)) n.nodeValue = 'đang xử lý';
    }
    const els = root.querySelectorAll ? root.querySelectorAll('[aria-label],[title],[placeholder]') : [];
    for (const el of [root, ...els]) {
      if (!el.getAttribute) continue;
      for (const a of ATTRS) {
        const v = el.getAttribute(a);
        if (v && Object.prototype.hasOwnProperty.call(VI, v)) el.setAttribute(a, VI[v]);
      }
      const said = el.getAttribute('aria-label') || '';
      if (/^(bot|user)'s message:/.test(said)) {  // read the message as shown, not its markup
        el.setAttribute('aria-label', (said.startsWith('bot') ? 'Trợ lý: ' : 'Bạn: ') + el.innerText.slice(0, 500));
      }
    }
  };
  const bringIntoView = () => {
    if (!reveal) return;
    const panel = document.querySelector(reveal);
    if (!panel || !panel.querySelector('[data-clause]')) return;
    reveal = null;
    const r = panel.getBoundingClientRect();
    if (r.top < 0 || r.top > window.innerHeight * 0.5) panel.scrollIntoView({block: 'start'});
  };
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; translate(document.body); bringIntoView(); });
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ATTRS});
  translate(document.body);
}
