"""The chat model HIPAA_GUIDE_LLM names, as a LangChain `BaseChatModel` (provider packages imported late).

    HIPAA_GUIDE_LLM = none                 no model (the extractive answer only)
                    | bedrock:<model id>   langchain-aws ChatBedrockConverse; the standard AWS
                                           credential chain, AWS_REGION (or AWS_DEFAULT_REGION)
                    | openai:<model>       langchain-openai ChatOpenAI; OPENAI_BASE_URL for any
                                           OpenAI-compatible server, OPENAI_API_KEY

Both packages are optional (`pip install -r requirements-llm.txt`); the default offline path never
imports them.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from kb.config import Settings

PROVIDERS = ("bedrock", "openai")
# What a local server gets as API key when OPENAI_BASE_URL is set and OPENAI_API_KEY is not:
# Ollama, llama.cpp's server, vLLM and LM Studio accept any value unless started with a key.
LOCAL_API_KEY = "not-needed"


@dataclass(frozen=True)
class ModelSpec:
    """A parsed HIPAA_GUIDE_LLM value: provider ("bedrock" | "openai") and the provider's model id."""

    provider: str
    model: str

    @property
    def label(self) -> str:
        """What an answer records as its `model`, e.g. "openai:gpt-4o-mini"."""
        return f"{self.provider}:{self.model}"


def parse_spec(value: str) -> ModelSpec | None:
    """`none` (or empty) -> None; `provider:model` -> ModelSpec. Raises ConfigError otherwise."""
    value = (value or "").strip()
    if value.lower() in ("", "none"):
        return None
    provider, sep, model = value.partition(":")
    provider = provider.strip().lower()
    if not sep or provider not in PROVIDERS or not model.strip():
        raise ConfigError(f"HIPAA_GUIDE_LLM={value!r} is invalid: use none, bedrock:<model id> "
                          "(e.g. bedrock:anthropic.claude-3-5-haiku-20241022-v1:0) or openai:<model> "
                          "(e.g. openai:gpt-4o-mini, or a local server's model name with OPENAI_BASE_URL).")
    return ModelSpec(provider, model.strip())


def build_chat_model(settings: Settings, env: Mapping[str, str] | None = None) -> tuple[ModelSpec, BaseChatModel]:
    """The chat model the settings name, ready to call. Raises ConfigError when HIPAA_GUIDE_LLM is
    none or malformed, when the provider package is not installed, or when its region or key is
    missing (the message says which variable to set). Nothing is sent over the network here."""
    spec = parse_spec(settings.llm)
    if spec is None:
        raise ConfigError("No language model is configured: set HIPAA_GUIDE_LLM to bedrock:<model id> "
                          "or openai:<model> (see the README's Generated answers section).")
    if settings.llm_timeout_s <= 0:
        raise ConfigError(f"HIPAA_GUIDE_LLM_TIMEOUT_S={settings.llm_timeout_s} is invalid: give seconds > 0.")
    env = os.environ if env is None else env
    if spec.provider == "bedrock":
        return spec, _bedrock(spec, settings, env)
    return spec, _openai(spec, settings, env)


def _bedrock(spec: ModelSpec, settings: Settings, env: Mapping[str, str]) -> BaseChatModel:
    try:
        import boto3
        from langchain_aws import ChatBedrockConverse
    except ImportError as exc:
        raise ConfigError("HIPAA_GUIDE_LLM names Bedrock, but langchain-aws is not installed: "
                          "pip install -r requirements-llm.txt") from exc
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    if not region:
        raise ConfigError("HIPAA_GUIDE_LLM names Bedrock, but no AWS region is set: "
                          "set AWS_REGION to the region where the model is enabled (e.g. us-east-1).")
    if boto3.Session(region_name=region).get_credentials() is None:
        raise ConfigError("HIPAA_GUIDE_LLM names Bedrock, but no AWS credentials were found: configure the "
                          "standard chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an "
                          "instance role) with bedrock:InvokeModel permission.")
    return ChatBedrockConverse(model=spec.model, region_name=region, max_tokens=settings.llm_max_tokens,
                               temperature=0.0, timeout=int(max(1, settings.llm_timeout_s)), max_retries=1)


def _openai(spec: ModelSpec, settings: Settings, env: Mapping[str, str]) -> BaseChatModel:
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:
        raise ConfigError("HIPAA_GUIDE_LLM names an OpenAI-compatible model, but langchain-openai is not "
                          "installed: pip install -r requirements-llm.txt") from exc
    base_url = env.get("OPENAI_BASE_URL") or None
    key = env.get("OPENAI_API_KEY") or (LOCAL_API_KEY if base_url else None)
    if not key:
        raise ConfigError("HIPAA_GUIDE_LLM names an OpenAI model, but OPENAI_API_KEY is not set: set it, or set "
                          "OPENAI_BASE_URL to your own server (Ollama, vLLM, llama.cpp, LM Studio).")
    # ChatOpenAI sends max_completion_tokens; self-hosted servers (llama.cpp's among them) read only the
    # older max_tokens, so it is added to the request body for them.
    extra = {"max_tokens": settings.llm_max_tokens} if base_url else None
    return ChatOpenAI(model=spec.model, base_url=base_url, api_key=key, max_tokens=settings.llm_max_tokens,
                      temperature=0.0, timeout=settings.llm_timeout_s, max_retries=1, extra_body=extra)
