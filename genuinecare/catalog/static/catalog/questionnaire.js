// The shared answer form: htmx saves each change; this lets the status line
// show a refused answer (400) instead of htmx dropping the response.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 400 && event.detail.target.id === "qn-status") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
