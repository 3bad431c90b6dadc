from bench.cold_start import main

main()
