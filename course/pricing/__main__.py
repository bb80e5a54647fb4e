"""Command line: refresh price snapshots from an AWS Price List offer file.

    python -m course.pricing refresh --offer-file PATH [--out DIR] [--force]
    python -m course.pricing refresh --download REGION [--out DIR] [--force]   # online, opt-in

Writes ``ec2_on_demand_snapshot.csv`` and ``ec2_reserved_snapshot.csv`` into ``--out``
(default: the current folder) and says what it wrote. An existing file is replaced only
with ``--force``. Bad input prints one ``error:`` line and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from course.errors import CourseInputError
from course.i18n import text

MESSAGES = {
    "en": {
        "description": "Refresh the course's EC2 price snapshot from an AWS Price List offer file.",
        "offer_help": "path to an AmazonEC2 offer file (index.json) already on disk",
        "download_help": (
            "download the current AmazonEC2 offer file for this Region first (online; large)"
        ),
        "out_help": "folder to write the snapshot CSV files into (default: current folder)",
        "force_help": "replace snapshot files that already exist",
        "exists": "{path} already exists; pass --force to replace it.",
        "out_not_dir": "--out {path} is not a folder.",
        "wrote": "wrote {path} ({rows} rows, as of {as_of})",
        "replaced": "replaced {path} ({rows} rows, as of {as_of})",
        "downloading": "downloading {url} ...",
        "download_failed": "download of {url} failed: {reason}",
        "error": "error: {message}",
    }
}
FILES = {"on_demand": "ec2_on_demand_snapshot.csv", "reserved": "ec2_reserved_snapshot.csv"}
CURRENT_URL = ("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/"
               "{region}/index.json")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m course.pricing``.

    >>> build_parser().parse_args(["refresh", "--offer-file", "x.json"]).offer_file
    'x.json'
    """
    parser = argparse.ArgumentParser(prog="python -m course.pricing",
                                     description=text(MESSAGES, "description"))
    commands = parser.add_subparsers(dest="command", required=True)
    refresh = commands.add_parser("refresh", help=text(MESSAGES, "description"))
    source = refresh.add_mutually_exclusive_group(required=True)
    source.add_argument("--offer-file", help=text(MESSAGES, "offer_help"))
    source.add_argument("--download", metavar="REGION", help=text(MESSAGES, "download_help"))
    refresh.add_argument("--out", default=".", help=text(MESSAGES, "out_help"))
    refresh.add_argument("--force", action="store_true", help=text(MESSAGES, "force_help"))
    return parser


def _download(region: str, folder: Path) -> Path:  # pragma: no cover - online, opt-in only
    import urllib.request

    url = CURRENT_URL.format(region=region)
    target = folder / f"AmazonEC2-{region}-index.json"
    print(text(MESSAGES, "downloading", url=url))
    try:
        urllib.request.urlretrieve(url, target)  # noqa: S310 - fixed https URL
    except OSError as err:
        raise CourseInputError(text(MESSAGES, "download_failed", url=url, reason=err)) from None
    return target


def refresh(offer_file: str | Path, out: str | Path = ".", force: bool = False) -> list[str]:
    """Write snapshot CSVs from ``offer_file`` into ``out``; return one message per file.

    >>> refresh("/no/such.json")
    Traceback (most recent call last):
    ...
    course.errors.CourseInputError: offer file /no/such.json does not exist.
    """
    from course.pricing import pricelist

    offer = pricelist.load_offer(offer_file)
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise CourseInputError(text(MESSAGES, "out_not_dir", path=folder))
    tables = {"on_demand": pricelist.on_demand_rows(offer, str(offer_file)),
              "reserved": pricelist.reserved_rows(offer, str(offer_file))}
    targets = {kind: folder / name for kind, name in FILES.items()}
    if not force:
        for path in targets.values():
            if path.exists():
                raise CourseInputError(text(MESSAGES, "exists", path=path))
    folder.mkdir(parents=True, exist_ok=True)
    as_of = str(offer["publicationDate"])[:10]
    messages = []
    for kind, path in targets.items():
        key = "replaced" if path.exists() else "wrote"
        tables[kind].to_csv(path, index=False)
        messages.append(text(MESSAGES, key, path=path, rows=len(tables[kind]), as_of=as_of))
    return messages


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input).

    >>> main(["refresh", "--offer-file", "/no/such.json"])
    2
    """
    args = build_parser().parse_args(argv)
    try:
        offer_file = args.offer_file
        if args.download:  # pragma: no cover - online, opt-in only
            Path(args.out).mkdir(parents=True, exist_ok=True)
            offer_file = _download(args.download, Path(args.out))
        for line in refresh(offer_file, args.out, args.force):
            print(line)
    except CourseInputError as err:
        print(text(MESSAGES, "error", message=err), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
