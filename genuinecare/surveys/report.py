"""Moved to ``surveys.summary``; kept only for the team mirror until it moves to the mirror app."""

from genuinecare.surveys.summary import masked_answers

__all__ = ["masked_answers"]
