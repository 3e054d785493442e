"""Invitations to a consultation (personal sign-in links, delivery status, reminders) and stage openings."""
