"""HIPAA Guide knowledge base: index, retrieval and cited answers over the HIPAA whitepaper corpus."""
