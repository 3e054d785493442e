"""Moderation: readers report, staff hide, show, approve, reject and dismiss (services, views)."""
