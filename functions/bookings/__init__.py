"""Appointments: services, opening hours, free slots, booking, rescheduling."""
