// Small progressive enhancements only; every page works without script.
document.addEventListener("DOMContentLoaded", () => {
  // Forms that take a moment show that they are working and cannot be sent twice.
  document.querySelectorAll("form[data-busy-label]").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
        button.textContent = form.dataset.busyLabel;
      }
      form.setAttribute("aria-busy", "true");
    });
  });
});
