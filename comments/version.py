"""The package version, in one place below every module (hatchling reads it from here)."""

__version__ = "0.1.0"
