"""Views of API v1, one module per resource: validate, call a service or selector, serialise."""
