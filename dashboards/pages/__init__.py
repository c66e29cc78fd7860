"""One module per dashboard page; each registers itself with Dash Pages from ``dashboards.app``."""
