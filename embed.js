/* Rehearse embed helper: <script src=".../embed.js" async></script> on the host page.
   Sizes every <iframe data-rehearse> to its widget (width 100%, height from the widget's
   messages, checked against each iframe's window) and re-dispatches the widget's events
   (sent only with events=1) on the iframe as "rehearse:<type>" DOM events. Its one
   message, a hello, asks widgets that loaded first for their height and `ready` again. */
(function () {
  if (window.rehearseEmbed) return;
  window.rehearseEmbed = 1;
  var types = { ready: 1, route: 1, graded: 1, completed: 1 };
  function frames() {
    return document.querySelectorAll("iframe[data-rehearse]");
  }
  function greet() {
    for (var list = frames(), i = 0; i < list.length; i++) {
      list[i].style.width = "100%";
      if (list[i].contentWindow) list[i].contentWindow.postMessage({ source: "rehearse-host", version: 1, type: "hello" }, "*");
    }
  }
  addEventListener("message", function (e) {
    var d = e.data;
    if (!d || d.source !== "rehearse" || d.version !== 1) return;
    for (var list = frames(), i = 0; i < list.length; i++) {
      var frame = list[i];
      if (frame.contentWindow !== e.source) continue;
      if (d.type === "height") {
        var height = Math.ceil(Number(d.height));
        if (height > 0 && height < 100000) {
          frame.style.width = "100%";
          frame.style.height = height + "px";
        }
      } else if (types[d.type] === 1) {
        frame.dispatchEvent(new CustomEvent("rehearse:" + d.type, { detail: d }));
      }
      return;
    }
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", greet);
  else greet();
})();
