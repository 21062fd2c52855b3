from flask import Flask, render_template
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError

PAGES = {
    400: ("Sorry, there is a problem with that request", "Go back and try again."),
    403: ("You do not have permission to see this page", "If you think you should, ask an administrator to give you the role you need."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Sorry, that action is not allowed here", "Go back and try again."),
    413: ("That file is too large", "Files must be smaller than 10 MB."),
    429: ("Too many attempts", "Wait a few minutes, then try again."),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you submitted before this page appeared has been lost."),
}


def init_app(app: Flask) -> None:
    def render(code: int, detail: str | None = None):
        title, body = PAGES.get(code, PAGES[500])
        if request_ctx.url_adapter is None:
            # A Host that is not the service's (TRUSTED_HOSTS): no page can be built, as no link can.
            return f"{title}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
        return render_template("errors/error.html", title=title, body=detail or body), code

    for code in PAGES:
        app.register_error_handler(code, lambda e, code=code: render(code))

    from app.core import outage

    @app.errorhandler(500)
    def server_error(e):
        # The database went away while another error page was being made (it reads who is signed in).
        if isinstance(getattr(e, "original_exception", None), outage.OUTAGE_ERRORS):
            return outage.unavailable(e.original_exception)
        return render(500)

    from flask_limiter import RateLimitExceeded

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(e):
        # A limit with its own page (the respondent's, app/feedback/limits.py) keeps it.
        return e.response if e.response is not None else render(429)

    outage.init_app(app)

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return render(
            400,
            "The form had expired or was sent from somewhere else. Go back, reload the page and submit it again.",
        )
