"""Every fixed user-facing wording of answers, per language (Korean, Chinese, English): the frames
around the team's statements and the quoted guidance. Front ends add only their own labels."""
from __future__ import annotations

import re

ELIGIBLE_SERVICES_URL = "https://aws.amazon.com/compliance/hipaa-eligible-services-reference/"

PHRASES: dict[str, dict[str, str]] = {
    "ko": {
        "lang_ko": "한국어", "lang_zh": "중국어", "lang_en": "영어",
        "summary_note": "각 항목은 HIPAA Guide의 요약이며, [n]은 출처 문서의 원문 인용입니다 ({sources}).",
        "edition": "{title} {language}판",
        "verdict_customer": "**고객 책임입니다.**", "verdict_customer_general": "**고객 책임입니다 (모든 서비스에 적용되는 규칙에 따름).**", "verdict_aws": "**AWS 책임입니다.**", "verdict_yes": "**예.**", "verdict_yes_general": "**예 (모든 서비스에 적용되는 규칙에 따름).**", "verdict_no": "**아니요.**", "verdict_required": "**필수입니다.**", "verdict_required_general": "**필수입니다 (모든 서비스에 적용되는 규칙에 따름).**", "verdict_not_required": "**필수가 아닙니다.**", "verdict_not_required_general": "**필수가 아닙니다 (모든 서비스에 적용되는 규칙에 따름).**", "verdict_no_general": "**아니요 (모든 서비스에 적용되는 규칙에 따름).**", "verdict_recommended": "**권장 사항입니다.**", "verdict_discouraged": "**권장하지 않습니다.**",
        "verdict_optional": "**선택 사항입니다.**", "verdict_no_done": "**직접 할 일은 없습니다. 서비스가 이미 암호화합니다.**", "verdict_no_copies": "**따로 할 일은 없습니다. 암호화된 인스턴스의 백업, 복제본, 스냅샷은 함께 암호화됩니다. 인스턴스 자체는 암호화해야 합니다.**", "verdict_optional_general": "**그 자체가 필수는 아닙니다. 모든 서비스에 적용되는 규칙이 요구하는 것은 다음이며, 질문하신 것은 이를 충족하는 한 가지 방법입니다.**", "verdict_conditional": "**예, 조건이 있습니다.**", "verdict_conditional_beside": "**예, PHI 워크로드에서 사용할 수 있습니다. 단, 서비스 자체에는 PHI를 두지 않습니다.**",
        "verdict_unlisted": "**명시된 조건에는 해당하지 않습니다. 문서가 나열하는 것은 다음뿐입니다.**",
        "verdict_unstated": "**문서에 명시되어 있지 않습니다.**",
        "verdict_unrequired": "**문서는 필수라고 하지 않습니다.**",
        "verdict_unrequired_general": "**문서는 필수라고 하지 않습니다.**",
        "no_phi": "**문서의 지침은 PHI에 대한 것입니다.** PHI가 없는 데이터에 무엇이 필요한지는 말하지 않습니다. 아래는 PHI를 둘 때 문서가 말하는 내용입니다.",
        "verdict_unstated_variant": "**문서는 {variant}을(를) 언급하지 않습니다.** 문서가 다루는 것은 {service}입니다(아래). PHI를 저장하기 전에 "
                                    "AWS HIPAA 적격 서비스 참조({url})에서 {variant}을(를) 확인하십시오.",
        "variant_beside": "**문서는 {variant}을(를) 언급하지 않습니다.** 아래는 문서가 {service}에 대해 말하는 내용이며, {variant}에도 "
                          "적용되는지는 확인이 필요합니다.",
        "verdict_unstated_default": "**문서에는 기본으로 적용된다는 내용이 없습니다. 문서가 말하는 내용은 아래와 같습니다.**",
        "verdict_unstated_existing": "**문서에는 이미 만든 리소스에서 바꿀 수 있는지 나와 있지 않습니다. 문서가 말하는 내용은 아래와 같습니다.**",
        "eligible_each": "{services}은(는) 각각 HIPAA 적격 서비스를 다루는 AWS HIPAA 백서(2022-09-28)에 자체 섹션이 있으며{sections_cite}, BAA는 "
                         "PHI를 적격 서비스에서만 처리하도록 합니다{cite}. "
                         "PHI를 저장하기 전에 AWS HIPAA 적격 서비스 참조({url})에서 현재도 적격인지 확인하십시오.",
        "eligible": "{service}은(는) HIPAA 적격 서비스를 다루는 AWS HIPAA 백서(2022-09-28)에 자체 섹션이 있으며{sections_cite}, BAA는 PHI를 "
                    "적격 서비스에서만 처리하도록 합니다{cite}. "
                    "PHI를 저장하기 전에 AWS HIPAA 적격 서비스 참조({url})에서 현재도 적격인지 확인하십시오.",
        "not_covered_topic": "{section} 섹션에는 {topic}에 대한 지침이 없습니다.",
        "party_unsaid": "{section} 섹션은 누가 책임지는지 말하지 않습니다.",
        "misspelled": "질문의 “{written}”을(를) {name}(으)로 보고 답했습니다.",
        "no_comparison": "문서는 이 서비스들({names})을 서로 비교하거나 어느 쪽을 권장하지 않습니다. 위는 각 섹션이 말하는 내용입니다.",
        "cloud_asked": "**{names}은(는) 이 문서들의 범위(AWS) 밖이므로, 문서는 {names}을(를) PHI와 함께 써도 되는지 말하지 않습니다.** 아래는 질문한 AWS 서비스에 대해 문서가 말하는 내용입니다.",
        "cloud_beside": "{names}은(는) 이 문서들의 범위(AWS) 밖이므로, 위 답변은 질문한 AWS 서비스에 대해서만 다루며 {names}과(와) 비교하지 않습니다.",
        "detail_unstated": "문서에는 이 질문의 {detail}이(가) 나와 있지 않습니다.{below}",
        "detail_below": " 아래는 문서가 이에 대해 말하는 내용입니다.",
        "term_unstated": "문서는 {detail}에 대해 다루지 않습니다.{below}",
        "term_below": " 아래는 문서가 관련해 말하는 내용입니다.",
        "term_of_below": " 아래는 문서가 관련해 말하는 내용입니다.",
        "unstated_end": "",
        "term_unstated_of": "{sections} 섹션은 {detail}에 대해 다루지 않습니다.{below}",
        "term_unstated_of_many": "{sections} 섹션은 {detail}에 대해 다루지 않습니다.{below}",
        "asked_of": "대화의 질문을 이 서비스에 대해 다시 물은 것으로 보고 답했습니다: “{question}”",
        "pointers": "문서에서 이 주제를 다루는 곳:",
        "option_mark": "한 가지 방법: ",
        "scope": "적용 범위: {scope}",
        "quoted": "원문: “{quote}”",
        "refers_previous": "이 섹션에는 자체 지침이 없고, 이전 섹션({other})을 참조하라고 합니다. 그 지침은 아래와 같습니다.",
        "context_used": "대화(또는 선택한 서비스 필터)의 {names}에 대한 답변입니다.",
        "restated_sure": "직전 질문(“{question}”)에 다시 답했습니다. 아래 인용은 문서 원문 그대로입니다.",
        "formerly": "{service}의 이전 명칭은 {former}입니다(백서 기준). 그 이름으로 된 지침도 함께 보여 드립니다.",
        "formerly_forbids": "{service}의 이전 명칭은 {former}입니다(백서 기준). 그 이름으로 된 지침도 함께 보여 드립니다. PHI를 "
                            "들이지 말라는 것은 {former} 섹션만의 지침이며, {service} 섹션에는 그런 말이 없습니다.",
        "restated_why": "직전 질문(“{question}”)에 다시 답했습니다. 문서가 이유를 밝히는 곳은 인용된 문장뿐입니다.",
        "restated_edition": "직전 질문(“{question}”)에 백서 {language}판을 인용해 다시 답했습니다.",
        "context_topics": "이전 질문과 같은 주제({topics})에 대한 질문으로 읽었습니다.",
        "archived": "⚠ {title}은(는) 보관(archived)된 {year}년 문서이므로 최신 지침과 다를 수 있습니다.",
        "unofficial": "⚠ {title}은(는) AWS 발행물이 아닌 개인 학습 노트입니다. 설계 검토에는 AWS 문서의 근거를 함께 확인하십시오.",
        "not_covered_also": "참고: {names}은(는) 제공된 문서에서 다루지 않습니다. PHI를 저장하기 전에 HIPAA 적격 여부를 확인하십시오.",
        "not_covered_mentioned_also": "참고: {names}에 대한 섹션은 없고, 문서는 {sections}에서 언급만 합니다(따로 질문하면 그 내용을 보여 드립니다). PHI를 저장하기 전에 HIPAA 적격 여부를 확인하십시오.",
        "uncovered_related": "HIPAA 백서에는 {names}에 대한 섹션이 없습니다. 아래는 관련 문서가 이에 대해 말하는 내용이며, HIPAA 적격 여부는 AWS HIPAA 적격 서비스 참조({url})에서 확인하십시오.",
        "uncovered_mentioned": "{names}에 대한 섹션은 없습니다. 아래는 문서가 다른 섹션에서 이를 언급하는 내용뿐이며, HIPAA 적격 여부는 AWS HIPAA 적격 서비스 참조({url})에서 확인하십시오.",
        "section_says": "이 섹션이 다루는 내용:",
        "nested_only": "문서는 이 내용을 {service} 섹션 안({section})에서만 다루며, 모든 서비스에 대한 지침으로 제시하지는 않습니다.",
        "no_service": "질문에 AWS 서비스가 없어 모든 서비스에 해당하는 지침을 보여 드립니다. 서비스를 지정하면 그 서비스의 지침을 보여 드립니다.",
        "family_same": "{others}의 내용 중 {first}와 같은 말로 된 것은 {first} 아래에 한 번만 표시했습니다.",
        "more_sections": "한 답변은 서비스를 {count}개까지 다룹니다. 여기에 표시하지 않은 서비스: {names}. 따로 질문하면 그 지침을 보여 드립니다.",
        "legal": "제공된 문서는 법률 문제({matters})를 다루지 않습니다. 미국 보건복지부(HHS, https://www.hhs.gov/hipaa) 자료나 법률 자문을 참고하십시오.",
        "legal_penalties": "HIPAA 위반 벌금·처벌", "legal_breach-notification": "침해 통지 기한",
        "legal_litigation": "소송·법적 책임", "legal_workforce-training": "직원 보안 교육 요건",
        "legal_privacy-rule": "최소 필요 기준 등 HIPAA 개인정보 보호 규칙의 기준",
        "legal_legal-review": "계약 조항의 법률 검토",
        "legal_other-laws": "개인정보보호법 등 HIPAA 외의 법률",
        "legal_other": "제공된 문서는 법률 문제({matters})를 다루지 않습니다. 해당 법률을 집행하는 감독 기관의 자료나 법률 자문을 참고하십시오.",
        "refuse": "제공된 문서{why}에서는 이 질문을 다루지 않습니다. 추측하여 답하지 않습니다.",
        "documents": "(AWS 백서 「Amazon Web Services에서 HIPAA 보안 및 규정 준수를 위한 설계」의 한국어판과 중국어판(2022-09-28), "
                     "그리고 관련 문서 세 가지: IAM 학습 노트, 보관된 2016년 「AWS 보안 모범 사례」, Amazon Forecast 데이터 보호 페이지)",
        "refuse_uncovered": " {names}에 대한 섹션이 없습니다.",
        "refuse_unmentioned": " 문서에는 {names}에 대한 언급이 없습니다.",
        "refuse_cloud": " {names}은(는) 이 문서들의 범위(AWS) 밖입니다.",
        "refuse_outside": " AWS 밖(온프레미스)에서 운영하는 소프트웨어는 이 문서들의 범위(AWS) 밖입니다.",
        "where_instead": "AWS 서비스가 PHI를 다룰 수 있는지는 AWS HIPAA 적격 서비스 참조({url})를 확인하십시오.",
        "closest": "문서가 다루는 서비스 중 가장 가까운 것: {names}.",
        "sep": ", ",
        "last_sep": ", ",
        "or_sep": " 또는 ",
        "labelled": "{label}: {text}",
    },
    "zh": {
        "lang_ko": "韓文", "lang_zh": "中文", "lang_en": "英文",
        "summary_note": "每一項是 HIPAA Guide 的摘要，[n] 是來源文件的原文引述（{sources}）。",
        "edition": "{title}（{language}版）",
        "verdict_customer": "**由客戶負責。**", "verdict_customer_general": "**由客戶負責（依適用於所有服務的規則）。**", "verdict_aws": "**由 AWS 負責。**", "verdict_yes": "**是。**", "verdict_yes_general": "**是（依適用於所有服務的規則）。**", "verdict_no": "**否。**", "verdict_required": "**必須。**", "verdict_required_general": "**必須（依適用於所有服務的規則）。**", "verdict_not_required": "**非必須。**", "verdict_not_required_general": "**非必須（依適用於所有服務的規則）。**", "verdict_no_general": "**否（依適用於所有服務的規則）。**", "verdict_recommended": "**建議這麼做。**", "verdict_discouraged": "**不建議。**",
        "verdict_optional": "**可選。**", "verdict_no_done": "**不需要您另外處理：服務已經會加密。**", "verdict_no_copies": "**不需要另外開啟：已加密執行個體的備份、複本和快照會一併加密；執行個體本身仍須加密。**", "verdict_optional_general": "**本身並非必要：適用於所有服務的規則要求的是以下內容，您所問的是滿足它的一種方式。**", "verdict_conditional": "**是，但有條件。**", "verdict_conditional_beside": "**可以用於 PHI 工作負載，但服務本身不放 PHI。**",
        "verdict_unlisted": "**不符合文件所列的條件；文件只列出以下範圍。**",
        "verdict_unstated": "**文件未說明。**",
        "verdict_unrequired": "**文件沒有說這是必要的。**",
        "verdict_unrequired_general": "**文件沒有說這是必要的。**",
        "no_phi": "**文件的規定是針對 PHI 的。** 文件沒有說明不含 PHI 的資料需要什麼；以下是存放 PHI 時文件的說法。",
        "verdict_unstated_variant": "**文件沒有提到 {variant}。** 文件涵蓋的是 {service}（見下文）；存放 PHI 之前，請在 AWS HIPAA 合格服務參考資料"
                                    "（{url}）中確認 {variant}。",
        "variant_beside": "**文件沒有提到 {variant}。** 以下是文件對 {service} 的說明，是否也適用於 {variant} 需要另行確認。",
        "verdict_unstated_default": "**文件沒有說明預設即會啟用；以下是文件的相關內容。**",
        "verdict_unstated_existing": "**文件沒有說明已建立的資源能否變更此設定；以下是文件的相關內容。**",
        "eligible_each": "{services} 在涵蓋符合 HIPAA 資格服務的 AWS HIPAA 白皮書（2022-09-28）中各有自己的章節{sections_cite}；BAA 只允許在"
                         "符合資格的服務中處理 PHI{cite}。"
                         "存放 PHI 前，請到 AWS HIPAA 合格服務參考（{url}）確認它們目前仍符合資格。",
        "eligible": "{service} 在涵蓋符合 HIPAA 資格服務的 AWS HIPAA 白皮書（2022-09-28）中有自己的章節{sections_cite}；BAA 只允許在"
                    "符合資格的服務中處理 PHI{cite}。"
                    "存放 PHI 前，請到 AWS HIPAA 合格服務參考（{url}）確認它目前仍符合資格。",
        "not_covered_topic": "{section} 章節沒有關於{topic}的指引。",
        "party_unsaid": "{section} 章節沒有說明由誰負責。",
        "misspelled": "已將問題中的「{written}」視為 {name} 來回答。",
        "no_comparison": "文件沒有比較這些服務（{names}），也沒有建議選用哪一個；以上是各章節的內容。",
        "cloud_asked": "**{names} 不在這些文件（AWS）的範圍內：文件沒有說明 {names} 能否用於 PHI。** 以下是文件對所問 AWS 服務的說明。",
        "cloud_beside": "{names} 不在這些文件（AWS）的範圍內：以上只回答所問的 AWS 服務，並未與 {names} 比較。",
        "detail_unstated": "文件沒有提供此問題的{detail}{below}",
        "detail_below": "；以下是文件中的相關內容。",
        "term_unstated": "文件沒有談到{detail}{below}",
        "term_below": "；以下是文件中的相關內容。",
        "term_of_below": "；以下是文件中的相關內容。",
        "unstated_end": "。",
        "term_unstated_of": "{sections} 章節沒有談到{detail}{below}",
        "term_unstated_of_many": "{sections} 章節沒有談到{detail}{below}",
        "asked_of": "已將對話中的問題改為詢問此服務來回答：「{question}」",
        "pointers": "文件中談到此主題之處：",
        "option_mark": "一種方式：",
        "scope": "適用範圍：{scope}",
        "quoted": "原文：「{quote}」",
        "refers_previous": "本章節沒有自己的指引，而是請讀者參閱前一章節（{other}），其指引如下。",
        "context_used": "沿用對話（或所選服務篩選）中的 {names}。",
        "restated_sure": "再次回答上一個問題（「{question}」）；以下引述均為文件原文。",
        "formerly": "{service} 舊稱 {former}（白皮書所述），因此一併列出該名稱下的指引。",
        "formerly_forbids": "{service} 舊稱 {former}（白皮書所述），因此一併列出該名稱下的指引。不得讓 PHI 流入的規定只出現在 "
                            "{former} 章節，{service} 自己的章節沒有這樣說。",
        "restated_why": "再次回答上一個問題（「{question}」）；文件只在引述的句子中說明理由。",
        "restated_edition": "以白皮書{language}版的引述再次回答上一個問題（「{question}」）。",
        "context_topics": "依前一個問題的主題（{topics}）解讀此問題。",
        "archived": "⚠ 引用來源中的 {title} 是已封存的 {year} 年文件，可能與最新指引不同。",
        "unofficial": "⚠ 引用來源中的 {title} 是個人學習筆記，並非 AWS 出版品；用於設計審查時請一併確認 AWS 文件的依據。",
        "not_covered_also": "注意：所提供的文件未涵蓋 {names}。存放 PHI 前請先確認其 HIPAA 資格。",
        "not_covered_mentioned_also": "注意：文件沒有 {names} 的章節，只在{sections}中提到它（單獨詢問即可看到相關內容）。存放 PHI 前請先確認其 HIPAA 資格。",
        "uncovered_related": "HIPAA 白皮書沒有 {names} 的章節；以下是相關文件談到它的內容。其 HIPAA 資格請查閱 AWS HIPAA 合格服務參考（{url}）。",
        "uncovered_mentioned": "文件沒有 {names} 的章節；以下只是文件在其他章節中提到它的內容。其 HIPAA 資格請查閱 AWS HIPAA 合格服務參考（{url}）。",
        "section_says": "本章節談到的內容：",
        "nested_only": "文件僅在 {service} 章節內（{section}）談到此內容，並未將其列為適用於所有服務的指引。",
        "no_service": "問題中沒有指明 AWS 服務，以下是適用於所有服務的指引；指明服務即可看到該服務的指引。",
        "family_same": "{others} 與 {first} 說法相同的內容，只在 {first} 下列出一次。",
        "more_sections": "每則回答最多涵蓋 {count} 項服務；此處未列出：{names}。單獨詢問即可看到其指引。",
        "legal": "所提供的文件不涵蓋法律問題（{matters}）。請參考美國衛生及公共服務部（HHS，https://www.hhs.gov/hipaa）或法律顧問。",
        "legal_penalties": "HIPAA 違規罰款與處罰", "legal_breach-notification": "違規通知期限",
        "legal_litigation": "訴訟與法律責任", "legal_workforce-training": "員工資安教育訓練的要求",
        "legal_privacy-rule": "最低必要標準等 HIPAA 隱私規則的標準",
        "legal_legal-review": "合約條款的法律審查",
        "legal_other-laws": "個人資料保護法等 HIPAA 以外的法律",
        "legal_other": "所提供的文件不涵蓋法律問題（{matters}）。請參考執行該法律之主管機關的資料或法律顧問。",
        "refuse": "所提供的文件{why}未涵蓋此問題。不做推測性回答。",
        "documents": "（AWS 白皮書〈Amazon Web Services 上的 HIPAA 安全與合規架構〉的韓文版與中文版（2022-09-28），"
                     "以及三份相關文件：IAM 學習筆記、已封存的 2016 年〈AWS 安全最佳實務〉、Amazon Forecast 資料保護頁面）",
        "refuse_uncovered": "文件中沒有 {names} 的章節。",
        "refuse_unmentioned": "文件中沒有提到 {names}。",
        "refuse_cloud": "{names} 不在這些文件（AWS）的範圍內。",
        "refuse_outside": "在 AWS 以外（地端）執行的軟體不在這些文件（AWS）的範圍內。",
        "where_instead": "某項 AWS 服務能否處理 PHI，請查看 AWS HIPAA 合格服務參考（{url}）。",
        "closest": "最接近的已涵蓋服務：{names}。",
        "sep": "、",
        "last_sep": "、",
        "or_sep": "或",
        "labelled": "{label}：{text}",
    },
    "en": {
        "lang_ko": "Korean", "lang_zh": "Chinese", "lang_en": "English",
        "summary_note": "Each line is HIPAA Guide's summary; [n] quotes the source's own words ({sources}).",
        "edition": "{title}, {language} edition",
        "verdict_customer": "**The customer's.**", "verdict_customer_general": "**The customer's, by the rule for every service.**", "verdict_aws": "**AWS's.**", "verdict_yes": "**Yes.**", "verdict_yes_general": "**Yes, by the rule for every service.**", "verdict_no": "**No.**", "verdict_required": "**Required.**", "verdict_required_general": "**Required, by the rule for every service.**", "verdict_not_required": "**Not required.**", "verdict_not_required_general": "**Not required, by the rule for every service.**", "verdict_no_general": "**No, by the rule for every service.**", "verdict_recommended": "**Recommended.**", "verdict_discouraged": "**Not recommended.**",
        "verdict_optional": "**Optional.**", "verdict_no_done": "**No step of yours: the service already encrypts it.**", "verdict_no_copies": "**Not separately: the backups, replicas and snapshots of an encrypted instance are encrypted with it; the instance itself must be encrypted.**", "verdict_optional_general": "**Not as such: the rule for every service requires this, and what you asked about is one way to meet it.**", "verdict_conditional": "**Yes, with conditions.**", "verdict_conditional_beside": "**Yes, in a PHI workload, with no PHI in the service itself.**",
        "verdict_unlisted": "**Not as written: the documents list only these.**",
        "verdict_unstated": "**The documents do not say.**",
        "verdict_unrequired": "**The documents do not say it is required.**",
        "verdict_unrequired_general": "**The documents do not say it is required.**",
        "no_phi": "**The documents' rules are for PHI.** They do not say what data that holds none needs; below is what they say for PHI.",
        "verdict_unstated_variant": "**The documents do not name {variant}.** They cover {service} (below); confirm {variant} in "
                                    "the AWS HIPAA Eligible Services Reference ({url}) before storing PHI.",
        "variant_beside": "**The documents do not name {variant}.** What they say of {service} is below; whether it "
                          "holds for {variant} is not stated.",
        "verdict_unstated_default": "**The documents do not say it is on by default; what they say is below.**",
        "verdict_unstated_existing": "**The documents do not say whether this can be changed on a resource that already exists; what they say is below.**",
        "eligible_each": "{services} each have their own section in the AWS HIPAA whitepaper (2022-09-28), which "
                         "covers HIPAA-eligible services{sections_cite}; the BAA allows PHI only in eligible services{cite}. Before "
                         "storing PHI, confirm they are still listed in the AWS HIPAA Eligible Services Reference ({url}).",
        "eligible": "{service} has its own section in the AWS HIPAA whitepaper (2022-09-28), which covers "
                    "HIPAA-eligible services{sections_cite}; the BAA allows PHI only in eligible services{cite}. Before storing PHI, "
                    "confirm it is still listed in the AWS HIPAA Eligible Services Reference ({url}).",
        "not_covered_topic": "The {section} section has no guidance on {topic}.",
        "party_unsaid": "The {section} section does not say who is responsible.",
        "misspelled": "Read “{written}” in the question as {name}.",
        "no_comparison": "The documents do not compare these services ({names}) or recommend one over another; the above is what each section says.",
        "cloud_asked": "**{names} is outside these documents' scope (AWS): they do not say whether {names} may be used with PHI.** What they say of the AWS services asked is below.",
        "cloud_beside": "{names} is outside these documents' scope (AWS): the answer above covers only the AWS services asked about and does not compare them with {names}.",
        "detail_unstated": "The documents do not give {detail} for this{below}",
        "detail_below": "; what they do say is below.",
        "term_unstated": "The documents do not speak of {detail}{below}",
        "term_below": "; what they do say is below.",
        "term_unstated_of": "The {sections} section does not speak of {detail}{below}",
        "term_unstated_of_many": "The {sections} sections do not speak of {detail}{below}",
        "asked_of": "Answered as the conversation's question asked of this service: “{question}”",
        "term_of_below": "; what the documents do say is below.",
        "unstated_end": ".",
        "pointers": "Where the documents speak of it:",
        "option_mark": "One way: ",
        "scope": "Scope: {scope}",
        "quoted": "The source says (no summary of ours): “{quote}”",
        "refers_previous": "This section has no guidance of its own; it refers to the previous section, {other}, answered below.",
        "context_used": "Answering for {names}, taken from this conversation (or the service filter).",
        "restated_sure": "Your last question (“{question}”) answered again: each quote below is the documents' own words.",
        "formerly": "{service} was formerly named {former} (as the whitepaper says), so the guidance under that name is listed too.",
        "formerly_forbids": "{service} was formerly named {former} (as the whitepaper says), so the guidance under that name is "
                            "listed too; only the {former} section says PHI must not flow into it, {service}'s own section "
                            "does not.",
        "restated_why": "Your last question (“{question}”) answered again: the documents give a reason only where a quoted sentence states one.",
        "restated_edition": "Your last question (“{question}”) answered again, quoting the whitepaper's {language} edition; the answer's own lines stay in English.",
        "context_topics": "Read as asking about the previous question's topics: {topics}.",
        "archived": "⚠ {title} is an archived {year} paper: its guidance may be out of date.",
        "unofficial": "⚠ {title} are personal study notes, not an AWS publication: check an AWS document before a design review relies on them.",
        "not_covered_also": "Note: the documents do not cover {names}; confirm HIPAA eligibility before storing PHI.",
        "not_covered_mentioned_also": "Note: the documents have no section on {names}; they mention it only in {sections} (ask about it on its own to see what they say). Confirm HIPAA eligibility before storing PHI.",
        "uncovered_related": "The HIPAA whitepaper has no section on {names}; below is what the related documents say of it. Check its HIPAA eligibility in the AWS HIPAA Eligible Services Reference ({url}).",
        "uncovered_mentioned": "The documents have no section on {names}; below is only what they say of it in other sections. Check its HIPAA eligibility in the AWS HIPAA Eligible Services Reference ({url}).",
        "section_says": "What the section does say:",
        "nested_only": "The documents speak of this only inside the {service} section ({section}); they do not state it as guidance for every service.",
        "no_service": "No AWS service was named, so this is the guidance for every service; name a service to see its own guidance.",
        "family_same": "What {others} say in the same words as {first} is listed once, under {first}.",
        "more_sections": "An answer covers up to {count} services; not shown here: {names}. Ask about them on their own "
                         "for their guidance.",
        "legal": "The documents do not cover legal matters ({matters}); see the US Department of Health and Human "
                 "Services (https://www.hhs.gov/hipaa) or your counsel.",
        "legal_penalties": "HIPAA penalties and fines", "legal_breach-notification": "breach-notification deadlines",
        "legal_litigation": "lawsuits and legal liability", "legal_workforce-training": "workforce security training",
        "legal_privacy-rule": "the Privacy Rule's standards, such as minimum necessary",
        "legal_legal-review": "the legal review of contract clauses",
        "legal_other-laws": "privacy laws other than HIPAA, such as PIPA or GDPR",
        "legal_other": "The documents do not cover legal matters ({matters}); see the authority that enforces that law "
                       "or your counsel.",
        "refuse": "The documents {why}do not cover this. I won't guess.",
        "documents": "(the Korean and Chinese editions of the AWS whitepaper \"Architecting for HIPAA Security and "
                     "Compliance on Amazon Web Services\", 2022-09-28, and three related documents: Korean IAM study "
                     "notes, the archived 2016 \"AWS Security Best Practices\", and the Amazon Forecast "
                     "data-protection page) ",
        "refuse_uncovered": " They have no section on {names}.",
        "refuse_unmentioned": " They never mention {names}.",
        "refuse_cloud": " {names}: outside their scope (AWS).",
        "refuse_outside": " Software run outside AWS (on premises) is outside their scope (AWS).",
        "where_instead": "Whether an AWS service may hold PHI: see the AWS HIPAA Eligible Services Reference ({url}).",
        "closest": "Closest covered services: {names}.",
        "sep": ", ",
        "last_sep": " and ",
        "or_sep": " or ",
        "labelled": "{label}: {text}",
    },
}


