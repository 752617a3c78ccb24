"""Every scene the story map can show a player has a name a player can read: a `title:` or a
`place:` (an ending is shown by the ending's own title). The map never shows a scene's id; without
either, it can only say "after “the choice that led there”", or "a scene"."""

from __future__ import annotations

from game.engine import Story


def test_every_scene_the_map_can_show_has_a_title_or_a_place(story: Story) -> None:
    nameless = [f"{scene.id} (chapter {story.chapter(scene.chapter).number})" for scene in story.scenes.values()
                if not (scene.title or scene.place or scene.ending)]
    assert not nameless, "give these scenes a `title:` (2-5 words, a place-like name) for the story map: " + \
        ", ".join(nameless)
