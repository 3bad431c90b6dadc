"""What every domain stands on: settings, errors, HTTP shaping, ids, money, paging."""
