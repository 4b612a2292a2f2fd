"""Audit pages, by what they are about: ``campaigns`` (the audits, their results and the review-due
list), ``scoring`` (the phone scoring sheet and evidence) and ``criteria``."""
