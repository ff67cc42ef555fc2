// The region picker's filter box: as the editor types, okrugs and districts whose names do
// not contain the text are hidden. Names are compared folded (lower case, «е» for «ё»), as
// the server folds them into each entry's data-search. An okrug whose own name matches
// shows all its districts. Loaded as a static file: the admin's policy allows no inline code.
(() => {
  const fold = (text) => text.toLowerCase().replaceAll("ё", "е").split(/\s+/).filter(Boolean).join(" ");

  const filter = (picker, query) => {
    let shown = 0;
    for (const group of picker.querySelectorAll("[data-region-picker-group]")) {
      const wholeGroup = group.dataset.search.includes(query);
      let groupShown = 0;
      for (const option of group.querySelectorAll("[data-region-picker-option]")) {
        const match = wholeGroup || option.dataset.search.includes(query);
        option.hidden = !match;
        groupShown += match ? 1 : 0;
      }
      group.hidden = groupShown === 0;
      shown += groupShown;
    }
    picker.querySelector("[data-region-picker-empty]").hidden = shown > 0;
  };

  document.addEventListener("input", (event) => {
    const box = event.target instanceof Element && event.target.closest("[data-region-picker-filter]");
    if (box) filter(box.closest("[data-region-picker]"), fold(box.value));
  });
  // Enter in the filter box would submit the whole page form.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target instanceof Element && event.target.matches("[data-region-picker-filter]")) {
      event.preventDefault();
    }
  });
})();
