"""Notifications: events (new errors, price changes, failed sources) → messages → channels.

`events.py` finds what happened, `messages.py` words it in Chinese, `channels.py` knows the wire
formats (WeCom and DingTalk group robots, a generic JSON webhook, e-mail), `outbox.py` queues each
(channel, event) once in the `notifications` table and delivers with retries or as a daily digest.
"""
