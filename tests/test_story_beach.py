"""Chapter 5, The Beach: the last fight, the payoffs of every earlier choice, and three endings."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from itertools import product

import pytest
from conftest import assert_in_order, canon_text, play, play_canon, read_all

from game.engine import Session, Story, check_story, story_stats
from game.engine.expr import Value
from game.engine.model import Branch, Item, all_passages, render
from game.engine.route import MAX_STATES, StateGraph, canonical_route

BEACH_ENDINGS = ("fish_in_the_next_life", "due_process", "no_one_at_your_back")


def run(story: Story, *detours: tuple[str, str], until_scene: str = "beach_opening") -> Session:
    """Follow the film's route, but at each (scene, choice) pair take that choice instead."""
    s = Session(story)
    turns = dict(detours)
    while s.scene_id != until_scene and s.ending is None:
        if s.scene_id in turns:
            s.choose_id(turns.pop(s.scene_id))
        else:
            s.choose(s.canon_index or 0)
    return s


def text(s: Session) -> str:
    return "\n".join(s.paragraphs)


_GRAPH: dict[int, StateGraph] = {}


def graph(story: Story) -> StateGraph:
    if id(story) not in _GRAPH:
        _GRAPH[id(story)] = StateGraph(story, MAX_STATES)
    return _GRAPH[id(story)]


def states(story: Story, scene: str) -> Iterator[dict[str, Value]]:
    """The variables of every distinct state in which a player can stand in `scene`."""
    g = graph(story)
    for n, sid in enumerate(g.scene):
        if sid == scene:
            yield g.values[n]


DOMAIN: dict[str, list[Value]] = {"wound": [0, 1, 2], "trust": [-1, 0, 1, 2, 3, 4]}


def variants(story: Story, scene: str) -> Iterator[dict[str, Value]]:
    """Every combination of the variables the scene's own text reads (for text that only colours)."""
    reads: set[str] = set()
    work: list[Item] = list(story.scenes[scene].text)
    while work:
        item = work.pop()
        if isinstance(item, Branch):
            reads |= item.condition.reads
            work.extend(item.then)
            work.extend(item.otherwise)
    names = sorted(reads)
    domains: list[list[Value]] = []
    for name in names:
        kind = story.variables[name].type
        domains.append(DOMAIN.get(name) or ([False, True] if kind.kind == "flag" else list(kind.values)))
    base = next(states(story, scene))
    for combo in product(*domains):
        yield {**base, **dict(zip(names, combo, strict=True))}


def reach(story: Story, scene: str, wanted: Callable[[dict[str, Value]], bool]) -> Session:
    """A session played by real choices to a state of `scene` whose variables are `wanted`."""
    g = graph(story)
    parent: dict[int, tuple[int, str]] = {}
    queue, seen = deque([0]), {0}
    while queue:
        n = queue.popleft()
        if g.scene[n] == scene and wanted(g.values[n]):
            ids: list[str] = []
            while n != 0:
                n, cid = parent[n]
                ids.append(cid)
            return play(Session(story), *reversed(ids))
        for choice, dst in g.edges[n]:
            if dst not in seen:
                seen.add(dst)
                parent[dst] = (n, choice.id)
                queue.append(dst)
    raise AssertionError(f"no state of {scene} is reachable with those values")


def acts(values: dict[str, Value]) -> bool:
    """The rule the story keeps: she acts on earned trust, or on a little trust and what she saw."""
    trust = values["trust"]
    assert isinstance(trust, int)
    saw = bool(values["beach_went_for_her"]) or bool(values["beach_drew_them_off"])
    return trust >= 2 or (trust == 1 and saw)


