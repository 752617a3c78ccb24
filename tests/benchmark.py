"""The speed and memory targets, as ratios to baselines measured in the same run (run by hand).

    python tests/benchmark.py            # engine and plain-mode figures
    python tests/benchmark.py --tui      # and the TUI's, from tests/benchmark_tui.py

Goals: load + check + machine build at most 1.5x a bare yaml.CSafeLoader parse of the same
files at 5,000 scenes, growing close to linearly; `ballerina --plain` to its first prompt at
most 1.3x `python -c "import yaml, transitions"` plus parsing the shipped scenes.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine import check_story, default_scenes_dir, read_story  # noqa: E402
from game.engine.machine import story_machine  # noqa: E402

WORDS = (
    "you count the exits before you sit down the kettle ticks the neon hums outside the window "
    "she laughs and the bakery smells of butter and the first trains of the morning"
).split()


def _para(rng: random.Random, n: int = 40) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate_story(folder: Path, scenes: int, seed: int = 7) -> None:
    """A story in our format: five chapters, branches that rejoin, conditions, effects, endings."""
    rng = random.Random(seed)
    chapters = ["one", "two", "three", "four", "five"]
    per = scenes // len(chapters)
    (folder / "story.yaml").write_text(
        "title: Generated\nversion: '1'\ncredits: [Generated for the benchmark.]\n"
        "content_note:\n  text: A generated story.\n  help:\n    - {where: Anywhere, line: findahelpline.com}\n"
        "themes: {grief: Grief}\n"
        f"chapters: [{', '.join(chapters)}]\n"
        "endings:\n  - {id: true_end, title: The End, true_ending: true}\n  - {id: other_end, title: Another End}\n"
        "variables:\n  trust: {type: number, start: 0}\n  keepsake: {type: text, start: none, values: [none, a, b]}\n",
        encoding="utf-8",
    )
    for ci, cid in enumerate(chapters):
        lines = [
            "chapter:",
            f"  id: {cid}",
            f"  title: Chapter {cid}",
            "  blurb: A generated chapter.",
            f"  entry: {cid}_0",
            "  themes: [grief]",
            "variables:",
            f"  {cid}_flag: {{type: flag, start: false}}",
            "scenes:",
        ]
        for i in range(per):
            sid = f"{cid}_{i}"
            lines.append(f"  {sid}:")
            lines.append(f"    place: \"Seoul, scene {i}\"")
            lines.append("    text:")
            for _ in range(3):
                lines.append(f"      - >-\n        {_para(rng)}")
            lines.append(f"      - if: trust >= {i % 3}\n        text: {_para(rng, 12)}\n        else: {_para(rng, 12)}")
            lines.append(f"      - intense: {_para(rng, 20)}\n        gentle: {_para(rng, 8)}")
            last = i == per - 1
            if last and ci == len(chapters) - 1:
                lines.append("    choices:")
                lines.append("      - {label: The end., to: the_true_end, canon: true}")
                lines.append("      - {label: Another way., to: the_other_end, if: trust < 2}")
                continue
            nxt = f"{chapters[ci + 1]}_0" if last else f"{cid}_{i + 1}"
            lines.append("    choices:")
            lines.append(f"      - {{label: Go on., to: {nxt}, canon: true, do: [trust = {i % 4}]}}")
            lines.append(f"      - {{label: Wait., to: {nxt}, id: wait, do: [{cid}_flag = true]}}")
            if last:
                lines.append(f"      - {{label: Look back., to: {nxt}, id: back, if: {cid}_flag and trust > 1}}")
            lines.append(f"      - {{label: Remember., to: {nxt}, id: remember, if: keepsake == \"none\","
                         f" do: [keepsake = \"{'a' if i % 2 else 'b'}\"]}}")
        if ci == len(chapters) - 1:
            lines.append("  the_true_end:\n    text: [The true end.]\n    ending: true_end")
            lines.append("  the_other_end:\n    text: [Another end.]\n    ending: other_end")
        (folder / f"{ci + 1}-{cid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def best_of(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def parse_only(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        with open(path, "rb") as f:
            yaml.load(f, Loader=yaml.CSafeLoader)


def load_check_build(folder: Path) -> None:
    story, problems = read_story(folder)
    assert story is not None and not problems, problems[:3]
    result = check_story(story)
    assert not result.problems, result.problems[:3]
    story_machine(story)


def engine_figures(runs: int) -> None:
    print("load + check + machine build, as a ratio to yaml.CSafeLoader parsing the same files")
    print(f"{'scenes':>7} {'parse ms':>9} {'ours ms':>9} {'ratio':>6} {'ms/scene':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (100, 1_000, 5_000):
            folder = Path(tmp) / str(n)
            folder.mkdir()
            generate_story(folder, n)
            parse = best_of(lambda: parse_only(folder), runs)
            ours = best_of(lambda: load_check_build(folder), runs)
            print(f"{n:>7} {parse * 1000:>9.1f} {ours * 1000:>9.1f} {ours / parse:>6.2f} {ours / n * 1000:>9.3f}")
    print("goal: ratio at most 1.50 at 5,000 scenes; ms/scene roughly flat (linear growth)")


def _time_command(argv: list[str], stdin: bytes, runs: int, env: dict[str, str]) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        best = min(best, time.perf_counter() - t)
    return best


def plain_figures(runs: int) -> None:
    scenes = default_scenes_dir()
    # An installed game has its bytecode compiled by pip, as yaml and transitions do; a source
    # checkout under PYTHONDONTWRITEBYTECODE would otherwise recompile every module on each run.
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "game"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, BALLERINA_DATA_DIR=tmp)
        baseline_code = (
            "import sys, yaml, transitions, pathlib\n"
            f"for p in sorted(pathlib.Path({str(scenes)!r}).glob('*.yaml')):\n"
            "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
        )
        base = _time_command([sys.executable, "-c", baseline_code], b"", runs, env)
        # End of input right away: the game prints the first scene and its prompt, then exits.
        # The `ballerina` script pip wrote is what a player runs; `python -m game` adds runpy.
        script = Path(sys.executable).with_name("ballerina")
        command = [str(script)] if script.is_file() else [sys.executable, "-m", "game"]
        ours = _time_command([*command, "--plain"], b"", runs, env)
    print()
    print("ballerina --plain to its first prompt, as a ratio to importing yaml + transitions and parsing the scenes")
    print(f"baseline {base * 1000:.1f} ms, ours {ours * 1000:.1f} ms, ratio {ours / base:.2f} (goal at most 1.30)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="best of this many runs")
    parser.add_argument("--tui", action="store_true", help="also the TUI figures (tests/benchmark_tui.py)")
    args = parser.parse_args()
    engine_figures(args.runs)
    plain_figures(args.runs)
    if args.tui:
        sys.path.insert(0, str(Path(__file__).parent))
        import benchmark_tui

        print()
        benchmark_tui.main()


if __name__ == "__main__":
    main()
