"""REST API v1: serializers, views, permissions, routers and the exception handler."""
