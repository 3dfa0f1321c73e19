# Paid sessions (issue 13): the emails about payments (helper-owned).
