// Follows a background job on its progress page: asks for its state every two seconds
// and shows it; once the job has finished, reloads the page for the download link or
// the message. Without script the page's Refresh link does the same.
document.addEventListener("DOMContentLoaded", () => {
  const job = document.querySelector("[data-job-running][data-job-status-url]");
  if (!job) {
    return;
  }
  const bar = job.querySelector("progress");
  const status = job.querySelector("[data-job-status]");
  const count = job.querySelector("[data-job-count]");
  const poll = async () => {
    let state;
    try {
      const response = await fetch(job.dataset.jobStatusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      state = await response.json();
    } catch {
      // A hiccup of the network: try again a little later.
      window.setTimeout(poll, 5000);
      return;
    }
    if (state.finished) {
      window.location.reload();
      return;
    }
    if (state.total) {
      bar.max = state.total;
      bar.value = state.done;
    }
    bar.textContent = `${state.percent}%`;
    status.textContent = state.status_label;
    count.textContent = state.text;
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 1000);
});
