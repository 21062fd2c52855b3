from flask import request
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"

migrate = Migrate()
csrf = CSRFProtect()

# Limits are set where they apply (app/feedback/limits.py); storage from RATELIMIT_STORAGE_URI
# (Redis in production, so every worker counts together).
limiter = Limiter(key_func=lambda: request.remote_addr or "unknown")
