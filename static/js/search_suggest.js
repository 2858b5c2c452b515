/* Completes the search box with product titles as the shopper types: asks
 * /api/search/suggest/ (the box's data-suggest-url) once the typing pauses, and fills the
 * box's <datalist>. Without JavaScript the box is a plain search form. */
(function () {
  "use strict";
  var PAUSE_MS = 150;
  var MIN_LENGTH = 2;

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-suggest-url");
    var language = input.getAttribute("data-suggest-language");
    var timer = null;
    var asked = "";
    if (!list || !url || !window.fetch) {
      return;
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < MIN_LENGTH || text === asked) {
        return;
      }
      timer = window.setTimeout(function () {
        asked = text;
        var headers = { Accept: "application/json" };
        if (language) {
          headers["Accept-Language"] = language;
        }
        window
          .fetch(url + "?q=" + encodeURIComponent(text), { headers: headers, credentials: "omit" })
          .then(function (response) {
            return response.ok ? response.json() : { suggestions: [] };
          })
          .then(function (body) {
            if (input.value.trim() !== text) {
              return; // the shopper typed on meanwhile
            }
            list.replaceChildren.apply(
              list,
              (body.suggestions || []).map(function (title) {
                var option = document.createElement("option");
                option.value = title;
                return option;
              })
            );
          })
          .catch(function () {
            /* no completions: the box still searches */
          });
      }, PAUSE_MS);
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(attach);
})();
