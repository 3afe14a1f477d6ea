// The emailed-code page: "Send a new code" waits out the resend cooldown, with the seconds left
// shown beside it. Without JavaScript the button works at once and the server says to wait.
for (const button of document.querySelectorAll('[data-enable-in]')) {
  const status = document.getElementById(button.getAttribute('aria-describedby'));
  let left = Number(button.dataset.enableIn);
  const show = () => {
    if (status) status.textContent = status.dataset.template.replace('#', String(left));
  };
  button.disabled = true;
  show();
  const timer = setInterval(() => {
    left -= 1;
    if (left > 0) return show();
    clearInterval(timer);
    button.disabled = false;
    button.removeAttribute('aria-describedby');
    if (status) status.remove();
  }, 1000);
}
