"""The customer portal's Lambda code: one package per business domain, plus core."""
