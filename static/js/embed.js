// Babillard's calendar widget. Inside the frame (/embed) it tells the page around it how
// tall the list is; on a partner's page, loaded with
//   <script src="https://BABILLARD/static/embed.js" async></script>
// it sizes every <iframe data-babillard> to what its frame says. The widget works
// without it (the frame then keeps the height the partner gave it).
(function () {
  "use strict";
  var inFrame = window.parent !== window && document.body && document.body.classList.contains("embed");
  if (inFrame) {
    var send = function () {
      window.parent.postMessage({ babillardHeight: document.documentElement.scrollHeight }, "*");
    };
    window.addEventListener("load", send);
    window.addEventListener("resize", send);
    send();
    return;
  }
  window.addEventListener("message", function (e) {
    var h = e.data && e.data.babillardHeight;
    if (typeof h !== "number" || !(h > 0)) return;
    var frames = document.querySelectorAll("iframe[data-babillard]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        frames[i].style.height = Math.min(Math.ceil(h), 6000) + "px";
      }
    }
  });
})();
