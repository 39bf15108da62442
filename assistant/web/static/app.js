() => {
  if (window.__troLyCitations) return;
  window.__troLyCitations = true;
  const PREFIX = '#dieu-khoan=';
  document.addEventListener('click', (ev) => {
    const link = ev.target && ev.target.closest ? ev.target.closest('a[href*="' + PREFIX + '"]') : null;
    if (!link) return;
    ev.preventDefault();
    ev.stopPropagation();
    const id = decodeURIComponent(link.getAttribute('href').split(PREFIX)[1] || '');
    const where = link.closest('#kb-tree') ? 'kb' : 'chat';
    const box = document.querySelector('#' + where + '-open-id textarea, #' + where + '-open-id input');
    const btn = document.querySelector('#' + where + '-open-btn');
    if (!box || !btn) return;
    box.value = id;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => btn.click(), 60);
  }, true);
}
