"""Runs every Python program of the book in one process, for the tests.

    python3 book/python/run_all.py

A program file is `<chapter>_<style>.py` (`fan_out_asyncio.py`): it names
its chapter and style in `CHAPTER` and `STYLE`, and maps each of its
programs' names (`None` when it has only one) to a `main(scenario)` in
`PROGRAMS`. Each program runs in a fresh simulated world, exactly as
`python3 <file> [<program>]` runs it, and its trace is printed in a frame
that the Rust test (`tests/it/python.rs`) reads:

    === python 3.11.7
    === program fan-out__asyncio__gather 512
    <512 bytes of trace>
    === scenario fan-out 301
    <301 bytes: the scenario, as `threeways.scenario.describe` writes it>

A program that raises (other than a fetch's error, which is its result)
gets its traceback as its text, and the exit status is 1.
"""

import gc
import importlib.util
import pathlib
import platform
import sys
import traceback

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from threeways import run_text, scenario  # noqa: E402

STYLES = ("threads", "callbacks", "asyncio")


def program_files():
    """Every program file, in name order."""
    return sorted(path for path in HERE.glob("*.py") if path.stem.rsplit("_", 1)[-1] in STYLES)


def load(path):
    """The program file at `path`, imported under a name of its own."""
    spec = importlib.util.spec_from_file_location(f"program_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = f"{module.CHAPTER.replace('-', '_')}_{module.STYLE}"
    if path.stem != expected:
        raise SystemExit(f"{path.name}: CHAPTER and STYLE say it should be {expected}.py")
    return module


def frame(kind, name, text):
    data = text.encode()
    sys.stdout.buffer.write(f"=== {kind} {name} {len(data)}\n".encode() + data)


def main():
    failed = False
    sys.stdout.buffer.write(f"=== python {platform.python_version()}\n".encode())
    for path in program_files():
        module = load(path)
        for variant, program in module.PROGRAMS.items():
            name = f"{module.CHAPTER}__{module.STYLE}" + (f"__{variant}" if variant else "")
            try:
                text = run_text(module.CHAPTER, program)
            except Exception:  # the test shows it; keep going with the rest
                text = "program raised:\n" + traceback.format_exc()
                sys.stderr.write(f"{name}: {text}")
                failed = True
            frame("program", name, text)
            gc.collect()
    for chapter in scenario.CHAPTERS:
        frame("scenario", chapter, scenario.describe(scenario.for_chapter(chapter)))
    sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
