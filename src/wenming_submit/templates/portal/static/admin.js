"use strict";
(function () {
  var message = document.getElementById("admin-message");
  Array.prototype.forEach.call(document.querySelectorAll("form.review-form"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var decision = event.submitter ? event.submitter.value : "accept";
      var comment = form.querySelector("input[name=comment]").value;
      Portal.postJSON("/api/review", { path: form.getAttribute("data-path"), decision: decision, comment: comment },
        function (status, body) {
          if (status === 200) { window.location.reload(); return; }
          message.textContent = body.error || ("操作失败（" + status + "）");
        });
    });
  });
  function action(id, url, busy) {
    var button = document.getElementById(id);
    if (!button) { return; }
    button.addEventListener("click", function () {
      button.disabled = true;
      message.textContent = busy;
      Portal.postJSON(url, {}, function (status, body) {
        button.disabled = false;
        if (status === 200) { window.location.reload(); return; }
        message.textContent = body.error || ("操作失败（" + status + "）");
      });
    });
  }
  action("run-check", "/api/check", "正在检查全部材料…");
  action("run-build", "/api/build", "正在生成汇编、清单和材料包，可能需要几分钟…");
})();
