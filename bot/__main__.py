"""`python -m bot` is the `briefbot` command (useful before the package is installed)."""
from bot.cli import main

main()
