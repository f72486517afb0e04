"""Writing files without losing what was there."""
