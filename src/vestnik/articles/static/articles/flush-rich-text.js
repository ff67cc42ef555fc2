// Every rich-text editor's text goes into the form before it is sent. Wagtail copies an
// editor's text into its field's hidden input a quarter of a second after the last
// keystroke, so a click on «Опубликовать» within that quarter sent the text as it was
// before, and the last words typed were lost. Wagtail keeps each editor on its input
// (``draftailEditor``), and Draftail's own serialiser gives the text as Wagtail would store
// it; the comment marks Wagtail strips before saving are stripped here too. The submit event
// comes before the browser reads the form's fields, and a listener capturing on the document
// runs before any of Wagtail's own.
(() => {
  const COMMENT_MARK = "COMMENT-";

  const withoutCommentMarks = (raw) => {
    for (const block of raw?.blocks ?? []) {
      block.inlineStyleRanges = block.inlineStyleRanges.filter(
        (range) => !range.style.startsWith(COMMENT_MARK),
      );
    }
    return raw;
  };

  document.addEventListener(
    "submit",
    (event) => {
      const serialise = window.Draftail?.serialiseEditorStateToRaw;
      if (!serialise) return;
      for (const input of event.target.querySelectorAll("input[type='hidden']")) {
        const editor = input.draftailEditor;
        if (!editor?.getEditorState) continue;
        const raw = withoutCommentMarks(serialise(editor.getEditorState()));
        input.rawContentState = raw;
        input.value = JSON.stringify(raw);
      }
    },
    true,
  );
})();
