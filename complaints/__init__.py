"""Complaints citizens file online: form checks, attachments, one-time codes, the review lifecycle (received,
acknowledged, enquiry officer assigned, converted to an FIR, closed, transferred), and the SMS each step
queues. Import the modules themselves (``complaints.lifecycle``, ``complaints.filing``,
``complaints.service``, ...): this package imports nothing, so ``cases.service`` can import
``complaints.fir_events`` without a cycle."""
