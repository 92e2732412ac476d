"""Letters (文书): content built from a case, rendered to DOCX and PDF."""
