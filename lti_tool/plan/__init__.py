"""The development plan: from assessment gaps to SMART goals that learners track."""
