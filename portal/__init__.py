"""The citizen portal: server-rendered pages in Hindi and English that work without JavaScript."""
