/* The photo form's focal point: a click on the picture moves the marker there and writes
   the point (0 to 1 across from the left, and down from the top) into the two number
   fields; typing a number moves the marker. Saving re-cuts the crops around the point.
   A file, not an inline script: the Content-Security-Policy allows only these. */
"use strict";
(function () {
  function setUp(picker) {
    const form = picker.closest("form");
    const across = form.querySelector("#id_focal_x");
    const down = form.querySelector("#id_focal_y");
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-marker");
    if (!across || !down || !image || !marker) {
      return;
    }
    function read(input) {
      const value = parseFloat(input.value);
      return Number.isNaN(value) ? 0.5 : Math.min(Math.max(value, 0), 1);
    }
    function place() {
      marker.style.left = read(across) * 100 + "%";
      marker.style.top = read(down) * 100 + "%";
    }
    image.addEventListener("click", function (event) {
      const box = image.getBoundingClientRect();
      const x = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
      const y = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1);
      across.value = x.toFixed(2);
      down.value = y.toFixed(2);
      place();
      picker.classList.add("focal-picker--moved");
    });
    across.addEventListener("input", place);
    down.addEventListener("input", place);
    place();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focal-picker").forEach(setUp);
  });
})();
