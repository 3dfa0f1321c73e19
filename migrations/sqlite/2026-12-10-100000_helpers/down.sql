DROP TABLE helper_shifts;
DROP TABLE session_helpers;
