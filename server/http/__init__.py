"""HTTP concerns shared by every route: cross-site guards, headers, access log, the SPA."""
