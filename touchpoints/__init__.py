"""Touchpoints: customer touchpoint management."""
