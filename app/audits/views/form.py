"""form pages."""
from app.audits.views import bp  # noqa: F401
