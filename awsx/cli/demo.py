"""``awsx demo``: an embedded moto server on 127.0.0.1 seeded with the demo estate, crawled
through the real crawler (so the demo exercises exactly what a real account does), then the
TUI, a summary, a snapshot, or a served endpoint for trying the other verbs against."""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import threading

from rich.text import Text

from awsx.cli.output import crawl_progress, print_markers, stderr, stdout, summary_table
from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.store.snapshot import write_snapshot


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-tui", action="store_true", help="crawl and print a summary instead of opening the TUI")
    parser.add_argument("-o", "--output", metavar="FILE", help="also write the crawled demo estate as a snapshot")
    parser.add_argument("--serve", action="store_true",
                        help="seed the demo AWS endpoint and keep it running (print how to point awsx at it)")
    parser.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS, help="no progress bar")


def cmd_demo(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("moto") is None:  # a demo/test dependency, not a runtime one
        raise UserError("awsx demo needs moto: pip install 'awsx[demo]' (make run does this)")
    from awsx.inventory.demo import DEMO_CREDENTIALS, DEMO_REGIONS, MotoServer, seed_demo_estate
    from awsx.inventory.session import SessionOptions
    from awsx.load.live import load_live_estate

    with MotoServer() as server:
        with stderr.status(f"seeding the demo estate into moto at {server.endpoint} ..."):
            seeded = seed_demo_estate(server.endpoint)
        if args.serve:
            return _serve(server.endpoint, seeded.regions, DEMO_CREDENTIALS)
        options = SessionOptions(
            regions=DEMO_REGIONS,
            endpoint_url=server.endpoint,
            credentials=(DEMO_CREDENTIALS["aws_access_key_id"], DEMO_CREDENTIALS["aws_secret_access_key"]),
        )
        with crawl_progress(enabled=not args.quiet) as progress:
            estate, _ = asyncio.run(load_live_estate(options, cache=None, source="demo", on_progress=progress))
        if args.output:
            stderr.print(f"wrote {write_snapshot(estate, args.output)}")
        if args.no_tui:
            _summary(estate)
            return 0
        from awsx.tui.app import run_tui

        run_tui(estate)
    return 0


def _summary(estate: Estate) -> None:
    stdout.print(summary_table(estate))
    print_markers(estate, stdout)


def _serve(endpoint: str, regions: tuple[str, ...], credentials: dict[str, str]) -> int:
    """Keep the seeded endpoint up and tell the user how to crawl it, until Ctrl-C."""
    # awsx's own lines, as Text: the consoles show a line break in a string as an escape.
    stdout.print(Text("The demo AWS endpoint is running. In another terminal:\n"), highlight=False)
    stdout.print(Text(
        f"  export AWS_ENDPOINT_URL={endpoint}\n"
        f"  export AWS_ACCESS_KEY_ID={credentials['aws_access_key_id']}\n"
        f"  export AWS_SECRET_ACCESS_KEY={credentials['aws_secret_access_key']}\n"
        "  export AWS_DEFAULT_REGION=us-east-1\n"
        f"  awsx crawl -o /tmp/demo.awsx --regions {','.join(regions)}\n"),
        highlight=False,
    )
    stdout.print("Press Ctrl-C to stop.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    return 0
