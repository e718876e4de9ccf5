"use strict";
/* Shared by the unit and coordinator pages: CSRF header, JSON posts, logout. */
var Portal = (function () {
  var meta = document.querySelector('meta[name="csrf"]');
  var csrf = meta ? meta.getAttribute("content") : "";
  function postJSON(url, data, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      done(xhr.status, body);
    };
    xhr.onerror = function () { done(0, { error: "无法连接服务器，请检查网络" }); };
    xhr.send(JSON.stringify(data));
  }
  var logout = document.getElementById("logout");
  if (logout) {
    logout.addEventListener("click", function () {
      postJSON("/api/logout", {}, function () { window.location.href = "/login"; });
    });
  }
  return { csrf: csrf, postJSON: postJSON };
})();
