"""Invoices, balance, payments posted, statements and online payment."""
