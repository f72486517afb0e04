"""checker: does a draft answer every question of a reporting instruction, under its right number?"""

__version__ = "0.1.0"
