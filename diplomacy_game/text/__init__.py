"""The one text renderer: every line a player reads, built on ``diplomacy_game.fmt``.

``figures`` (indicators, sectors, advisors' readings), ``turns`` (briefings, turn results,
endings), ``actions`` (an action before it is chosen, political capital), ``tables`` (the
command line's lists) and ``paths`` (a file's path in a narrow space) serve the TUI, plain
mode, headless play and the commands alike.
Nothing here imports Textual.
"""
