"""What changed between two estates (changes.py) and which of those changes an on-call lead
must see first (security.py). Pure functions of two estates."""
