-- Privacy and security (issue 10). Keep in step with ../../postgres.

-- API tokens may expire.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
