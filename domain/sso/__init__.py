"""Single sign-on with OpenID Connect: who a verified ID token is in Mopper (linked,
matched by email, or created just in time), and the admins' mapping of the provider's
groups to teams and roles, applied at every sign-in. The protocol itself (PKCE, state,
nonce, the ID token's signature and claims) is Authlib's, in server/http/oidc.py."""
