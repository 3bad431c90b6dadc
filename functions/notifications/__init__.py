"""Domain events to e-mail, SMS and the in-app feed; reminders; the dashboard summary."""
