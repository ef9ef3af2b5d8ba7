/* Rehearse embed helper for host pages: <script src=".../embed.js" async></script>.
   Sizes every <iframe data-rehearse> to the widget's content (width 100%, height from
   the widget's messages), for any number of widgets on the page, and re-dispatches the
   widget's events (only sent when its URL has events=1) on the iframe element as
   "rehearse:ready", "rehearse:route", "rehearse:graded" and "rehearse:completed".
   A message counts only if it comes from one of those iframes' windows. */
(function () {
  if (window.rehearseEmbed) return;
  window.rehearseEmbed = 1;
  var types = { ready: 1, route: 1, graded: 1, completed: 1 };
  function frames() {
    return document.querySelectorAll("iframe[data-rehearse]");
  }
  function widen() {
    for (var list = frames(), i = 0; i < list.length; i++) list[i].style.width = "100%";
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", widen);
  else widen();
})();
