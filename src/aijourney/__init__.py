"""AI Journey (Hành trình AI): course helpers, exercise checks and grading tools."""

__version__ = "0.1.0"
