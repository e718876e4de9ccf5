"""Check: findings vocabulary, assessment and the CheckResult."""
