"""What is kept between runs: the SQLite cache of link verdicts and of each file's local results."""
