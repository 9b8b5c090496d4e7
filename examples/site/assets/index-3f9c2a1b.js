// A built single-page app as Vite emits it: hashed file names under assets/.
const app = document.getElementById("app");
fetch("/api/health")
  .then((r) => (r.ok ? "API reachable on the same domain" : `API answered ${r.status}`))
  .catch(() => "API not reachable")
  .then((text) => {
    app.textContent = `${location.pathname}: ${text}`;
  });
