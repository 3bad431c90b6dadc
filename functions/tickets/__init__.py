"""Complaints, concerns and questions; the business inbox; live chat."""
