# Paid sessions (issue 13): the back office and the door (helper-owned).