def test_the_beats_of_the_beach_come_in_the_film_s_order(story: Story) -> None:
    beats = [
        "her head hanging",  # 19: the student, unconscious from torture
        "It takes you in the left arm",  # the shot to the arm
        "You run, bent double",  # she runs for cover
        "A hundred million, Choi",  # 20: the chemist hunts for the money
        "Choi walks up behind him",  # the betrayal, at point-blank range
        "to the back of the chemist's head",
        "She picks it up",  # 21: the student picks up the dropped gun and shoots
        "She fires at Choi",
        "the small pistol is in your good hand",  # the other gun
        "You shoot Choi in the hand",  # disarmed
        "down a track to the beach",  # 22: the beach
        "From the car, far off, it is only a fire on a beach",  # seen from a distance
        "USB drives",  # 23: the recordings, the drive labelled "ballerina" among them
        "One of them says BALLERINA",
        "there is a notebook. Times and places",
        "The sun is going down",  # 24: the drive into the sunset
        "You drive on into the sunset",
        "a fish in her next life, dancing in the ocean",
    ]
    assert_in_order(canon_text(story, "beach"), beats)


def test_every_scene_of_the_beach_on_the_film_s_route_has_a_title(story: Story) -> None:
    for step in canonical_route(story):
        scene = story.scenes[step.scene]
        if scene.chapter == "beach":
            assert scene.title and 2 <= len(scene.title.split()) <= 5, scene.id


def test_at_most_one_in_four_beach_scenes_on_the_film_s_route_is_a_single_continue(story: Story) -> None:
    route = [story.scenes[s.scene] for s in canonical_route(story) if story.scenes[s.scene].chapter == "beach"]
    single = [sc.id for sc in route if len(sc.choices) == 1 and sc.choices[0].id == "next"]
    assert len(single) * 4 <= len(route), single


def test_the_beach_declares_suicide_and_every_theme_it_holds(story: Story) -> None:
    beach = next(c for c in story.chapters if c.id == "beach")
    held = {"suicide", "grief", "violence", "killing", "fire", "torture", "exploitation", "trafficking", "police"}
    assert held <= set(beach.themes)


def test_the_beach_is_long_enough(story: Story) -> None:
    (beach,) = [c for c in story_stats(story, check_story(story)).chapters if c.id == "beach"]
    assert beach.scenes >= 26
    assert beach.words >= 6_877
    assert beach.canon_words >= 3_069


def test_the_true_ending_is_short_and_its_last_image_is_min_hee_dancing_in_the_ocean(story: Story) -> None:
    scene = story.scenes["beach_sunset"]
    assert scene.ending == "fish_in_the_next_life"
    seen = 0
    for v in variants(story, "beach_sunset"):
        for gentle in (False, True):
            paragraphs = render(scene.text, v, gentle)
            assert "dancing in the ocean" in paragraphs[-1]
            assert "a fish in her next life" in paragraphs[-1]
            assert sum(len(p.split()) for p in paragraphs) <= 450  # it was 909 words after the sunset
        seen += 1
    assert seen >= 4 * 2 * 2
    last = canonical_route(story)[-1]
    assert sum(len(p.split()) for p in render(scene.text, last.values)) <= 360


def test_the_beach_never_makes_death_an_escape_and_never_says_it_could_have_been_stopped(story: Story) -> None:
    banned = ("nobody with a camera", "nobody can hurt", "at peace", "free now", "could have done", "if you had",
              "nothing could", "nobody could", "no one could")
    for scene in story.scenes.values():
        if scene.chapter != "beach":
            continue
        for p in all_passages(scene.text):
            for version in (p.text, p.gentle or ""):
                for phrase in banned:
                    assert phrase not in version.lower(), (scene.id, phrase)


def test_the_beach_says_plainly_that_the_fault_is_choi_s(story: Story) -> None:
    assert "What happened to her is on him" in canon_text(story, "beach")
    s = run(story, ("beach_shore", "police"), until_scene="")
    assert "whose death is on him" in text(s)


