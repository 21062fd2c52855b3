"""Read-only JSON API, for dashboards and the council's own reporting tools."""
