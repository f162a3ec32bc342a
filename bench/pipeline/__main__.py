from bench.pipeline.run import main

main()
