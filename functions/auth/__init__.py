"""Sign-in with a one-time code: Cognito custom-auth triggers, the local gateway, token checks."""