@pytest.mark.parametrize("ending", BEACH_ENDINGS)
def test_every_beach_route_has_someone_reaching_out(story: Story, ending: str) -> None:
    reaching = {
        "fish_in_the_next_life": "Come and get that arm seen to",
        "due_process": "Mi-sook visits once a month",
        "no_one_at_your_back": "Mi-sook drives you home",
    }
    scene = next(e.scene for e in story.endings if e.id == ending)
    s = reach(story, scene, lambda v: True)
    assert s.ending is not None and s.ending.id == ending
    for values in variants(story, scene):
        for gentle in (False, True):
            assert reaching[ending] in "\n".join(render(story.scenes[scene].text, values, gentle))


def test_the_girl_acts_exactly_when_her_trust_is_earned_in_every_state(story: Story) -> None:
    betrayal = story.scenes["beach_betrayal"]
    base = next(states(story, "beach_betrayal"))
    for trust, went, drew in product(DOMAIN["trust"], (False, True), (False, True)):
        values = {**base, "trust": trust, "beach_went_for_her": went, "beach_drew_them_off": drew}
        opened = [c.target for c in betrayal.choices if c.is_open(values)]
        assert opened == ["beach_student_acts" if acts(values) else "beach_alone"], (trust, went, drew)
    outcomes = set()
    for values in states(story, "beach_betrayal"):
        opened = [c.target for c in story.scenes["beach_betrayal"].choices if c.is_open(values)]
        want = "beach_student_acts" if acts(values) else "beach_alone"
        assert opened == [want], values
        outcomes.add((values["trust"], acts(values)))
    assert any(a for _, a in outcomes) and any(not a for _, a in outcomes)
    # a little trust is tipped by what she saw at the beach, and only then
    assert (1, True) in outcomes and (1, False) in outcomes


def test_protecting_her_at_the_beach_is_what_tips_a_little_trust(story: Story) -> None:
    def little(saw: bool) -> Callable[[dict[str, Value]], bool]:
        return lambda v: v["trust"] == 1 and bool(v["beach_went_for_her"] or v["beach_drew_them_off"]) == saw
    s = reach(story, "beach_betrayal", little(True))
    assert [c.target for c in s.choices] == ["beach_student_acts"]
    s = reach(story, "beach_betrayal", little(False))
    assert [c.target for c in s.choices] == ["beach_alone"]


def test_without_her_trust_she_runs_and_the_ending_is_no_one_at_your_back(story: Story) -> None:
    s = reach(story, "beach_betrayal", lambda v: not acts(v))
    play(s, "alone")
    assert "She does not pick up the gun" in text(s)
    play(s, "face_him")
    while s.ending is None:
        s.choose(0)
    assert s.ending.id == "no_one_at_your_back"
    assert "The girl is never found" in text(s)


def test_with_her_trust_she_picks_up_the_gun(story: Story) -> None:
    s = run(story, until_scene="beach_betrayal")
    assert acts(s.values)
    assert [c.target for c in s.choices] == ["beach_student_acts"]
    s.choose(0)
    assert "She picks it up" in text(s)


def test_the_wound_decides_whether_she_can_go_for_the_girl_s_chair(story: Story) -> None:
    both = set()
    for values in states(story, "beach_warehouse"):
        opened = {c.target for c in story.scenes["beach_warehouse"].choices if c.is_open(values)}
        assert ("beach_dive" in opened) == (values["wound"] in (0, 1)), values
        both.add(values["wound"])
    assert 2 in both and (0 in both or 1 in both)


def test_the_wound_decides_how_she_gets_out_and_whether_the_drives_are_saved(story: Story) -> None:
    for wound in (0, 1, 2):
        def hurt(v: dict[str, Value], w: int = wound) -> bool:
            return v["wound"] == w
        s = reach(story, "beach_alone_fight", hurt)
        target = [c.target for c in s.choices]
        assert target == (["beach_alone_after"] if wound == 2 else ["beach_alone_drive"])
        s.choose(0)
        s.choose(0)
        assert s.ending is not None and s.ending.id == "no_one_at_your_back"
        if wound == 2:
            assert "Nobody finds the drives" in text(s)
        else:
            assert "Mi-sook reached the drawer in Hannam-dong" in text(s)


