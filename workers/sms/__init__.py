"""Sending the SMS that ``ingest`` queues in ``sms_message``: the gateway interface and its two backends,
one delivery step shared by the Celery tasks and the in-process sender, and both of those."""
