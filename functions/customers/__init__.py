"""The business's customer records (its CRM): customers, contacts, preferences."""
