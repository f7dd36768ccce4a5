"""The triage aid: a decision tree answered at acknowledgement, and reportable concerns
with the EU whistleblower directive's clocks."""
