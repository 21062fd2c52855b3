"""Section 11 audits: every partner agency's yearly self-assessment against the partnership's
standards (section 11 of the Children Act 2004), the partnership panel's challenge, and the
annual report on compliance and themes."""
