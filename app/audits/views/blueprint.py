from flask import Blueprint

bp = Blueprint("audits", __name__)