@pytest.mark.parametrize(("detours", "scene", "phrase"), [
    ((("beach_approach", "send_word"),), "beach_warehouse", "a single full stop"),
    ((("beach_approach", "send_word"),), "beach_sunset", "Answer me"),
    ((("beach_approach", "send_word"), ("beach_shore", "police")), "beach_police", "since your text"),
    ((("beach_hunt", "beach_valve"),), "beach_student_acts", "She watched you send them"),
    ((("beach_hunt", "beach_valve"),), "beach_shore", "You came for me first"),
    ((("beach_dunes", "told_class"),), "beach_recordings", "said you should dance"),
    ((("beach_dunes", "told_fish"),), "beach_recordings", "She'd have liked that"),
    ((("beach_dunes", "beach_recordings"),), "beach_recordings", "I've never had it hot"),
    ((), "beach_sunset", "notebook held to her chest"),
    ((("beach_recordings", "carry_it"),), "beach_sunset", "Tomorrow the notebook goes to a journalist"),
    ((("beach_shore", "police"), ("beach_waiting", "tired")), "beach_due_process", "tired of deciding"),
    ((("beach_shore", "police"),), "beach_due_process", "You told the girl you wanted it to be Min-hee's story"),
    ((("beach_shore", "police"), ("beach_first_car", "block_car")), "beach_due_process", "filmed all of it"),
    ((("beach_shore", "police"),), "beach_due_process", "read the numbers into your phone together"),
    ((("beach_disarm", "watch_him"),), "beach_shore", "without taking your eyes or your"),
    ((("beach_disarm", "watch_him"), ("beach_shore", "police")), "beach_due_process", "So I didn't have to"),
    ((("beach_shore", "police"),), "beach_due_process", "she came to me first"),
    ((("beach_dunes", "told_fish"),), "beach_recordings", "You hope she gets to be one in this life"),
    ((("beach_dunes", "told_class"),), "beach_recordings", "asked if she could come on Saturday"),
])
def test_each_choice_at_the_beach_is_remembered_later(
    story: Story, detours: tuple[tuple[str, str], ...], scene: str, phrase: str,
) -> None:
    s = run(story, *detours, until_scene=scene)
    assert s.scene_id == scene
    assert phrase in text(s)
    # without the choice (but by the same road), the line is not there
    road = tuple(d for d in detours if d == ("beach_shore", "police"))
    if road != detours and dict(detours) != {"beach_dunes": "beach_recordings"}:
        plain = run(story, *road, until_scene=scene)
        assert plain.scene_id == scene
        assert phrase not in text(plain)


def test_going_for_her_chair_is_remembered_by_her(story: Story) -> None:
    s = reach(story, "beach_warehouse", lambda v: v["wound"] in (0, 1) and acts({**v, "beach_went_for_her": True}))
    play(s, "beach_dive")
    play_canon(s, until_scene="beach_student_acts")
    assert "The hand you tore free" in text(s)
    play_canon(s, until_scene="beach_shore")
    assert "Not the gun. I saw." in text(s)


def test_calling_after_her_is_why_help_comes(story: Story) -> None:
    for call in (True, False):
        s = reach(story, "beach_betrayal", lambda v: not acts(v))
        play(s, "alone", "call_after_her" if call else "face_him")
        while s.ending is None:
            s.choose(0)
        assert ("She heard you call, then." in text(s)) == call


def test_the_chapter_one_memory_returns_at_the_end(story: Story) -> None:
    sunset = story.scenes["beach_sunset"]
    phrases = {"keyring": "tin fish", "sea": "It is the wrong sea", "truth": "told her the truth"}
    for values in variants(story, "beach_sunset"):
        for keepsake, phrase in phrases.items():
            shown = "\n".join(render(sunset.text, {**values, "keepsake": keepsake}))
            assert phrase in shown
            others = [p for k, p in phrases.items() if k != keepsake]
            assert not any(p in shown for p in others)


