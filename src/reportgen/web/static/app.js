// While a form's work runs on the server, say so: the button is disabled and the form's status line
// shows what is happening ("正在检查 3 个文件…"), so a clerk does not submit twice.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var busy = form.querySelector(".busy");
  var text = form.getAttribute("data-busy");
  if (!busy || !text) return;
  var files = form.querySelector("input[type=file]");
  var count = files && files.files ? files.files.length : 0;
  busy.querySelector("span").textContent = count > 1 ? text.replace("…", " " + count + " 个文件…") : text;
  busy.hidden = false;
  form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
});
// Coming back to a page with the browser's back button shows it as it was left: reset the busy state.
window.addEventListener("pageshow", function () {
  document.querySelectorAll(".busy").forEach(function (busy) { busy.hidden = true; });
  document.querySelectorAll("form button").forEach(function (button) { button.disabled = false; });
});
