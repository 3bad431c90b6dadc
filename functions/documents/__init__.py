"""Documents the business shares and documents customers upload."""
