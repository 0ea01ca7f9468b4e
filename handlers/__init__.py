"""What the bot does with a message: parse, understand, thread, cases, deadlines, templates."""
