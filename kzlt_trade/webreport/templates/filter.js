// Filter the findings by kind. The page reads the same without it: the controls are
// hidden in the markup and shown here, and every finding is shown until a box is cleared.
(function () {
  "use strict";
  var box = document.getElementById("finding-filter");
  if (!box) {
    return;
  }
  var inputs = box.querySelectorAll("input[data-kind]");
  var findings = document.querySelectorAll(".finding[data-kind]");
  function apply() {
    var shown = {};
    for (var i = 0; i < inputs.length; i += 1) {
      shown[inputs[i].getAttribute("data-kind")] = inputs[i].checked;
    }
    for (var j = 0; j < findings.length; j += 1) {
      findings[j].hidden = shown[findings[j].getAttribute("data-kind")] === false;
    }
  }
  for (var k = 0; k < inputs.length; k += 1) {
    inputs[k].addEventListener("change", apply);
  }
  box.hidden = false;
  apply();
})();
