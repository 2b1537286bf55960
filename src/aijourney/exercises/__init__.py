"""One module per lesson, each declaring that lesson's exercises (``q1``, ``q2`` ...)."""