@pytest.mark.parametrize(("kit", "scene", "phrase"), [
    ("two_guns", "beach_second_gun", "the small pistol is in your good hand"),
    ("gun_and_vest", "beach_chemist_gun", "hits the vest square"),
    ("gun_and_knife", "beach_knife", "the knife comes out of your sleeve"),
])
def test_the_kit_decides_how_the_fight_turns(story: Story, kit: str, scene: str, phrase: str) -> None:
    s = reach(story, "beach_student_acts", lambda v: v["kit"] == kit)
    assert [c.target for c in s.choices] == [scene]
    s.choose(0)
    assert phrase in text(s)
    play_canon(s, until_scene="beach_shore")


def test_choi_stays_charming_in_the_fight_and_the_beach_does_not_lecture(story: Story) -> None:
    text_ = canon_text(story, "beach")
    for line in ("I'm not even angry about the face", "Let's be smart now", "Everybody has a number"):
        assert line in text_
    everything = " ".join(p.text for sc in story.scenes.values() if sc.chapter == "beach" for p in all_passages(sc.text))
    for lecture in ("moments so small you did not notice they were choices", "the reason you are going to live",
                    "never once been wrong", "Always one more than they think", "very dry joke", "I sell keys"):
        assert lecture not in everything


def test_handing_choi_to_the_police_is_due_process(story: Story) -> None:
    s = run(story, ("beach_shore", "police"), until_scene="")
    assert s.ending is not None and s.ending.id == "due_process"
    whole = read_all(s)
    assert "Choi is charged. So are you." in text(s)
    assert "knows Choi's name before you say it" in whole  # honest about paid officers


def test_the_burning_is_never_shown_up_close_and_both_versions_agree_she_does_not_look(story: Story) -> None:
    fire = story.scenes["beach_fire"]
    for gentle in (False, True):
        shown = " ".join(render(fire.text, {}, gentle))
        assert "far off" in shown
        assert "does not look" in shown
        for word in ("scream", "skin", "flesh", "smell"):
            assert word not in shown.lower()


def test_the_beach_calls_the_girl_what_narration_calls_her_and_min_hee_has_no_surname(story: Story) -> None:
    for scene in story.scenes.values():
        if scene.chapter != "beach":
            continue
        for p in all_passages(scene.text):
            for version in (p.text, p.gentle or ""):
                assert "student" not in version.lower(), scene.id
                assert "Seo Min-hee" not in version
                assert "torn" not in version.lower(), scene.id


def test_every_wound_and_death_at_the_beach_has_a_gentle_version(story: Story) -> None:
    hurt = re.compile(r"\b(shoots?|shot (takes|hits)|bleed(ing)?|blood|dead|warm|wound|burn|kill)\b", re.IGNORECASE)
    for scene in story.scenes.values():
        if scene.chapter != "beach":
            continue
        for p in all_passages(scene.text):
            if p.gentle is None and hurt.search(p.text):
                pytest.fail(f"{scene.id}: {p.text[:60]}... has no gentle version")


@pytest.mark.parametrize("ending", ["due_process", "no_one_at_your_back"])
def test_the_other_beach_endings_have_epilogues_of_250_words_in_every_state(story: Story, ending: str) -> None:
    scene = next(e.scene for e in story.endings if e.id == ending)
    for values in variants(story, scene):
        for gentle in (False, True):
            shown = render(story.scenes[scene].text, values, gentle)
            assert sum(len(p.split()) for p in shown) >= 250, (values, gentle)


def test_the_whole_run_reads_back_in_history(story: Story) -> None:
    s = run(story, until_scene="")
    whole = read_all(s)
    assert "dancing in the ocean" in whole
    assert s.ending is not None and s.ending.true_ending


