/* The preview link for reviewers is selected as soon as it gets focus, ready to copy. */
(function () {
  "use strict";
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) event.target.select();
  });
})();
