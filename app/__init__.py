"""Front ends (Streamlit chat, Slack bot): thin adapters around the kb API."""
