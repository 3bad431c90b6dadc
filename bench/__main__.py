from bench import cold_start, signin_timing

cold_start.main()
signin_timing.main()