def phrase(lang: str, key: str, **values: str) -> str:
    """The wording `key` in `lang` (English for any other language), with `values` filled in. A Korean
    particle written both ways ("은(는)") after a name is chosen by the name's last syllable when that is
    Hangul ("사례는", "서비스는"), or by the word before a parenthesis that ends the name, as Korean usage has
    it ("학습 노트 (IAM, KMS, S3 보안)는"); after a Latin name or a number, by how Korean readers say its end
    (`_closed_latin`: "AWS Lambda는", "CloudTrail은", "Amazon EMR은", "Route 53은")."""
    table = PHRASES.get(lang, PHRASES["en"])
    text = table[key].format(**values)
    return _PARTICLE.sub(_particle, text) if lang == "ko" else text


_PARTICLE = re.compile(r"([가-힣]|[A-Za-z0-9][A-Za-z0-9.\-]*)(\s*\([^()]*\))?(은\(는\)|이\(가\)|을\(를\)|과\(와\))")
# How Korean readers say the end of a Latin word or a number (the names in data/services.yaml): an acronym's last
# letter by its name (엘, 엠, 엔, 알 end in a consonant: "EMR은", "MySQL은"); a number's last digit in Sino-Korean (영, 일,
# 삼, 육, 칠, 팔: "Route 53은"); a word by its ending sound ("CloudTrail은", "Oracle은", "AWS Backup은", "Lambda는").
_CLOSED_LETTERS = "LMNR"
_CLOSED_DIGITS = "013678"
_CLOSED_ENDINGS = ("l", "le", "m", "n", "ng", "up", "ap", "it", "lk")


