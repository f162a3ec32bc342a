from bench.language.run import main

main()
