// The mail summary's copy button: the Clipboard API, or selecting the text and execCommand.
export function initCopy(): void {
  const button = document.getElementById('copy-mail');
  const text = document.getElementById('mail-text');
  const status = document.getElementById('copy-status');
  if (!button || !text || !status) return;
  const fallback = () => {
    const range = document.createRange();
    range.selectNodeContents(text);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    status.textContent = ok ? 'Copied to the clipboard.' : 'The text is selected: copy it with Ctrl+C.';
  };
  button.addEventListener('click', () => {
    const value = text.textContent ?? '';
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(value).then(() => (status.textContent = 'Copied to the clipboard.'), fallback);
    else fallback();
  });
}
