// kehoach web: the only script. A button that starts a long job says so, and cannot be pressed twice.
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("button[type=submit]");
  if (button) { button.disabled = true; button.textContent = "Đang làm…"; }
});
