"""Check functions, one module per topic. Importing this package registers them all."""

from audit_rules.checks import contact, presence, retention

__all__ = ["contact", "presence", "retention"]
