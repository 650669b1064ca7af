"""``python -m cabletrail``."""

from cabletrail.cli.main import main

main()
