from wiredesk.cli import main

raise SystemExit(main())
