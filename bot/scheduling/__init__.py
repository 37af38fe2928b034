"""Scheduled work: digests (schedules, claims, delivery), the dispatcher that also runs feeds and alerts."""
