"""Talent selection and job matching (``aijourney talent``, docs/talent.md).

``evidence`` gathers what each trainee did (gradebook, contests, project proposals), ``scores`` and
``competencies`` turn it into competency scores, ``shortlist`` ranks the cohort by a stated rule,
``profiles`` writes the pages and CSV files, ``match`` ranks candidates for employers' openings,
``cli`` adds the commands.
"""
