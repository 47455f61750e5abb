"""HIPAA_GUIDE_LLM: parsing, building the LangChain chat model, and one-line errors for what is missing."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.errors import ConfigError
from kb.llm.models import LOCAL_API_KEY, ModelSpec, build_chat_model, parse_spec


@pytest.fixture
def no_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An environment where boto3 finds no credentials and never asks an instance-metadata endpoint."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                 "AWS_DEFAULT_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                 "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))


def test_settings_read_the_llm_variables() -> None:
    s = Settings.from_env({"HIPAA_GUIDE_LLM": "openai:llama3.1", "HIPAA_GUIDE_LLM_TIMEOUT_S": "12.5",
                           "HIPAA_GUIDE_LLM_MAX_TOKENS": "300", "HIPAA_GUIDE_LLM_MASK_PII": "false"})
    assert (s.llm, s.llm_timeout_s, s.llm_max_tokens, s.llm_mask_pii) == ("openai:llama3.1", 12.5, 300, False)
    default = Settings.from_env({})
    assert (default.llm, default.llm_mask_pii) == ("none", True)


@pytest.mark.parametrize(("value", "spec"), [
    ("none", None), ("", None), ("NONE", None),
    ("openai:gpt-4o-mini", ModelSpec("openai", "gpt-4o-mini")),
    ("bedrock:anthropic.claude-3-5-haiku-20241022-v1:0",
     ModelSpec("bedrock", "anthropic.claude-3-5-haiku-20241022-v1:0")),  # model ids contain colons
    ("openai:qwen2.5:7b", ModelSpec("openai", "qwen2.5:7b")),
])
def test_parse_spec(value: str, spec: ModelSpec | None) -> None:
    assert parse_spec(value) == spec


@pytest.mark.parametrize("value", ["gpt-4o", "azure:gpt-4o", "openai:", "bedrock: "])
def test_malformed_setting_is_a_config_error_naming_the_forms(value: str) -> None:
    with pytest.raises(ConfigError, match=r"HIPAA_GUIDE_LLM=.* is invalid: use none, bedrock:<model id>"):
        parse_spec(value)


def test_openai_compatible_server_needs_no_key_and_gets_max_tokens() -> None:
    from langchain_openai import ChatOpenAI

    settings = Settings(llm="openai:gemma3-270m", llm_timeout_s=9.0, llm_max_tokens=222)
    spec, model = build_chat_model(settings, env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert spec.label == "openai:gemma3-270m" and isinstance(model, ChatOpenAI)
    assert model.model_name == "gemma3-270m" and model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.openai_api_key.get_secret_value() == LOCAL_API_KEY
    assert (model.request_timeout, model.max_tokens, model.extra_body) == (9.0, 222, {"max_tokens": 222})


def test_openai_without_key_or_base_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY is not set"):
        build_chat_model(Settings(llm="openai:gpt-4o-mini"), env={})


def test_missing_provider_package_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "langchain_openai", None)
    monkeypatch.setitem(sys.modules, "langchain_aws", None)
    with pytest.raises(ConfigError, match="langchain-openai is not installed: pip install -r requirements-llm.txt"):
        build_chat_model(Settings(llm="openai:x"), env={"OPENAI_API_KEY": "k"})
    with pytest.raises(ConfigError, match="langchain-aws is not installed"):
        build_chat_model(Settings(llm="bedrock:x"), env={"AWS_REGION": "us-east-1"})


def test_bedrock_without_region_is_a_config_error(no_aws: None) -> None:
    with pytest.raises(ConfigError, match="set AWS_REGION"):
        build_chat_model(Settings(llm="bedrock:amazon.nova-lite-v1:0"), env={})


def test_bedrock_without_credentials_is_a_config_error(no_aws: None) -> None:
    with pytest.raises(ConfigError, match="no AWS credentials were found"):
        build_chat_model(Settings(llm="bedrock:amazon.nova-lite-v1:0"), env={"AWS_REGION": "eu-central-1"})


def test_bedrock_model_is_built_from_the_standard_chain(no_aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from langchain_aws import ChatBedrockConverse

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "example-secret")
    spec, model = build_chat_model(Settings(llm="bedrock:amazon.nova-lite-v1:0", llm_max_tokens=500),
                                   env={"AWS_REGION": "eu-central-1"})
    assert isinstance(model, ChatBedrockConverse) and spec.label == "bedrock:amazon.nova-lite-v1:0"
    assert (model.model_id, model.region_name, model.max_tokens) == ("amazon.nova-lite-v1:0", "eu-central-1", 500)


def test_non_positive_timeout_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="HIPAA_GUIDE_LLM_TIMEOUT_S"):
        build_chat_model(Settings(llm="openai:x", llm_timeout_s=0.0), env={"OPENAI_API_KEY": "k"})


def test_knowledge_base_has_no_generator_by_default_and_imports_no_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "langchain_openai", None)  # importing it would fail
    assert KnowledgeBase(Settings(llm="none")).llm is None
    with pytest.raises(ConfigError):
        _ = KnowledgeBase(Settings(llm="openai:x")).llm
