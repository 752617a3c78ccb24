"""The engine against ink's runtime and the parsers, on the same generated stories, in one run (by hand).

    python tests/benchmark.py              # 100, 1,000 and 5,000 scenes, inkjs if node and npm are here
    python tests/benchmark.py --tui        # and the TUI's figures (tests/benchmark_tui.py)

Every figure is the min and the median of several runs, measured here and now; the ratios and the
goals of issue 12 are printed at the end, each as met or not met. Timing is never asserted in tests.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine import SaveStore, Session, Story, check_story, default_scenes_dir, load_story, read_story  # noqa: E402
from game.engine.compiled import cache_dir  # noqa: E402
from game.engine.machine import story_machine  # noqa: E402
from game.engine.model import Branch, Item  # noqa: E402

SIZES = (100, 1_000, 5_000)
INKJS = "inkjs@2.4.0"

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



Sample = tuple[float, float]  # (min, median), in seconds


def sample(xs: list[float]) -> Sample:
    return min(xs), statistics.median(xs)


def timed(fn: Callable[[], Any], runs: int) -> Sample:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return sample(times)


def run_process(argv: list[str], runs: int, env: dict[str, str]) -> Sample:
    return run_together([argv], runs, env)[0]


def run_together(commands: list[list[str]], runs: int, env: dict[str, str]) -> list[Sample]:
    """Time each command (end of input at once), taking turns, so a busy machine slows all alike."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for argv, out in zip(commands, times, strict=True):
            t = time.perf_counter()
            subprocess.run(argv, input=b"", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
            out.append(time.perf_counter() - t)
    return [sample(x) for x in times]


def player_env(**extra: str) -> dict[str, str]:
    """The environment a player runs the game in: output buffered (no PYTHONUNBUFFERED), as the
    command is measured against its baselines."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env.update(extra)
    return env


def command() -> list[str]:
    """What a player runs: the script pip wrote (`python -m game` adds runpy)."""
    script = Path(sys.executable).with_name("ballerina")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "game"]


# ---- ours -----------------------------------------------------------------------------------
def csafe_parse(folder: Path) -> None:
    """The YAML parse alone, with the collector paused as our reader pauses it (a fair baseline)."""
    gc.disable()
    try:
        for path in sorted(folder.glob("*.yaml")):
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    finally:
        gc.enable()


def read_and_check(folder: Path) -> None:
    story, problems = read_story(folder)
    assert story is not None and not problems, problems[:3]
    result = check_story(story)
    assert not result.problems, result.problems[:3]


def play_to(story: Story, depth: int, saves: SaveStore | None = None) -> Session:
    s = Session(story, saves=saves)
    for _ in range(depth):
        s.stage.choose(s.choices[0])  # through the machine, without the autosave of a real choice
    return s


def per_choice(story: Story) -> Sample:
    """One choice, as a front end makes it: choose, then read the new scene's text and choices."""
    s = Session(story)
    times = []
    while s.ending is None:
        t = time.perf_counter()
        s.choose(0)
        _ = s.paragraphs, s.choices
        times.append(time.perf_counter() - t)
    return sample(times)


def save_and_load(story: Story, depth: int, runs: int, folder: Path) -> dict[str, Any]:
    """Save and load as ink's state.ToJson and LoadJson do them: the state to JSON text and back
    (a fresh session resuming it); and the same through the save folder, with its atomic write."""
    saves = SaveStore(folder)
    s = play_to(story, depth, saves)
    text = json.dumps(s.snapshot())
    out: dict[str, Any] = {"save": timed(lambda: json.dumps(s.snapshot()), runs), "size": len(text.encode())}
    loads, disk = [], []
    for _ in range(runs):
        fresh = Session(story)
        t = time.perf_counter()
        fresh.restore(json.loads(text))
        loads.append(time.perf_counter() - t)
        assert fresh.scene_id == s.scene_id and fresh.values == s.values
    out["load"] = sample(loads)
    for _ in range(runs):
        fresh = Session(story)
        t = time.perf_counter()
        s.save("bench")
        fresh.restore(saves.read("bench"))
        disk.append(time.perf_counter() - t)
    out["disk"] = sample(disk)
    return out


PEAK = """
import sys
from game.__main__ import main
code = main(sys.argv[1:])
sys.stdout.flush()
status = open("/proc/self/status").read()
sys.stderr.write(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1])
"""


def peak_kib(argv: list[str], env: dict[str, str]) -> int | None:
    if not Path("/proc/self/status").exists():
        return None
    done = subprocess.run([sys.executable, "-c", PEAK, *argv], input=b"", capture_output=True, env=env, check=True)
    return int(done.stderr.decode().strip().splitlines()[-1])


def ours(folder: Path, n: int, runs: int, tmp: Path, rival: list[str] | None = None) -> dict[str, Any]:
    """Our figures; `rival` (inkjs to its first prompt) is timed taking turns with our first prompt."""
    env = player_env(BALLERINA_DATA_DIR=str(tmp / f"data-{n}"), BALLERINA_CACHE_DIR=str(tmp / f"cache-{n}"))
    os.environ["BALLERINA_CACHE_DIR"] = env["BALLERINA_CACHE_DIR"]
    out: dict[str, Any] = {}
    play = [*command(), "--plain", "--scenes", str(folder)]
    out["first_prompt_uncached"] = run_process(play, 1, env)  # reads, checks and compiles
    if rival is None:
        out["first_prompt"] = run_process(play, runs, env)
    else:
        out["first_prompt"], out["rival_first_prompt"] = run_together([play, rival], runs, env)
    out["check"] = run_process([*command(), "check", str(folder)], runs, env)
    out["peak_kib"] = peak_kib(["--plain", "--scenes", str(folder)], env)
    out["read_check"] = timed(lambda: read_and_check(folder), max(1, runs // 2))
    out["csafe"] = timed(lambda: csafe_parse(folder), runs)
    out["load"] = timed(lambda: load_story(folder), runs)
    (compiled,) = cache_dir().glob("story-*.json")
    out["json"] = timed(lambda: json.loads(compiled.read_bytes()), runs)
    story = load_story(folder)
    story_machine(story)
    out["choice"] = per_choice(story)
    for label, depth in (("50", 50), ("half", n // 2)):
        figures = save_and_load(story, depth, runs, tmp / f"saves-{n}-{label}")
        for key, value in figures.items():
            out[f"{key}_{label}"] = value
    out["half"] = n // 2
    return out


# ---- ink --------------------------------------------------------------------------------------
def _ink_text(text: str) -> str:
    out = "".join("\\" + ch if ch in "{}|[]#~<>\\/*+-=" else ch for ch in " ".join(text.split()))
    return out


def _ink_items(items: tuple[Item, ...]) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, Branch):
            lines.append(f"{{ {item.condition.source}:")
            lines.extend(_ink_items(item.then))
            if item.otherwise:
                lines.append("- else:")
                lines.extend(_ink_items(item.otherwise))
            lines.append("}")
        else:
            lines.append(_ink_text(item.text))
    return lines


def to_ink(story: Story) -> str:
    """The same story in ink: a knot per scene, a sticky choice per choice, the same variables,
    conditions and effects (our expressions are valid ink), intense passages as written."""
    lines = [f"VAR {v.name} = {json.dumps(v.start)}" for v in story.variables.values()]
    lines.append(f"-> k_{story.start}")
    for scene in story.scenes.values():
        lines.append(f"=== k_{scene.id} ===")
        lines.extend(_ink_items(scene.text))
        if scene.ending:
            lines.append("-> END")
        for c in scene.choices:
            cond = f"{{{c.condition.source}}} " if c.condition else ""
            lines.append(f"+ {cond}[{_ink_text(c.label)}]")
            lines.extend(f"  ~ {e.source}" for e in c.effects)
            lines.append(f"  -> k_{c.target}")
    return "\n".join(lines) + "\n"


INK_COMPILE = """
const ink = require('inkjs/full'); const fs = require('fs');
const story = new ink.Compiler(fs.readFileSync(process.argv[2], 'utf8')).Compile();
fs.writeFileSync(process.argv[3], story.ToJson());
"""
INK_FIRST = """
const ink = require('inkjs'); const fs = require('fs');
const s = new ink.Story(fs.readFileSync(process.argv[2], 'utf8').replace(/^\\uFEFF/, ''));
process.stdout.write(s.ContinueMaximally() + s.currentChoices.map(c => c.text).join('\\n') + '\\n> ');
"""
INK_PLAY = """
const ink = require('inkjs'); const fs = require('fs');
const json = fs.readFileSync(process.argv[2], 'utf8').replace(/^\\uFEFF/, '');
const depths = JSON.parse(process.argv[3]); const runs = +process.argv[4];
const now = () => Number(process.hrtime.bigint()) / 1e9;
const s = new ink.Story(json); s.ContinueMaximally();
const choice = [];
while (s.currentChoices.length) {
  const t = now(); s.ChooseChoiceIndex(0); s.ContinueMaximally(); s.currentChoices.length; choice.push(now() - t);
}
const out = {choice, save: {}, load: {}, size: {}};
for (const d of depths) {
  const p = new ink.Story(json); p.ContinueMaximally();
  for (let i = 0; i < d; i++) { p.ChooseChoiceIndex(0); p.ContinueMaximally(); }
  const saves = [], loads = []; let saved = '';
  for (let r = 0; r < runs; r++) { const t = now(); saved = p.state.ToJson(); saves.push(now() - t); }
  for (let r = 0; r < runs; r++) {
    const q = new ink.Story(json); const t = now(); q.state.LoadJson(saved); loads.push(now() - t);
  }
  out.save[d] = saves; out.load[d] = loads; out.size[d] = Buffer.byteLength(saved);
}
out.peak = process.resourceUsage().maxRSS;
process.stdout.write(JSON.stringify(out));
"""


def install_inkjs(tmp: Path) -> Path | None:
    """inkjs in a folder of its own; None (with the reason printed) when node or npm is missing."""
    if not shutil.which("node") or not shutil.which("npm"):
        print("inkjs: skipped (node and npm are not both installed)")
        return None
    where = tmp / "inkjs"
    where.mkdir()
    done = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", INKJS], cwd=where,
                          capture_output=True, text=True)
    if done.returncode:
        print(f"inkjs: skipped (npm install {INKJS} failed: {done.stderr.strip()[:200]})")
        return None
    for name, code in (("compile.js", INK_COMPILE), ("first.js", INK_FIRST), ("play.js", INK_PLAY)):
        (where / name).write_text(code)
    return where


def ink_compile(where: Path, story: Story, n: int, runs: int, tmp: Path) -> tuple[Path, Sample]:
    """The story in ink, compiled by inkjs's compiler (timed as a process, as `ballerina check` is)."""
    source, compiled = tmp / f"story-{n}.ink", tmp / f"story-{n}.json"
    source.write_text(to_ink(story), encoding="utf-8")
    took = run_process(["node", str(where / "compile.js"), str(source), str(compiled)], max(1, runs // 2), player_env())
    return compiled, took


def ink_play(where: Path, compiled: Path, n: int, runs: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    depths = [50, n // 2]
    done = subprocess.run(["node", str(where / "play.js"), str(compiled), json.dumps(depths), str(runs)],
                          capture_output=True, text=True, check=True)
    data = json.loads(done.stdout)
    out["choice"] = sample(data["choice"])
    for label, depth in (("50", 50), ("half", n // 2)):
        out[f"save_{label}"] = sample(data["save"][str(depth)])
        out[f"load_{label}"] = sample(data["load"][str(depth)])
        out[f"size_{label}"] = data["size"][str(depth)]
    out["peak_kib"] = data["peak"]
    return out


# ---- the shipped story ------------------------------------------------------------------------
def shipped(runs: int, tmp: Path) -> tuple[Sample, Sample]:
    """`ballerina --plain` to its first prompt, and `import yaml, transitions` plus parsing the scenes."""
    scenes = default_scenes_dir()
    # An installed game has its bytecode compiled by pip, as yaml and transitions do.
    compileall.compile_dir(str(ROOT / "game"), quiet=1)
    env = player_env(BALLERINA_DATA_DIR=str(tmp / "shipped-data"), BALLERINA_CACHE_DIR=str(tmp / "shipped-cache"))
    baseline = (  # the GC paused while parsing, as load_story pauses it (issue 12's fair baseline)
        "import gc, sys, yaml, transitions, pathlib\n"
        "gc.disable()\n"
        f"for p in sorted(pathlib.Path({str(scenes)!r}).glob('*.yaml')):\n"
        "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
        "gc.enable()\n"
    )
    run_process([*command(), "--plain"], 1, env)  # compiles the story into the cache
    base, ours = run_together([[sys.executable, "-c", baseline], [*command(), "--plain"]], runs, env)
    return base, ours


# ---- the report -------------------------------------------------------------------------------
def ms(x: Sample) -> str:
    return f"{x[0] * 1000:8.2f} {x[1] * 1000:8.2f}"


def tui_first_paint() -> float | None:
    """Run tests/benchmark_tui.py (the TUI helper's), show its figures, and return its ratio of
    ballerina's first paint to a bare Textual app's (None if it could not be run)."""
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("benchmark_tui.py"))],
                          capture_output=True, text=True)
    print(done.stdout, end="")
    if done.returncode:
        print(f"benchmark_tui.py failed: {done.stderr.strip()[-300:]}")
        return None
    found = re.search(r"bare Textual app [\d.]+ ms, ballerina [\d.]+ ms, ratio ([\d.]+)", done.stdout)
    return float(found.group(1)) if found else None


def report(results: dict[int, dict[str, Any]], inks: dict[int, dict[str, Any]], plain: tuple[Sample, Sample],
           tui: float | None = None) -> None:
    print("\nTimes in ms as 'min median'; ratios of medians.")
    rows = [
        ("first prompt (cached)", "first_prompt"), ("first prompt (uncached, 1 run)", "first_prompt_uncached"),
        ("load_story (cached, in process)", "load"), ("json.loads of the compiled file", "json"),
        ("read + check (in process)", "read_check"), ("CSafeLoader parse, GC paused", "csafe"),
        ("ballerina check (process)", "check"), ("per choice (no autosave)", "choice"),
        ("save at depth 50", "save_50"), ("load at depth 50", "load_50"),
        ("save at half the story", "save_half"), ("load at half the story", "load_half"),
        ("save + load, on disk, depth 50", "disk_50"), ("save + load, on disk, half", "disk_half"),
    ]
    inkrows = {"first_prompt": "first_prompt", "check": "compile", "choice": "choice", "save_50": "save_50",
               "load_50": "load_50", "save_half": "save_half", "load_half": "load_half"}
    for n, r in results.items():
        i = inks.get(n)
        print(f"\n{n:,} scenes (half the story: {r['half']:,} choices deep)")
        print(f"  {'':34} {'ours':>17}   {'inkjs':>17}   ratio")
        for label, key in rows:
            theirs = i.get(inkrows[key]) if i and key in inkrows else None
            other = f"{ms(theirs)}   {r[key][1] / theirs[1]:5.2f}" if theirs else ""
            print(f"  {label:34} {ms(r[key])}   {other}")
        if i:
            print(f"  {'(inkjs: check is its compiler)':34}")
        print(f"  save size: depth 50 {r['size_50']:,} B, half {r['size_half']:,} B"
              + (f"; inkjs {i['size_50']:,} B and {i['size_half']:,} B" if i else ""))
        peak = f"{r['peak_kib'] / 1024:.1f} MiB" if r["peak_kib"] else "not measured"
        print(f"  peak memory to the first prompt: ours {peak}" + (f", inkjs {i['peak_kib'] / 1024:.1f} MiB" if i else ""))
        print(f"  load_story / json.loads: {r['load'][1] / r['json'][1]:.2f}; "
              f"read + check / CSafeLoader: {r['read_check'][1] / r['csafe'][1]:.2f}")

    big, mid = results.get(5_000), results.get(1_000)
    ink_big = inks.get(5_000)
    goals: list[tuple[str, float | None, float]] = []
    goals.append(("first prompt at 5,000 scenes / inkjs's", _ratio(big, ink_big, "first_prompt", "first_prompt"), 0.5))
    goals.append(("per choice at 5,000 scenes / inkjs's", _ratio(big, ink_big, "choice", "choice"), 1.0))
    goals.append(("per choice at 5,000 / at 1,000 scenes", _ratio(big, mid, "choice", "choice"), 1.2))
    goals.append(("load at 2,500 choices deep, ms", big["load_half"][1] * 1000 if big else None, 1.0))
    goals.append(("shipped --plain first prompt / yaml+transitions+parse", plain[1][1] / plain[0][1], 1.0))
    goals.append(("ballerina check at 5,000 / inkjs's compiler", _ratio(big, ink_big, "check", "compile"), 0.35))
    print("\nGoals (issue 12), medians:")
    for label, value, limit in goals:
        verdict = "not measured" if value is None else ("met" if value <= limit else "NOT MET")
        shown = "-" if value is None else f"{value:.2f}"
        print(f"  {label:56} {shown:>7} (at most {limit}) {verdict}")
    print(f"  shipped story: ballerina --plain {ms(plain[1])} ms, baseline {ms(plain[0])} ms")
    if tui is not None:
        print(f"  {'TUI first paint / a bare Textual app (benchmark_tui.py)':56} {tui:7.2f} (at most 1.15) "
              + ("met" if tui <= 1.15 else "NOT MET"))
    else:
        print("  TUI first paint / a bare Textual app: run with --tui (tests/benchmark_tui.py)")


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None, ka: str, kb: str) -> float | None:
    return a[ka][1] / b[kb][1] if a and b else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs of each measure (min and median)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="scene counts, comma-separated")
    parser.add_argument("--no-ink", action="store_true", help="skip inkjs")
    parser.add_argument("--tui", action="store_true", help="also the TUI figures (tests/benchmark_tui.py)")
    args = parser.parse_args()
    results: dict[int, dict[str, Any]] = {}
    inks: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        where = None if args.no_ink else install_inkjs(tmp)
        for n in (int(x) for x in args.sizes.split(",")):
            folder = tmp / f"story-{n}"
            folder.mkdir()
            generate_story(folder, n)
            print(f"measuring {n:,} scenes...", file=sys.stderr)
            if where is None:
                results[n] = ours(folder, n, args.runs, tmp)
                continue
            compiled, took = ink_compile(where, load_story(folder, check=False), n, args.runs, tmp)
            results[n] = ours(folder, n, args.runs, tmp, rival=["node", str(where / "first.js"), str(compiled)])
            inks[n] = ink_play(where, compiled, n, args.runs)
            inks[n]["compile"], inks[n]["first_prompt"] = took, results[n].pop("rival_first_prompt")
        plain = shipped(args.runs, tmp)
    tui = None
    if args.tui:
        print()
        tui = tui_first_paint()
    report(results, inks, plain, tui)


if __name__ == "__main__":
    main()
