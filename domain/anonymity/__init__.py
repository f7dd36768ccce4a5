"""Anonymity building blocks: tokens that prove "one of our employees" without saying who."""
