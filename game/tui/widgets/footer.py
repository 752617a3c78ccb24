"""The footer of every screen: Textual's, letting go of the keys it has replaced (Textual #6666)."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer, which draws its keys anew each time the bindings change (each dialog
    opened or closed). Each key watches the footer's `compact`, and Textual drops a watcher only
    when the watched value changes, which `compact` never does here: every key the footer ever
    drew stayed alive with all its caches, 600 keys and 200,000 objects after forty dialogs, and
    each full pass of the collector walked them all. Upstream: Textualize/textual#6666
    (tests/test_tui_memory.py shows it still happens in Textual's own footer)."""

    async def recompose(self) -> None:
        await super().recompose()
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers
                           if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))]
