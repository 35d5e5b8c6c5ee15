"""What the grade outbox and the mail outbox share: a named signal that wakes senders in this
process once the transaction that queued work commits (``signals``), and the daemon thread that
runs a sender inside the web app (``background``). Each outbox names its own signal
(``grades.wakeup``, ``mail.wakeup``) and its own sender; claims and delivery stay with them."""
