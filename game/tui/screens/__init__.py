"""The screens of the game: title, story, chapter note (and the modal dialogs beside them)."""
