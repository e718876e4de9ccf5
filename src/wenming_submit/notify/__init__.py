"""催报/整改通知: one notice per unit with gaps, as a 公文 docx or plain text."""
