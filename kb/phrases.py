"""Fixed wording of answers in Korean, Chinese and English (frames around the quoted guidance)."""
from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "ko": {
        "intro": "**{service}** 관련 지침 ({source}):",
        "source_edition": "{title}",
        "quoted_from": "",
        "archived": "⚠ 인용된 출처 중 {title}은(는) 보관(archived)된 {year}년 문서이므로 최신 지침과 다를 수 있습니다.",
        "not_covered_also": "참고: {names}은(는) 제공된 문서에서 다루지 않습니다. PHI를 저장하기 전에 HIPAA 적격 여부를 확인하십시오.",
        "refuse": "제공된 문서(AWS HIPAA 백서 및 관련 자료)에서는 이 질문을 다루지 않습니다{why}. 추측하여 답하지 않습니다.",
        "refuse_uncovered": " — {names}에 대한 섹션이 없습니다",
        "refuse_cloud": " — {names}은(는) 이 문서들의 범위(AWS) 밖입니다",
        "closest": "가장 가까운 다루는 서비스: {names}.",
        "sep": ", ",
    },
    "zh": {
        "intro": "**{service}** 的指引（{source}）：",
        "source_edition": "{title}",
        "quoted_from": "",
        "archived": "⚠ 引用來源中的 {title} 是已封存的 {year} 年文件，可能與最新指引不同。",
        "not_covered_also": "注意：所提供的文件未涵蓋 {names}。存放 PHI 前請先確認其 HIPAA 資格。",
        "refuse": "所提供的文件（AWS HIPAA 白皮書及相關資料）未涵蓋此問題{why}。不做推測性回答。",
        "refuse_uncovered": "：文件中沒有 {names} 的章節",
        "refuse_cloud": "：{names} 不在這些文件（AWS）的範圍內",
        "closest": "最接近的已涵蓋服務：{names}。",
        "sep": "、",
    },
    "en": {
        "intro": "Guidance for **{service}** ({source}):",
        "source_edition": "{title}, {edition}",
        "quoted_from": "Quotes are verbatim from the source edition; the corpus has no English edition of it.",
        "archived": "⚠ {title} is an archived {year} paper: its guidance may be out of date.",
        "not_covered_also": "Note: the documents do not cover {names}; confirm HIPAA eligibility before storing PHI.",
        "refuse": "The documents (the AWS HIPAA whitepaper and related material) do not cover this{why}. "
                  "I won't guess.",
        "refuse_uncovered": ": they have no section on {names}",
        "refuse_cloud": ": {names} is outside their scope (AWS)",
        "closest": "Closest covered services: {names}.",
        "sep": ", ",
    },
}


def phrase(lang: str, key: str, **values: str) -> str:
    table = PHRASES.get(lang, PHRASES["en"])
    return table[key].format(**values)
