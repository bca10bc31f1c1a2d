"""Command line: the playground app by default; ``run``, ``list`` and ``train``.

Only argparse and the standard library load here: each command imports what
it needs, so ``playground`` opens the app without paying for torch.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playground",
        description="Watch optimizers race across 2-D loss surfaces, then train a real MLP on MNIST.",
    )
    parser.add_argument("--scenario", metavar="FILE", help="open the app on a scenario file")
    parser.add_argument("--data-dir", metavar="DIR", help="where the training screen finds the MNIST files")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="run scenario files headless and check their expectations")
    run.add_argument("files", nargs="+", metavar="FILE", help="scenario TOML files")
    run.add_argument("--json", metavar="OUT", help="also write the results as JSON (atomically)")
    run.add_argument("--no-chart", action="store_true", help="skip the loss charts")
    run.add_argument("--data-dir", metavar="DIR", help="training scenarios: where the MNIST-format files are")
    run.add_argument("--max-steps", metavar="N", type=int,
                     help="training scenarios: at most N steps per epoch, for a brief run")

    listing = commands.add_parser("list", help="list surfaces or optimizers")
    listing.add_argument("what", nargs="?", choices=["surfaces", "optimizers"], default=None)

    train = commands.add_parser("train", help="train the 784-200-10 MLP with several optimizers")
    from .training.cli import add_train_arguments

    add_train_arguments(train)
    commands.add_parser("app", help="open the playground app (the default)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "list":
            return _list(args.what)
        if args.command == "train":
            from .training.cli import train_main

            return train_main(args)
        return _app(args.scenario, args.data_dir)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _fail(message: str) -> int:
    print(f"playground: error: {message}", file=sys.stderr)
    return EXIT_INVALID


def _run(args) -> int:
    from rich.console import Console

    from .jsonio import write_json_atomic
    from .scenario import ScenarioError, load_scenario, result_to_json, run_scenario
    from .scenario.report import print_result

    try:
        scenarios = [load_scenario(path) for path in args.files]
    except ScenarioError as error:
        return _fail(str(error))
    if args.json and not Path(args.json).resolve().parent.is_dir():
        return _fail(f"--json {args.json}: the folder does not exist")
    console = Console()
    results = []
    overrides = {key: value for key, value in (("data_dir", args.data_dir), ("max_steps", args.max_steps))
                 if value is not None}
    if args.max_steps is not None and args.max_steps < 1:
        return _fail(f"--max-steps must be at least 1, got {args.max_steps}")
    for scenario in scenarios:
        try:
            result = run_scenario(scenario, training_overrides=overrides if scenario.training else None)
        except ScenarioError as error:
            return _fail(str(error))
        except ValueError as error:  # a training scenario's data missing or corrupt
            return _fail(f"{scenario.path}: {error}")
        print_result(console, result, chart=not args.no_chart)
        results.append(result)
    if args.json:
        documents = [result_to_json(r) for r in results]
        write_json_atomic(args.json, documents[0] if len(documents) == 1 else documents)
    failures = [(r, o) for r in results for o in r.failures]
    for result, outcome in failures:
        print(f"FAILED {result.scenario.path}: {outcome.expectation.describe()} ({outcome.detail})",
              file=sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK


def _list(what: str | None) -> int:
    from rich.console import Console

    from .listing import optimizers_table, surfaces_table

    console = Console()
    if what in (None, "surfaces"):
        console.print(surfaces_table())
    if what in (None, "optimizers"):
        console.print(optimizers_table())
    return EXIT_OK


def _app(scenario: str | None, data_dir: str | None) -> int:
    from .ui.launch import launch

    return launch(scenario, data_dir)


if __name__ == "__main__":
    sys.exit(main())
