"""How long opening the story map takes (run by hand): the engine's map, and the app's work to a painted map.

    python tests/benchmark_map.py

Goals (issue 14): opening the map at most 50 ms of the app's work on the real story, and at most
300 ms at 5,000 scenes. The app's work is the action that builds the map and pushes its screen,
plus every frame Textual lays out and paints until the map is on screen (the wait for the frame
clock between them is not the app's work, as in tests/benchmark_tui.py).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine import Session, Story, load_story  # noqa: E402
from game.engine.machine import story_machine  # noqa: E402
from game.engine.memory import kept_for_good  # noqa: E402
from game.engine.opening import Game  # noqa: E402
from game.engine.storymap import session_map  # noqa: E402


def generate_branching_story(folder: Path, scenes: int) -> None:
    """Five chapters; every spine scene a decision with a side trip of two scenes that rejoins the
    film two scenes on, and every tenth side trip an ending of its own: the map's hard case."""
    chapters = ["one", "two", "three", "four", "five"]
    per = scenes // len(chapters) // 3  # each spine scene brings two side scenes
    endings = [f"  - {{id: side_{c}_{i}, title: Side end {c} {i}}}" for c in chapters for i in range(0, per, 10)]
    (folder / "story.yaml").write_text(
        "title: Branching\nversion: '1'\ncredits: [Generated for the map benchmark.]\n"
        "content_note:\n  text: A generated story.\n  help:\n    - {where: Anywhere, line: findahelpline.com}\n"
        f"themes: {{grief: Grief}}\nchapters: [{', '.join(chapters)}]\n"
        "endings:\n  - {id: true_end, title: The End, true_ending: true}\n" + "\n".join(endings) + "\n",
        encoding="utf-8",
    )
    for ci, cid in enumerate(chapters):
        lines = ["chapter:", f"  id: {cid}", f"  title: Chapter {cid}", "  blurb: Generated.", f"  entry: {cid}_0",
                 "  themes: [grief]", "scenes:"]
        for i in range(per):
            nxt = f"{cid}_{i + 1}" if i < per - 1 else (f"{chapters[ci + 1]}_0" if ci < 4 else "the_end")
            rejoin = f"{cid}_{min(i + 2, per - 1)}" if i < per - 2 else nxt
            lines += [f"  {cid}_{i}:", f"    title: Spine {cid} {i}", "    text: [On the film's route.]", "    choices:",
                      f"      - {{label: Go on., to: {nxt}, canon: true}}",
                      f"      - {{label: Step aside., to: {cid}_{i}_a}}"]
            lines += [f"  {cid}_{i}_a:", "    text: [A side trip.]", f"    next: {cid}_{i}_b"]
            if i % 10 == 0:
                lines += [f"  {cid}_{i}_b:", "    text: [It ends here.]", f"    ending: side_{cid}_{i}"]
            else:
                lines += [f"  {cid}_{i}_b:", "    text: [Back towards the film.]", f"    next: {rejoin}"]
        if ci == 4:
            lines += ["  the_end:", "    text: [The end.]", "    ending: true_end"]
        (folder / f"{ci + 1}-{cid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def played(session: Session, side_every: int) -> Session:
    """Follow the film to its end, taking the side trip at every `side_every`-th decision."""
    story = session.story
    session.restart()
    n = 0
    while session.ending is None:
        choices = session.choices
        n += 1
        side = len(choices) > 1 and n % side_every == 0 and not session.story.scenes[choices[1].target].ending
        session.choose(1 if side and not _ends_soon(story, choices[1].target) else session.canon_index or 0)
    return session


def _ends_soon(story: Story, scene: str) -> bool:
    return any(story.scenes[c.target].ending for c in story.scenes[scene].choices)


def engine_ms(session: Session, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        session_map(session)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


async def app_ms(story: Story, data: Path, runs: int = 15) -> list[float]:
    """The app's work to open the map over the story screen: the action and the frames it paints."""
    from textual.screen import Screen

    from game.engine import Settings
    from game.tui.app import make_app
    from game.tui.screens.map import MapScreen

    frames: list[float] = []
    update = Screen._on_timer_update

    def timed_update(self: Screen) -> None:
        start = time.perf_counter()
        update(self)
        frames.append(time.perf_counter() - start)

    settings = Settings(data)
    settings.data.update({"content_note_seen": True, "chapter_notes": False, "text_speed": "instant"})
    settings.save()
    out = []
    Screen._on_timer_update = timed_update  # type: ignore[method-assign]
    try:
        app = make_app(story, resume=True, data_dir=data)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for _ in range(runs):
                await pilot.pause()
                frames.clear()
                start = time.perf_counter()
                app.action_map()
                acted = time.perf_counter() - start
                while not isinstance(app.screen, MapScreen) or not frames:
                    await asyncio.sleep(0)
                painted = asyncio.get_running_loop().create_future()
                app.call_after_refresh(lambda f=painted: f.done() or f.set_result(None))
                await painted
                out.append((acted + sum(frames)) * 1000)
                await pilot.press("escape")
    finally:
        Screen._on_timer_update = update  # type: ignore[method-assign]
    return out


def measure(name: str, story: Story, goal: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        game = Game(story, data_root=data)  # progress and the autosave kept as the player plays
        session = played(game.session, side_every=3)
        session.undo(1)  # a game in progress, one choice before its end
        lines = len(session_map(session).lines)
        print(f"{name}: {len(story.scenes)} scenes, a run of {len(session.path)} choices, a map of {lines} lines")
        print(f"    engine (session_map): {engine_ms(session):.1f} ms (best of 7)")
        work = asyncio.run(app_ms(story, data))
        print(f"    each open: {', '.join(f'{w:.0f}' for w in work)} ms")
        print(f"    app's work to a painted map: first open {work[0]:.1f} ms (with its first-use costs), later "
              f"opens median {statistics.median(work[1:]):.1f} ms, best {min(work):.1f} ms, worst {max(work):.1f} ms "
              f"(goal: at most {goal:.0f} ms)")


def loaded(root: Path | None, check: bool = True) -> Story:
    """A story loaded as the ballerina command loads one to play: with its machine, both frozen for
    the collector (kept_for_good)."""
    with kept_for_good():
        story = load_story(root, check=check)
        story_machine(story)
    return story


def main() -> None:
    measure("the shipped story", loaded(None), 50)
    with tempfile.TemporaryDirectory() as tmp:
        generate_branching_story(Path(tmp), 5000)
        measure("a generated story", loaded(Path(tmp), check=False), 300)


if __name__ == "__main__":
    main()
