"""The grading engine: parallel, sandboxed, robust autograding inside nbgrader."""
