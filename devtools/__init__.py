"""Development-only tooling (the local mail catcher and its page). Production never
starts any of it: it runs only when MOPPER_MAIL_CATCHER is true, and its page only
when MOPPER_ENVIRONMENT is development."""
