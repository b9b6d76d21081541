// tcpcheck serve: keyboard shortcuts and a steady scroll position. The page
// works without this script; every step is a link.
(function () {
  "use strict";
  var digits = "";
  var timer = null;

  // Stepping keeps the scroll position, so that on a phone the list of
  // steps stays where the thumb is.
  function keepScroll() {
    try { sessionStorage.setItem("tcpcheck-scroll", String(window.scrollY)); } catch (e) { /* storage off */ }
  }

  function follow(el) {
    if (el && el.href) { keepScroll(); window.location.href = el.href; }
  }

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.step, #back, #forward, ol.pathlist a");
    if (a) { keepScroll(); }
  });

  function takeStep(n) {
    follow(document.querySelector('#next a.step[data-n="' + n + '"]'));
  }

  function flush() {
    if (digits !== "") { takeStep(digits); }
    digits = "";
    timer = null;
  }

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) { return; }
    if (ev.key === "ArrowLeft") { follow(document.getElementById("back")); ev.preventDefault(); return; }
    if (ev.key === "ArrowRight") { follow(document.getElementById("forward")); ev.preventDefault(); return; }
    if (ev.key === "Home") { follow(document.getElementById("restart")); ev.preventDefault(); return; }
    if (ev.key.length === 1 && ev.key >= "0" && ev.key <= "9") {
      // A number of two digits is typed quickly: wait a moment when more
      // steps than the digits so far could still follow.
      digits += ev.key;
      var count = document.querySelectorAll("#next a.step").length;
      if (timer) { clearTimeout(timer); }
      if (Number(digits) * 10 > count + 9 || digits.length >= 3) { flush(); }
      else { timer = setTimeout(flush, 600); }
      ev.preventDefault();
    }
  });
})();

// Keep the current step of the path list in view inside its scroll box.
document.addEventListener("DOMContentLoaded", function () {
  try {
    var y = sessionStorage.getItem("tcpcheck-scroll");
    sessionStorage.removeItem("tcpcheck-scroll");
    if (y !== null) { window.scrollTo(0, Number(y)); }
  } catch (e) { /* storage off */ }
  var list = document.querySelector("ol.pathlist");
  var cur = list && list.querySelector("li.current");
  if (cur) { list.scrollTop = Math.max(0, cur.offsetTop - list.offsetTop - list.clientHeight / 2); }
});
