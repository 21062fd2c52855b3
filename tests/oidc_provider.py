"""A small OpenID Connect provider on loopback, for the sign-in tests: discovery, an
authorization endpoint that signs in whoever the test says (no login form), a token
endpoint that checks the code and the client's secret, and the signing keys. ID tokens are
RS256-signed JWTs, as Entra ID and Google issue them."""
from __future__ import annotations

import secrets
import threading
import time
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server


class Provider:
    def __init__(self, client_id: str = "qa-app", client_secret: str = "s3cret-for-tests"):
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.claims: dict = {}  # who signs in next: email, email_verified, preferred_username...
        self.codes: dict[str, dict] = {}
        self.tamper_nonce = False
        app = Flask("oidc_provider")
        app.add_url_rule("/.well-known/openid-configuration", view_func=self.discovery)
        app.add_url_rule("/authorize", view_func=self.authorize)
        app.add_url_rule("/token", view_func=self.token, methods=["POST"])
        app.add_url_rule("/jwks", view_func=self.jwks)
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Provider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()

    def discovery(self):
        return jsonify(issuer=self.url, authorization_endpoint=f"{self.url}/authorize", token_endpoint=f"{self.url}/token",
                       jwks_uri=f"{self.url}/jwks", response_types_supported=["code"], subject_types_supported=["public"],
                       id_token_signing_alg_values_supported=["RS256"],
                       token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"])

    def authorize(self):
        args = request.args
        if args.get("client_id") != self.client_id or args.get("response_type") != "code":
            abort(400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"nonce": args.get("nonce"), "redirect_uri": args["redirect_uri"], "claims": dict(self.claims)}
        return redirect(args["redirect_uri"] + "?" + urlencode({"code": code, "state": args.get("state", "")}))

    def token(self):
        auth = request.authorization
        client_id, secret = (auth.username, auth.password) if auth else (request.form.get("client_id"), request.form.get("client_secret"))
        grant = self.codes.pop(request.form.get("code", ""), None)
        if (client_id, secret) != (self.client_id, self.client_secret) or grant is None:
            return jsonify(error="invalid_grant"), 400
        now = int(time.time())
        claims = {"iss": self.url, "sub": secrets.token_hex(8), "aud": self.client_id, "iat": now, "exp": now + 300,
                  "nonce": "not-the-one" if self.tamper_nonce else grant["nonce"], **grant["claims"]}
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        return jsonify(access_token=secrets.token_urlsafe(16), token_type="Bearer", expires_in=300, id_token=id_token)

    def jwks(self):
        return jsonify(keys=[self.key.as_dict(private=False)])
