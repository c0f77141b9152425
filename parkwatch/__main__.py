from parkwatch.cli import main

if __name__ == "__main__":  # `python -m parkwatch`; a spawned worker process re-imports this module
    main()
