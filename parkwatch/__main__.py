from parkwatch.cli import main

main()
