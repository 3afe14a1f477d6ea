// Submits the page's form marked data-auto-submit as soon as it is loaded (a logout the client
// proved with an id_token_hint). Without JavaScript the page's button does the same.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.querySelector('form[data-auto-submit]');
  if (form) form.submit();
});
