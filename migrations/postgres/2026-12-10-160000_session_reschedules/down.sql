DROP TABLE session_reschedules;
