DROP TABLE invoices;
DROP TABLE request_slots;
DROP TABLE workshop_requests;
DROP TABLE coordinators;
