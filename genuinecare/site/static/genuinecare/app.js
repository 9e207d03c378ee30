// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("submit", (event) => {
  const form = event.target;
  // A double click must not send a form twice.
  if (form.dataset.submitted === "yes") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "yes";
  window.setTimeout(() => { delete form.dataset.submitted; }, 4000);
});
