"""Ballerina: an interactive retelling of the film, for the terminal."""

__version__ = "1.0.0"
