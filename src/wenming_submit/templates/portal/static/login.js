"use strict";
(function () {
  var form = document.getElementById("login");
  var message = document.getElementById("login-message");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    message.textContent = "正在登录…";
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/login");
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      if (xhr.status === 200) { window.location.href = body.role === "coordinator" ? "/admin" : "/"; return; }
      message.textContent = body.error || ("登录失败（" + xhr.status + "）");
    };
    xhr.onerror = function () { message.textContent = "无法连接服务器，请检查网络"; };
    xhr.send(JSON.stringify({
      login: document.getElementById("login-name").value,
      password: document.getElementById("login-password").value
    }));
  });
})();
