from roadmap_lint.cli import main

main()
