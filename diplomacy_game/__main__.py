from diplomacy_game.cli import run

raise SystemExit(run())