@pytest.mark.parametrize(("scene", "name", "value", "phrase"), [
    ("beach_betrayal", "boss_went_quietly", True, "You know his hands"),  # ch. 4: she let them tie her
    ("beach_recordings", "choi_said_ballerina", True, "The ballerina, he said at the motel"),  # ch. 3
    ("beach_shore", "choi_said_ballerina", True, "Min-hee. Say it."),  # ch. 3: the name changes the beach
    ("beach_shore", "choi_said_ballerina", False, "Sweet girl"),
    ("beach_recordings", "note_drawer_photo", True, "one more than there was"),  # ch. 2: the photograph
    ("beach_recordings", "note_drawer_shut", True, "This drawer you empty"),  # ch. 2: the letter put away
    ("beach_recordings", "motel_went_for_camera", True, "memory card from room 304"),  # ch. 3
    ("beach_opening", "boss_way", "kitchen", "fryers"),  # ch. 4: how she got down the building
    ("beach_opening", "boss_way", "main_stairs", "two bruises the size of coins"),
    ("beach_opening", "boss_way", "dark", "still expect the dark"),
    ("beach_shore", "boss_threatened", True, "crying with his whole face"),  # ch. 4: the gun to his head
    ("beach_shore", "note_doubted", True, "an hour with her letter and a lighter"),  # ch. 2
    ("beach_police", "boss_called_police", True, "a voice comes on that you have heard before"),  # ch. 4
    ("beach_opening", "misook_knows", False, "What was her name?"),  # ch. 4: Mi-sook asks at last
    ("beach_dunes", "friendship_next_life", "rock", "you would be a rock"),  # ch. 1
    ("beach_dunes", "friendship_next_life", "swim", "so you could watch her"),
    ("beach_recordings", "note_mother", "stayed", "I answer"),  # ch. 2: her mother
    ("beach_recordings", "note_mother", "told", "the man she named"),
    ("beach_recordings", "note_took_shoes", True, "pointe shoes"),  # ch. 2: the box on the bed
])
def test_earlier_chapters_side_trips_are_remembered_at_the_beach(
    story: Story, scene: str, name: str, value: Value, phrase: str,
) -> None:
    kind = story.variables[name].type
    others: list[Value] = [False, True] if kind.kind == "flag" else list(kind.values)
    for values in states(story, scene):
        for other in others:
            shown = "\n".join(render(story.scenes[scene].text, {**values, name: other}))
            assert (phrase in shown) == (other == value), (name, other)


def test_every_gentle_passage_at_the_beach_is_one_or_two_sentences(story: Story) -> None:
    ends = re.compile(r"[.!?][\"')]*(\s|$)")
    for scene in story.scenes.values():
        if scene.chapter == "beach":
            for p in all_passages(scene.text):
                if p.gentle is not None:
                    assert 1 <= len(ends.findall(p.gentle)) <= 2, f"{scene.id}: {p.gentle}"


def test_the_film_s_last_scene_drives_on_to_somebody_and_keeps_few_colours(story: Story) -> None:
    sunset = story.scenes["beach_sunset"]
    assert sum(1 for item in sunset.text if isinstance(item, Branch)) <= 3
    for v in variants(story, "beach_sunset"):
        shown = render(sunset.text, v)
        assert shown[-1].startswith("You drive on into the sunset")
        assert "Come and get that arm seen to" in "\n".join(shown)  # somewhere to go, somebody waiting
    for scene in story.scenes.values():
        if scene.chapter == "beach":
            for p in all_passages(scene.text):
                assert "lay-by" not in p.text and "driving toward it" not in p.text, scene.id


@pytest.mark.parametrize(("scene", "name", "phrase"), [
    ("beach_due_process", "motel_went_for_camera", "The memory card from room 304 goes to the court"),
    ("beach_no_one", "motel_went_for_camera", "You give it to Mi-sook"),
    ("beach_due_process", "boss_showed_receipt", "He read a girl's receipt twice"),
])
def test_what_she_carried_out_of_chapters_3_and_4_reaches_the_other_endings(
    story: Story, scene: str, name: str, phrase: str,
) -> None:
    for values in variants(story, scene):
        shown = "\n".join(render(story.scenes[scene].text, values))
        assert (phrase in shown) == bool(values[name]), values[name]
