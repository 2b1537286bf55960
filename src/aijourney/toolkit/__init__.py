"""Helpers the lessons call from their notebooks: charts and money (``tabular``), judging a
classifier (``evaluation``), pictures of digits (``images``), colours (``palette``), Vietnamese
text (``vntext``) and the FAQ assistant (``assistant``).

This layer sits between the data (``aijourney.datasets``, where every course split lives) and the
exercises (``aijourney.exercises``); it never imports an exercise module.
"""
