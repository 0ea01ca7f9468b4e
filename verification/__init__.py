"""Who is asking: account matching and one-time codes (grows with the identity issue)."""
