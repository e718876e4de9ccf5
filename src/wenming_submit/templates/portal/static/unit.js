"use strict";
(function () {
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  var pending = 0;
  function finished() {
    pending -= 1;
    if (pending === 0) { window.setTimeout(function () { window.location.reload(); }, 1500); }
  }
  function upload(slot, files) {
    if (!files || !files.length) { return; }
    var list = slot.querySelector(".progress-list");
    var row = el("li", "uploading");
    var names = [];
    for (var i = 0; i < files.length; i++) { names.push(files[i].name); }
    row.appendChild(el("span", "up-name", names.join("、")));
    var bar = el("progress");
    bar.max = 100; bar.value = 0;
    row.appendChild(bar);
    var state = el("span", "up-state", "准备上传…");
    row.appendChild(state);
    list.appendChild(row);
    var form = new FormData();
    form.append("indicator", slot.getAttribute("data-indicator"));
    form.append("material", slot.getAttribute("data-material"));
    for (var j = 0; j < files.length; j++) { form.append("file", files[j], files[j].name); }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/upload");
    xhr.setRequestHeader("X-CSRF-Token", Portal.csrf);
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        bar.value = Math.round(event.loaded * 100 / event.total);
        state.textContent = bar.value < 100 ? ("已上传 " + bar.value + "%") : "正在检查…";
      }
    };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      bar.value = 100;
      if (xhr.status === 201) {
        state.textContent = "已收到 " + body.files.length + " 个文件";
        row.className = "uploaded";
        body.files.forEach(function (f) {
          var item = el("div", "up-result");
          item.appendChild(el("span", "up-path", f.path.split("/").pop()));
          if (!f.findings.length) { item.appendChild(el("span", "ok", " 检查通过")); }
          var ul = el("ul", "findings");
          f.findings.forEach(function (x) {
            var li = el("li", "finding " + x.severity);
            li.appendChild(el("span", "code", x.code));
            li.appendChild(el("span", "msg", x.message));
            if (x.hint) { li.appendChild(el("span", "hint-text", x.hint)); }
            ul.appendChild(li);
          });
          item.appendChild(ul);
          row.appendChild(item);
        });
      } else {
        row.className = "failed";
        state.textContent = body.error || ("上传失败（" + xhr.status + "）");
      }
      (body.rejected || []).forEach(function (r) {
        row.appendChild(el("div", "rejected", "未接收：" + r.name + "：" + r.reason));
      });
      finished();
    };
    xhr.onerror = function () { row.className = "failed"; state.textContent = "网络中断，上传失败，请重试"; finished(); };
    pending += 1;
    xhr.send(form);
  }
  Array.prototype.forEach.call(document.querySelectorAll("section.slot"), function (slot) {
    var drop = slot.querySelector(".drop");
    var input = slot.querySelector(".file-input");
    input.addEventListener("change", function () { upload(slot, input.files); });
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (event) { upload(slot, event.dataTransfer.files); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.withdraw"), function (button) {
    button.addEventListener("click", function () {
      var path = button.getAttribute("data-path");
      if (!window.confirm("撤回这个文件？撤回后不再计入本单位材料（文件移到创文办的“已撤回”文件夹，不会删除）。")) { return; }
      button.disabled = true;
      Portal.postJSON("/api/withdraw", { path: path }, function (status, body) {
        if (status === 200) { window.location.reload(); return; }
        button.disabled = false;
        window.alert(body.error || ("撤回失败（" + status + "）"));
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("form.caption-form"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = form.querySelector("input");
      Portal.postJSON("/api/caption", { path: form.getAttribute("data-path"), caption: input.value }, function (status, body) {
        if (status === 200) { window.location.reload(); return; }
        window.alert(body.error || ("保存失败（" + status + "）"));
      });
    });
  });
})();
