"""Help inside the product, written for a QA lead: one page per administration area."""
