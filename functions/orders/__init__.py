"""Catalogue, cart, order review and submission, order tracking and history."""
