from diplomacy_game.cli import main

raise SystemExit(main())
