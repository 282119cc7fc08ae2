"""`filmhouse match`: evaluate the matching engine offline, or refit its crew ranker."""

from __future__ import annotations

import argparse

from web.cli.common import Commands, open_filmhouse
from web.settings import Settings


def evaluate(args: argparse.Namespace) -> int:
    from matching.evaluate import main as run_evaluation

    argv = [args.dataset, "--cut", str(args.cut), "--until", str(args.until)]
    return run_evaluation([*argv, "--json"] if args.json else argv)


def retrain(args: argparse.Namespace) -> int:
    from matching.ranker import MIN_EACH, MIN_OUTCOMES
    from projections.graph.retrain import report, retrain_from_log
    from projections.projector.sql import Database

    least = MIN_OUTCOMES if args.min_outcomes is None else args.min_outcomes
    each = MIN_EACH if args.min_each is None else args.min_each
    filmhouse = open_filmhouse(Settings.from_env())
    try:
        db = Database.beside(filmhouse.factory.datastore)  # type: ignore[attr-defined]
        result = retrain_from_log(filmhouse, db, min_outcomes=least, min_each=each)
    finally:
        filmhouse.close()
    print(report(result, min_outcomes=least, min_each=each))
    return 0


def evaluate_partners(args: argparse.Namespace) -> int:
    """The bridge's ranking against what partners did after the cut (matching/partner_eval.py),
    on the log of --log (a database URL or an SQLite file) or the configured database."""
    import json
    from dataclasses import asdict

    from matching.partner_eval import evaluate, split, table
    from projections.graph.feeder import GraphFeeder
    from web.cli.common import moment

    cut = moment(args.cut)
    url = args.log if args.log is None or "://" in args.log else f"sqlite:///{args.log}"
    settings = Settings.from_env(**({"database_url": url} if url else {}))
    filmhouse = open_filmhouse(settings)
    try:
        before, after = split(GraphFeeder(filmhouse).timed_facts(), cut)
    finally:
        filmhouse.close()
    lines = evaluate(before, after, k=args.k)
    print(json.dumps([asdict(x) for x in lines]) if args.json else table(lines, args.k))
    return 0


def add(sub: Commands[argparse.ArgumentParser]) -> None:
    match = sub.add_parser("match", help="matching engine")
    commands = match.add_subparsers(dest="match_command", required=True)
    command = commands.add_parser("evaluate", help="evaluate on the film-credits data")
    command.add_argument("dataset")
    command.add_argument("--cut", type=int, required=True)
    command.add_argument("--until", type=int, required=True)
    command.add_argument("--json", action="store_true")
    command.set_defaults(run=evaluate)
    command = commands.add_parser(
        "retrain",
        help="refit the crew ranker on the log's hires "
        "and declines (the offline weights until there are enough)",
    )
    command.add_argument(
        "--min-outcomes",
        type=int,
        help="decisions needed to replace the offline weights (default 200)",
    )
    command.add_argument(
        "--min-each",
        type=int,
        help="of which hires, and declines or rejections, at least (default 20)",
    )
    command.set_defaults(run=retrain)
    command = commands.add_parser(
        "evaluate-partners",
        help="the bridge's ranking against the shortlists, meetings and deals after a cut, "
        "beside popularity and genre-match baselines",
    )
    command.add_argument("--log", help="a database URL or SQLite file (default: the configured)")
    command.add_argument("--cut", required=True, help="ISO 8601 with its offset")
    command.add_argument("--k", type=int, default=10)
    command.add_argument("--json", action="store_true")
    command.set_defaults(run=evaluate_partners)