def _closed_latin(word: str) -> bool:
    """Does the Korean reading of a Latin word or number (`word`, non-empty) end in a consonant (batchim)?"""
    last = word.rstrip(".-")[-1:]
    if last.isdigit():
        return last in _CLOSED_DIGITS
    if last.isupper():
        return last in _CLOSED_LETTERS
    lower = word.lower()
    return lower.endswith(_CLOSED_ENDINGS)


def _particle(m: re.Match[str]) -> str:
    word = m.group(1)
    if re.fullmatch("[가-힣]", word):
        closed = (ord(word) - 0xAC00) % 28 != 0  # the syllable ends in a consonant (batchim)
    else:
        closed = _closed_latin(word)
    first, second = m.group(3)[0], m.group(3)[2]
    return word + (m.group(2) or "") + (first if closed else second)


def has_phrase(key: str) -> bool:
    """Is `key` worded in every language (ko, zh, en)?"""
    return all(key in PHRASES[lang] for lang in ("ko", "zh", "en"))


def legal_note(lang: str, matters: list[str]) -> str:
    """What the documents do not cover for the legal matters asked (out_of_scope.yaml ids), and where to look
    instead: the US HHS for HIPAA's own penalties and deadlines; for a question about another privacy law
    (PIPA, GDPR, 個資法), that law's own authority (its penalties are that law's)."""
    if "other-laws" in matters:  # "개인정보보호법 위반 과태료": the fine asked about is that law's, not HIPAA's
        return phrase(lang, "legal_other", matters=phrase(lang, "legal_other-laws"))
    named = phrase(lang, "sep").join(phrase(lang, f"legal_{m}") for m in matters)
    return phrase(lang, "legal", matters=named)


def language_name(lang: str, reader: str | None = None) -> str:
    """The name of language `lang` ("ko", "zh", "en") in the reader's language, by default in its own
    ("한국어", "中文", "English"); `lang` itself when unknown."""
    table = PHRASES.get(reader or lang) or PHRASES["en"]
    return table.get(f"lang_{lang}", lang)
