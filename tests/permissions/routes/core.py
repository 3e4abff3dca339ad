from tests.permissions.routes import ADMIN, EVERYONE, SIGNED_IN, Route, table

ROUTES = table(
    Route("core:home", SIGNED_IN),
    Route("core:audit", ADMIN),
    Route("healthz", EVERYONE),
    Route("set_language", EVERYONE, method="POST", data=lambda w: {"language": "en"}),
    Route("javascript_catalog", EVERYONE),
    Route("accounts:login", EVERYONE),
    Route("accounts:logout", EVERYONE, method="POST", login_redirect_is_success=True),
    # Only reachable between the password and the second factor; otherwise back to log-in.
    Route("accounts:two_factor_verify", frozenset()),
    Route("accounts:two_factor_setup", SIGNED_IN),
    Route("accounts:two_factor_disable", SIGNED_IN, method="POST"),
    Route("accounts:profile", SIGNED_IN),
    Route("accounts:api_token", SIGNED_IN, method="POST"),
    Route("accounts:password_change", SIGNED_IN),
    Route("accounts:password_change_done", SIGNED_IN),
    Route("accounts:password_reset", EVERYONE),
    Route("accounts:password_reset_done", EVERYONE),
    Route(
        "accounts:password_reset_confirm",
        EVERYONE,
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
    ),
    Route("accounts:password_reset_complete", EVERYONE),
    Route("api:me", SIGNED_IN),
    Route("api:schema", SIGNED_IN),
    Route("api:docs", SIGNED_IN),
)
