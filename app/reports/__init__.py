"""Six-monthly (and quarterly, annual) aggregate reports: drafts from live data, published
reports frozen as JSON."""
