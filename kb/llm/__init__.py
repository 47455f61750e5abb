"""Optional generated answers (HIPAA_GUIDE_LLM), every sentence verified against its cited quotes.

Modules, one concept each:
  models.py     HIPAA_GUIDE_LLM -> a LangChain BaseChatModel (Bedrock Converse, OpenAI-compatible)
  sources.py    Source: a numbered verbatim quote (and team statement) the answer may cite
  prompt.py     the ChatPromptTemplate and its inputs (the question masked for personal data)
  verify.py     Verifier: split, check markers, details and similarity; drop and count failures
  generator.py  LLMGenerator: prompt | model | parser, streamed under a deadline, then verified
  answer.py     generated_answer() / stream_generated_answer(): deterministic Answer in, verified
                generated Answer (or the deterministic one with a fallback note) out
  calibrate.py  `python -m kb.llm.calibrate`: how the similarity floor was measured

Nothing here is imported by the default (HIPAA_GUIDE_LLM=none) path, and the provider packages
(requirements-llm.txt) are imported only when a model is built.
"""
