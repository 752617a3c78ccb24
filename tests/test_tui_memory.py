"""Memory: a dialog opened and closed leaves nothing behind, and the two Textual faults that made it
leave things behind still happen upstream (when one of these tests fails, delete its workaround)."""

from __future__ import annotations

import gc

from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets import Static
from textual.widgets._footer import FooterKey
from tui_pilot import app_for, new_game

from game.engine import Story
from game.tui.screens.help import HelpScreen
from game.tui.widgets.footer import Footer


def footer_keys_alive() -> int:
    gc.collect()
    return sum(isinstance(o, FooterKey) for o in gc.get_objects())


class OneFooter(App[None]):
    BINDINGS = [("h", "bell", "Help"), ("s", "bell", "Save")]

    def __init__(self, footer: TextualFooter) -> None:
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield self.footer


async def redrawn_footer_keys(footer: TextualFooter) -> int:
    """How many footer keys are alive once the footer has drawn its two keys anew ten times."""
    app = OneFooter(footer)
    async with app.run_test() as pilot:
        await pilot.pause()
        for _ in range(10):
            footer.refresh(recompose=True)
            await pilot.pause()
        return footer_keys_alive()


async def test_textuals_footer_keeps_every_key_it_ever_drew():
    """Textualize/textual#6666: the workaround in game/tui/widgets/footer.py is still needed."""
    assert await redrawn_footer_keys(TextualFooter()) >= 10  # (it shows 2)


async def test_our_footer_keeps_only_the_keys_it_shows():
    assert await redrawn_footer_keys(Footer()) == 2


def pinned_by_textual(cache: StylesCache) -> bool:
    """True if Textual's lru_cache on StylesCache.get_inner_outer holds `cache` in one of its keys."""
    return any(isinstance(key, tuple) and key and key[0] is cache and StylesCache.get_inner_outer in gc.get_referrers(key)
               for key in gc.get_referrers(cache))


async def test_textual_keeps_a_removed_widgets_styles_cache():
    """Textualize/textual#6665: the workaround in Dialog.on_unmount is still needed."""
    app = App[None]()
    async with app.run_test() as pilot:
        static = Static("A line")
        await app.screen.mount(static)
        await pilot.pause()
        cache = static._styles_cache
        await static.remove()
        await pilot.pause()
        assert pinned_by_textual(cache)
        StylesCache.get_inner_outer.cache_clear()
        assert not pinned_by_textual(cache)


async def test_help_opened_and_closed_again_and_again_leaves_nothing_behind(small_story: Story, data_dir):
    app = app_for(small_story, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        tracked = []
        for _ in range(12):
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            gc.collect()
            tracked.append(len(gc.get_objects()))
        # The first opening fills Textual's caches; each later one left ~8,000 objects behind.
        assert tracked[-1] - tracked[1] < 1000, tracked


async def test_the_story_screen_gives_the_collector_its_pause_once_the_text_is_all_there(small_story: Story, data_dir,
                                                                                         monkeypatch):
    import game.tui.screens.story as story_screen

    pauses: list[bool] = []
    monkeypatch.setattr(story_screen, "collect_in_pause", lambda: pauses.append(screen.typing) or False)
    app = app_for(small_story, data_dir, speed="slow")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        await pilot.pause()
        if app.animation_level != "none":
            assert screen.typing and pauses == []  # no pause while the text types
        await pilot.press("space")  # all of it at once
        await pilot.pause()
        assert pauses == [False]
