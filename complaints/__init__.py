"""Complaints citizens file online: form checks, attachments, one-time codes, the review lifecycle (received,
acknowledged, enquiry officer assigned, converted to an FIR, closed, transferred), and the SMS each step
queues (the texts and the queue are ``records.sms_queue``). Import the modules themselves
(``complaints.lifecycle``, ``complaints.filing``, ``complaints.service``, ...)."""
