/* Rehearse embed helper, version 1: <script src=".../embed-v1.js" integrity="sha384-…"
   crossorigin="anonymous" async></script> on the host page. This file never changes, so a
   host can pin exactly the script it reviewed; fixes go into a new embed-v2.js.
   Sizes every <iframe data-rehearse> to its widget (width 100%, height from the widget's
   messages, checked against each iframe's window) and re-dispatches the widget's events
   (sent only with events=1) on the iframe as "rehearse:<type>" DOM events. Their
   `detail` comes from the frame: treat it as untrusted data, never as markup. Its one
   message, a hello, asks widgets that loaded first for their height and `ready` again.
   Page markup cannot switch it off or redirect it: it keeps its mark under a symbol and
   calls the DOM's own methods, which named elements (id= or name=) cannot shadow. */
(function () {
  var mark = Symbol.for("rehearse.embed");
  if (window[mark] === true) return;
  window[mark] = true;
  var listen = EventTarget.prototype.addEventListener;
  var select = Document.prototype.querySelectorAll;
  var loading = Object.getOwnPropertyDescriptor(Document.prototype, "readyState").get;
  var types = { ready: 1, route: 1, graded: 1, completed: 1 };
  function frames() {
    return select.call(document, "iframe[data-rehearse]");
  }
  function greet() {
    for (var list = frames(), i = 0; i < list.length; i++) {
      list[i].style.width = "100%";
      if (list[i].contentWindow) list[i].contentWindow.postMessage({ source: "rehearse-host", version: 1, type: "hello" }, "*");
    }
  }
  listen.call(window, "message", function (e) {
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
  if (loading.call(document) === "loading") listen.call(document, "DOMContentLoaded", greet);
  else greet();
})();
