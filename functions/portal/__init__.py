"""The portal the business configures: actions on or off, branding, timings."""
