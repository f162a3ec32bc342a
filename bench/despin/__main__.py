from bench.despin.run import main

raise SystemExit(main())
